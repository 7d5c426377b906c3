// RISC-V AIA: the per-hart INTC root, the IMSIC MSI parent (per-hart interrupt files, IDs 1..nr_ids, ID 1
// for IPIs, chained to INTC cause 9 - S-19) and the APLIC in MSI mode (TARGET registers) / direct mode.

import { composeMsg, delegate, writeMsg } from '../chip.js';
import { ERRNO, IRQ_SET_MASK_OK_DONE, IRQCHIP, IRQD } from '../constants.js';
import type { Machine } from '../machine.js';
import type { AplicSource, ImsicData, IrqDesc } from '../state.js';
import type { KindImpl } from './kind.js';
import { irqMoveIrqHook } from './hooks.js';
import { msiActivate, msiDeactivate } from './msi-leaf.js';

/** INTC root ops (per-hart local interrupts; hwirq = cause). */
export const INTC_KIND: KindImpl = {
    initRes: () => ({ t: 'none' }),
    alloc(m, descs, lvl, arg) {
        for (const d of descs) {
            d.levels[lvl].hwirq = arg.hwirq >= 0 ? arg.hwirq : d.levels[0].hwirq;
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `cause ${d.levels[lvl].hwirq}`, fn: 'riscv_intc_domain_alloc', ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    free() { /* nothing */ },
    self: {}
};

function imsicRes(m: Machine, domain: number) {
    const r = m.state.domains[domain].res;
    if (r.t !== 'imsic') throw new Error('not an IMSIC domain');
    return r;
}

/** `imsic_vector_alloc()`: CPU of the mask with most free IDs, first free ID. */
function allocId(m: Machine, domain: number, mask: number[], irq: number): { cpu: number; id: number } | null {
    const r = imsicRes(m, domain);
    const online = m.onlineCpus();
    let best = -1;
    let bestFree = 0;
    for (const c of mask) {
        if (!online.includes(c)) continue;
        const ids = r.harts[c].ids;
        let f = 0;
        for (let i = 1; i < ids.length; i++) if (ids[i] === -1) f++;
        if (f > bestFree) { bestFree = f; best = c; }
    }
    if (best < 0) return null;
    const ids = r.harts[best].ids;
    for (let i = 1; i < ids.length; i++) if (ids[i] === -1) { ids[i] = irq; return { cpu: best, id: i }; }
    return null;
}

/** The message of an IMSIC vector: the hart's interrupt-file page, data = ID. */
export function imsicMsg(m: Machine, domain: number, cpu: number, id: number): { addressLo: number; addressHi: number; data: number } {
    const base = m.topo.domains[domain].res.address;
    const hart = m.state.cpus[cpu]?.apicId ?? cpu;
    return { addressLo: (base + hart * 0x1000) >>> 0, addressHi: 0, data: id };
}

/** IMSIC base-domain ops. */
export const IMSIC_KIND: KindImpl = {
    initRes: (m, dom) => ({
        t: 'imsic',
        harts: m.topo.apicIds.map(() => {
            const ids = new Int32Array(dom.res.ids + 1).fill(-1);
            ids[0] = -2;
            if (!m.topo.options.imsicNoIpi) ids[1] = -2;
            return { ids, eie: new Uint8Array(dom.res.ids + 1), eip: new Uint8Array(dom.res.ids + 1) };
        })
    }),
    alloc(m, descs, lvl) {
        if (descs.length > 1) {
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `${descs.length} IMSIC vectors`, error: '-EOPNOTSUPP', fn: 'imsic_irq_domain_alloc', note: 'no multi-MSI (nr_irqs > 1)', ...m.at(descs[0], lvl) });
            else m.tick();
            return -ERRNO.EOPNOTSUPP;
        }
        const d = descs[0];
        const v = allocId(m, d.levels[lvl].domain, d.affinity, d.irq) ?? allocId(m, d.levels[lvl].domain, m.onlineCpus(), d.irq);
        if (!v) {
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: 'IMSIC ID', error: '-ENOSPC', fn: 'imsic_vector_alloc', ...m.at(d, lvl) });
            else m.tick();
            return -ERRNO.ENOSPC;
        }
        d.levels[lvl].c = { t: 'imsic', cpu: v.cpu, id: v.id };
        d.levels[lvl].hwirq = d.irq;
        d.effCpu = v.cpu;
        if (m.sink !== null) m.emit({ kind: 'alloc', resource: `IMSIC vector hart ${m.state.cpus[v.cpu].apicId} ID ${v.id}`, fn: 'imsic_irq_domain_alloc', note: 'installs handle_edge_irq; the leaf msi_init overrides it (S-17)', ...m.at(d, lvl) });
        else m.tick();
        return 0;
    },
    free(m, descs, lvl, unwind) {
        for (const d of descs) {
            const c = d.levels[lvl].c;
            if (c.t !== 'imsic') continue;
            const h = imsicRes(m, d.levels[lvl].domain).harts[c.cpu];
            h.ids[c.id] = -1; h.eie[c.id] = 0; h.eip[c.id] = 0;
            if (m.sink !== null) m.emit({ kind: 'free', resource: `IMSIC hart ${m.state.cpus[c.cpu].apicId} ID ${c.id}`, unwind, fn: 'imsic_irq_domain_free', ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate: () => 0,
    self: {
        mask(m, d, lvl) {
            const c = d.levels[lvl].c as ImsicData;
            imsicRes(m, d.levels[lvl].domain).harts[c.cpu].eie[c.id] = 0;
            d.levels[lvl].hwMasked = true;
            return 0;
        },
        unmask(m, d, lvl) {
            const c = d.levels[lvl].c as ImsicData;
            const h = imsicRes(m, d.levels[lvl].domain).harts[c.cpu];
            h.eie[c.id] = 1;
            d.levels[lvl].hwMasked = false;
            if (h.eip[c.id]) m.state.hwQueue.push({ t: 'imsic', a: d.levels[lvl].domain, b: c.cpu, c: c.id, d: 0 });
            return 0;
        },
        /** imsic_irq_ack() = irq_move_irq(): no EOI, reading TOPEI claimed it (S-6). */
        ack(m, d) { irqMoveIrqHook.fn(m, d); return 0; },
        /** imsic_irq_retrigger(): write the ID to the target hart's page. */
        retrigger(m, d, lvl) {
            const c = d.levels[lvl].c as ImsicData;
            if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: false, how: `write ID ${c.id} to hart ${m.state.cpus[c.cpu].apicId}`, fn: 'imsic_irq_retrigger', ...m.at(d, lvl) });
            else m.tick();
            m.state.hwQueue.push({ t: 'imsic', a: d.levels[lvl].domain, b: c.cpu, c: c.id, d: 1 });
            return 1;
        },
        compose(m, d, lvl, arg) {
            const c = d.levels[lvl].c as ImsicData;
            arg.msg = imsicMsg(m, d.levels[lvl].domain, c.cpu, c.id);
            return 0;
        },
        /**
         * imsic_irq_set_affinity(): a new (hart, ID), the device message rewritten through the leaf (via a
         * temporary (old hart, new ID) for leaves that cannot move in process context), pending moved (S-16).
         */
        set_affinity(m, d, lvl, arg) {
            const c = d.levels[lvl].c as ImsicData;
            const mask = arg.mask ?? [];
            const domain = d.levels[lvl].domain;
            if (mask.includes(c.cpu)) return IRQ_SET_MASK_OK_DONE;
            const v = allocId(m, domain, mask, d.irq);
            if (!v) return -ERRNO.ENOSPC;
            const h = imsicRes(m, domain).harts;
            const old = { cpu: c.cpu, id: c.id };
            if (m.sink !== null) m.emit({ kind: 'move', result: 'new vector', fn: 'imsic_irq_set_affinity', fromCpu: old.cpu, toCpu: v.cpu, changes: [{ what: 'IMSIC vector', before: `hart ${m.state.cpus[old.cpu].apicId} ID ${old.id}`, after: `hart ${m.state.cpus[v.cpu].apicId} ID ${v.id}` }], ...m.at(d, lvl) });
            else m.tick();
            const deferred = (m.domOf(d, 0).chipFlags & IRQCHIP.MOVE_DEFERRED) !== 0;
            if (deferred && v.id !== old.id) writeMsg(m, d, imsicMsg(m, domain, old.cpu, v.id));
            c.cpu = v.cpu;
            c.id = v.id;
            d.effCpu = v.cpu;
            const msg = composeMsg(m, d);
            if (msg) writeMsg(m, d, msg);
            // imsic_vector_move(): enable and pending state follow; the old ID is released.
            h[v.cpu].eie[v.id] = h[old.cpu].eie[old.id];
            if (h[old.cpu].eip[old.id]) {
                h[v.cpu].eip[v.id] = 1;
                m.state.hwQueue.push({ t: 'imsic', a: domain, b: v.cpu, c: v.id, d: 0 });
            }
            h[old.cpu].ids[old.id] = -1; h[old.cpu].eie[old.id] = 0; h[old.cpu].eip[old.id] = 0;
            return IRQ_SET_MASK_OK_DONE;
        }
    }
};

function aplicRes(m: Machine, d: IrqDesc) {
    const r = m.state.domains[d.levels[0].domain].res;
    if (r.t !== 'aplic') throw new Error('not an APLIC domain');
    return r;
}

/** The APLIC source of a desc. */
export function aplicSource(m: Machine, d: IrqDesc): AplicSource {
    return aplicRes(m, d).src[d.levels[0].hwirq];
}

/** APLIC forwards a pending, enabled source as an MSI (TARGET -> IMSIC page / EIID). */
export function aplicForward(m: Machine, d: IrqDesc): void {
    const s = aplicSource(m, d);
    if (!s.pending || !s.enabled) return;
    s.pending = false;
    m.state.hwQueue.push({ t: 'msg', a: d.inst, b: 0, c: 0, d: 0 });
}

/** APLIC in MSI mode (a per-device WIRED_TO_MSI domain). */
export const APLIC_MSI_KIND: KindImpl = {
    initRes: (_m, dom) => ({
        t: 'aplic',
        src: Array.from({ length: dom.res.sources + 1 }, () => ({ enabled: false, pending: false, asserted: false, level: false, hart: 0, guest: 0, eiid: 0 }))
    }),
    alloc(m, descs, lvl) {
        for (const d of descs) {
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `APLIC source ${d.levels[0].hwirq}`, fn: 'msi_device_domain_alloc_wired', note: 'hwirq + type in the instance cookie', ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    free(m, descs, lvl, unwind) {
        for (const d of descs) {
            const s = aplicSource(m, d);
            s.enabled = false; s.pending = false; s.eiid = 0; s.hart = 0;
            if (m.sink !== null) m.emit({ kind: 'free', resource: `APLIC source ${d.levels[0].hwirq}`, unwind, fn: 'msi_domain_free', ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d) { return msiActivate(m, d); },
    deactivate(m, d) { msiDeactivate(m, d); },
    self: {
        /** aplic_msi_irq_mask(): disable the source, then irq_chip_mask_parent. */
        mask(m, d) {
            aplicSource(m, d).enabled = false;
            d.levels[0].hwMasked = true;
            delegate(m, d, 0, 'mask', {});
            return 0;
        },
        /** aplic_msi_irq_unmask(): parent first, then enable the source (a pending source is forwarded). */
        unmask(m, d) {
            delegate(m, d, 0, 'unmask', {});
            const s = aplicSource(m, d);
            s.enabled = true;
            d.levels[0].hwMasked = false;
            aplicForward(m, d);
            return 0;
        },
        /** aplic_msi_irq_eoi(): a still-asserted level source is re-pended via setipnum_le. */
        eoi(m, d) {
            const s = aplicSource(m, d);
            if (s.level && s.asserted) { s.pending = true; aplicForward(m, d); }
            return 0;
        },
        set_type: () => 0,
        /** aplic_msi_write_msg(): TARGET[source] = {hart index, guest, EIID}; a zero message clears it. */
        write(m, d, _lvl, arg) {
            const msg = arg.msg!;
            const s = aplicSource(m, d);
            const imsic = m.domOf(d, 1);
            const before = `hart ${s.hart} EIID ${s.eiid}`;
            if (msg.addressLo === 0 && msg.data === 0) { s.hart = 0; s.eiid = 0; }
            else { s.hart = Math.floor((msg.addressLo - imsic.res.address) / 0x1000); s.eiid = msg.data; }
            m.state.instances[d.inst].writes++;
            if (m.sink !== null) m.emit({ kind: 'write', storage: 'aplic-target', entry: d.levels[0].hwirq, msg: { ...msg }, fn: 'aplic_msi_write_msg', changes: [{ what: `TARGET[${d.levels[0].hwirq}]`, before, after: `hart ${s.hart} EIID ${s.eiid}` }], ...m.at(d, 0) });
            else m.tick();
            return 0;
        }
    }
};

/** APLIC in direct mode (wired, delivered through per-hart IDCs; minimal model). */
export const APLIC_DIRECT_KIND: KindImpl = {
    initRes: APLIC_MSI_KIND.initRes,
    alloc(m, descs, lvl) {
        for (const d of descs) {
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `APLIC source ${d.levels[lvl].hwirq}`, fn: 'aplic_direct_irqdomain_alloc', ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    free() { /* nothing */ },
    activate(m, d) {
        const online = m.onlineCpus();
        d.effCpu = d.affinity.find((c) => online.includes(c)) ?? online[0] ?? 0;
        return 0;
    },
    self: {
        mask(m, d) { aplicSource(m, d).enabled = false; d.levels[0].hwMasked = true; return 0; },
        unmask(m, d) {
            const s = aplicSource(m, d);
            s.enabled = true;
            d.levels[0].hwMasked = false;
            if (s.pending) m.state.hwQueue.push({ t: 'msg', a: d.inst, b: 0, c: 0, d: 0 });
            return 0;
        },
        set_type: () => 0,
        set_affinity(_m, d, _lvl, arg) { if (arg.mask?.length) d.effCpu = arg.mask[0]; return 0; }
    }
};

/** Creates the chained cascade irq of each domain with `chainedTo` (INTC cause 9 -> imsic_handle_irq, S-19). */
export function createCascades(m: Machine): void {
    for (const dom of m.topo.domains) {
        if (dom.chainedTo < 0) continue;
        const root = m.topo.domains[dom.chainedTo];
        let irq = m.topo.options.firstIrq;
        while (m.state.descs[irq]) irq++;
        m.state.descs[irq] = {
            irq, inst: -1, flow: 'handle_percpu_devid_irq', depth: 0, istate: 0,
            state: IRQD.PER_CPU | IRQD.IRQ_STARTED | IRQD.ACTIVATED, affinity: m.state.cpus.map((_, i) => i), effCpu: -1,
            pendingMask: null, levels: [{ domain: root.index, hwirq: dom.chainedCause, hwMasked: false, activated: true, c: { t: 'index', index: dom.chainedCause } }],
            hasAction: true, threadsOneshot: false, count: 0, handled: 0, lastCpu: -1, lastVector: -1, lastStep: -1, reraise: 0,
            blockBase: irq, blockSize: 1, cascade: true
        };
        m.state.domains[root.index].revmap.set(dom.chainedCause, irq);
    }
}
