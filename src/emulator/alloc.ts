// Allocation and free of interrupts (kernel/irq/msi.c __msi_domain_alloc_irqs, irqdomain.c
// __irq_domain_alloc_irqs): index reservation, per-level alloc in each kind's order with unwinding,
// reverse maps at every level (S-1), early activation / reservation mode (S-10, S-11), leaf-first free.

import { KINDS } from '../kernel/model.js';
import { activateIrq, deactivateIrq, irqShutdown } from './core.js';
import { ERRNO, IRQD, MSI_FLAG } from './constants.js';
import type { Machine } from './machine.js';
import type { IrqData, IrqDesc } from './state.js';
import type { InstanceDef } from './topology.js';

function allocFault(m: Machine, def: InstanceDef, resource: string, err: number, note?: string): void {
    const dom = m.topo.domains[def.leaf];
    if (m.sink !== null) m.emit({ kind: 'alloc', resource, error: errStr(err), fn: 'msi_insert_desc', note, level: 0, domain: dom.kernelName, instance: def.name, loc: def.loc });
    else m.tick();
}

function errStr(err: number): string {
    for (const [k, v] of Object.entries(ERRNO)) if (v === -err) return '-' + k;
    return String(err);
}

/** Reserves leaf indices (msi_desc insertion / slot allocation). Returns indices or a negative errno. */
function reserveIndices(m: Machine, defs: InstanceDef[]): number[] | number {
    const def0 = defs[0];
    const dom = m.topo.domains[def0.leaf];
    const res = m.state.domains[def0.leaf].res;
    const used = res.t === 'index' ? res.used : null;
    const dev = def0.device >= 0 ? m.state.devices[def0.device] : null;
    if (dom.storage === 'msi') {
        if (!dev) return -ERRNO.ENODEV;
        if (dev.msiNvec > 0) { allocFault(m, def0, 'MSI capability', -ERRNO.EBUSY, 'MSI already enabled'); return -ERRNO.EBUSY; }
        return defs.map((_, i) => i);
    }
    let size = dom.res.size;
    if (dom.storage === 'msix') size = dev?.msix.length ?? 0;
    if (dom.storage === 'ims') size = dev?.ims.length ?? 0;
    if (dom.kind === 'aplic-msi') size = dom.res.sources + 1;
    if (dom.kind === 'ioapic') size = dom.res.entries;
    const taken = (i: number): boolean => {
        if (dom.storage === 'msix') return (dev!.msix[i]?.owner ?? -1) >= 0;
        if (dom.storage === 'ims') return (dev!.ims[i]?.owner ?? -1) >= 0;
        return used ? used.has(i) : m.state.domains[def0.leaf].revmap.has(i);
    };
    const out: number[] = [];
    const what = dom.storage === 'ims' ? 'IMS slot' : dom.storage === 'msix' ? 'MSI-X table entry' : 'index';
    if (dom.spec.slotAlloc === 'driver') m.fault(`${dom.kernelName}: slot chosen by driver code outside the domain (R-SLOT-IN-DOMAIN)`, 'warning', { domain: dom.kernelName, level: 0, loc: dom.loc });
    for (const def of defs) {
        let idx = def.hwIndex;
        const lo = dom.kind === 'aplic-msi' ? 1 : 0;
        if (idx < 0) {
            idx = -1;
            for (let i = lo; size === 0 || i < size; i++) if (!taken(i) && !out.includes(i)) { idx = i; break; }
            if (idx < 0) { allocFault(m, def, `${what} (any of ${size})`, -ERRNO.ENOSPC, `all ${size} in use`); return -ERRNO.ENOSPC; }
        } else if (size > 0 && idx >= size) {
            allocFault(m, def, `${what} ${idx}`, -ERRNO.ERANGE, `index >= hwsize ${size} (R-PCI-MSI-SIZE)`);
            return -ERRNO.ERANGE;
        } else if (taken(idx) || out.includes(idx)) {
            allocFault(m, def, `${what} ${idx}`, -ERRNO.EEXIST, 'hwirq already mapped (R-HWIRQ-UNIQUE)');
            return -ERRNO.EEXIST;
        }
        out.push(idx);
    }
    return out;
}

function markIndices(m: Machine, def: InstanceDef, idx: number, irq: number, on: boolean): void {
    const res = m.state.domains[def.leaf].res;
    if (res.t === 'index') { if (on) res.used.set(idx, irq); else res.used.delete(idx); }
    if (res.t === 'pins' && res.pins[idx]) res.pins[idx].level = def.level;
    if (res.t === 'aplic' && res.src[idx]) res.src[idx].level = def.level;
}

/** First run of n free Linux irq numbers (irq_domain_alloc_descs). */
function findIrqs(m: Machine, n: number): number {
    const descs = m.state.descs;
    for (let base = m.topo.options.firstIrq; ; base++) {
        let ok = true;
        for (let i = 0; i < n; i++) if (descs[base + i]) { ok = false; break; }
        if (ok) return base;
    }
}

function newDesc(m: Machine, def: InstanceDef, irq: number, index: number, base: number, size: number): IrqDesc {
    const levels: IrqData[] = def.chain.map((domain) => ({ domain, hwirq: 0, hwMasked: false, activated: false, c: { t: 'index', index: 0 } }));
    levels[0].hwirq = index;
    levels[0].c = { t: 'index', index };
    let state = IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED | (def.triggerBits & IRQD.TRIGGER_MASK);
    if (def.level) state |= IRQD.LEVEL;
    if (def.managed) state |= IRQD.AFFINITY_MANAGED;
    return {
        irq, inst: def.index, flow: def.flow, depth: 1, istate: 0, state,
        affinity: def.affinity ? def.affinity.slice() : m.state.cpus.map((_, i) => i), effCpu: -1, pendingMask: null,
        levels, hasAction: false, threadsOneshot: false, count: 0, handled: 0, lastCpu: -1, lastVector: -1, lastStep: -1,
        reraise: 0, blockBase: base, blockSize: size, cascade: false
    };
}

/** Allocates the levels lvl..root for a block in each kind's completion order (§2.2c); unwinds on failure. */
function allocLevel(m: Machine, descs: IrqDesc[], lvl: number, argHwirq: number): number {
    const d0 = descs[0];
    const dom = m.domOf(d0, lvl);
    const impl = m.impl[dom.index];
    const last = lvl === d0.levels.length - 1;
    if (dom.allocOrder === 'self-first') {
        const r = impl.alloc(m, descs, lvl, { hwirq: argHwirq });
        if (r !== 0) return r;
        if (!last) {
            const pa = impl.parentArg ? impl.parentArg(m, d0, lvl) : -1;
            const r2 = allocLevel(m, descs, lvl + 1, pa);
            if (r2 !== 0) { impl.free(m, descs, lvl, true); return r2; }
        }
        return 0;
    }
    if (!last) {
        const pa = impl.parentArg ? impl.parentArg(m, d0, lvl) : -1;
        const r = allocLevel(m, descs, lvl + 1, pa);
        if (r !== 0) return r;
    }
    const r2 = impl.alloc(m, descs, lvl, { hwirq: argHwirq });
    if (r2 !== 0) {
        // irq_domain_free_irqs_parent(): the parents allocated above are released again.
        for (let p = lvl + 1; p < d0.levels.length; p++) m.impl[m.domOf(d0, p).index].free(m, descs, p, true);
        return r2;
    }
    return 0;
}

/**
 * `irq_domain_trim_hierarchy()` (S-18): a level whose domain declares `ops { disconnect: self }` called
 * irq_domain_disconnect_hierarchy() during alloc; it and every level towards the root are cut off.
 */
function trimHierarchy(m: Machine, descs: IrqDesc[]): void {
    const d0 = descs[0];
    let cut = -1;
    for (let l = 1; l < d0.levels.length; l++) {
        const ops = m.domOf(d0, l).spec.ops;
        if (ops && ops['disconnect'] && ops['disconnect'].mode !== 'none') { cut = l; break; }
    }
    if (cut < 0) return;
    for (let l = cut; l < d0.levels.length; l++) {
        m.impl[m.domOf(d0, l).index].free(m, descs, l, false);
    }
    for (const d of descs) {
        if (m.sink !== null) m.emit({ kind: 'free', resource: `levels ${cut}..${d.levels.length - 1}`, fn: 'irq_domain_trim_hierarchy', note: `IRQ${d.irq}: trimming hierarchy from ${m.domOf(d, cut).kernelName}`, ...m.at(d, cut) });
        else m.tick();
        d.levels = d.levels.slice(0, cut);
    }
}

/** Is this allocation eligible for x86 reservation mode (`msi_check_reservation_mode()`)? */
function reservationEligible(m: Machine, def: InstanceDef): boolean {
    const dom = m.topo.domains[def.leaf];
    if (!m.topo.options.reservationMode || m.topo.arch !== 'x86_64') return false;
    if (!(dom.msiFlags & MSI_FLAG.MUST_REACTIVATE)) return false;
    if (def.device < 0) return false;
    if (dom.storage === 'msix') return true;
    return dom.storage === 'msi' && m.topo.devices[def.device].msiMaskable;
}

/** Allocates one block (multi-MSI) or one interrupt; returns 0 or a negative errno (with its events). */
function allocBlock(m: Machine, defs: InstanceDef[]): number {
    const idx = reserveIndices(m, defs);
    if (typeof idx === 'number') return idx;
    const n = defs.length;
    const base = findIrqs(m, n);
    const descs = defs.map((def, i) => newDesc(m, def, base + i, idx[i], base, n));
    for (const d of descs) m.state.descs[d.irq] = d;
    const r = allocLevel(m, descs, 0, -1);
    if (r !== 0) {
        for (const d of descs) m.state.descs[d.irq] = null;
        return r;
    }
    trimHierarchy(m, descs);
    // irq_domain_insert_irq(): every level's reverse map (S-1).
    for (const d of descs) {
        for (const l of d.levels) m.state.domains[l.domain].revmap.set(l.hwirq, d.irq);
        m.state.instances[d.inst].irq = d.irq;
        markIndices(m, defs[d.irq - base], d.levels[0].hwirq, d.irq, true);
    }
    const def0 = defs[0];
    const leaf = m.topo.domains[def0.leaf];
    if (leaf.storage === 'msi' && def0.device >= 0) {
        const dev = m.state.devices[def0.device];
        dev.msiNvec = n;
        dev.msiMaskBits = m.topo.devices[def0.device].msiMaskable ? (1 << n) - 1 : 0;
        for (const d of descs) d.levels[0].hwMasked = m.topo.devices[def0.device].msiMaskable;
    } else {
        for (const d of descs) d.levels[0].hwMasked = leaf.storage === 'msix' || leaf.storage === 'ims' || leaf.storage === 'reg';
    }
    // msi_init_virq() for every virq: without reservation mode IRQD_CAN_RESERVE is cleared; early
    // activation only for PCI (S-11), in reservation mode on x86 (S-10).
    const canReserve = reservationEligible(m, def0);
    if (!canReserve) for (const d of descs) d.state &= ~IRQD.CAN_RESERVE;
    if (leaf.msiFlags & MSI_FLAG.ACTIVATE_EARLY) {
        for (const d of descs) {
            if (!canReserve) {
                d.state &= ~IRQD.CAN_RESERVE;
                if (d.state & IRQD.AFFINITY_MANAGED && !d.affinity.some((c) => m.state.cpus[c]?.online)) {
                    d.state |= IRQD.MANAGED_SHUTDOWN;
                    continue;
                }
            }
            const ret = activateIrq(m, d, canReserve);
            if (ret !== 0) return ret;
            if (canReserve) {
                d.state &= ~IRQD.ACTIVATED;
                if (m.sink !== null) m.emit({ kind: 'state', what: 'IRQD_ACTIVATED', set: false, note: 'reservation mode: request_irq() activates again (S-10)', ...m.at(d, 0) });
                else m.tick();
            }
        }
    }
    if (leaf.storage === 'msix' && def0.device >= 0) m.state.devices[def0.device].msixEnabled = true;
    if (leaf.storage === 'msi' && def0.device >= 0) m.state.devices[def0.device].msiEnabled = true;
    return 0;
}

/**
 * Multi-MSI support on the chain (R-MULTI-MSI): the leaf's MSI parent decides - its `supports` list when
 * the spec gives one, else the kind's `supported_flags` in src/kernel/model.ts (Intel/AMD IR and ITS support
 * MULTI_PCI_MSI; VECTOR and IMSIC do not).
 */
function multiMsiSupported(m: Machine, def: InstanceDef): boolean {
    const parent = def.chain.length > 1 ? m.topo.domains[def.chain[1]] : undefined;
    if (!parent) return false;
    if (parent.spec.supports) return parent.spec.supports.some((f) => /(^|_)MULTI_PCI_MSI$/.test(f));
    return KINDS[parent.kind].msiParent?.supports.includes('MULTI_PCI_MSI') === true;
}

/** `allocate x`: all elements (one block for PCI multi-MSI, else one allocation each; S-25 all-or-nothing). */
export function allocate(m: Machine, insts: number[]): number {
    const defs = insts.map((i) => m.topo.instances[i]);
    for (const def of defs) {
        if (m.state.instances[def.index].irq >= 0) {
            allocFault(m, def, 'interrupt', -ERRNO.EEXIST, 'already allocated');
            return -ERRNO.EEXIST;
        }
    }
    if (!defs.length) return -ERRNO.ENOENT;
    const leaf = m.topo.domains[defs[0].leaf];
    if (leaf.storage === 'msi') {
        const n = defs.length;
        const dv = defs[0].device >= 0 ? m.topo.devices[defs[0].device] : null;
        if ((n & (n - 1)) !== 0 || n > 32 || (dv && n > dv.msiVectors)) {
            allocFault(m, defs[0], `${n} MSI vectors`, -ERRNO.EINVAL, 'MSI needs a power of two <= the capability (R-PCI-MSI-SIZE)');
            return -ERRNO.EINVAL;
        }
        if (n > 1 && !multiMsiSupported(m, defs[0])) {
            allocFault(m, defs[0], `${n} MSI vectors`, -ERRNO.EINVAL, 'parent does not support MSI_FLAG_MULTI_PCI_MSI (R-MULTI-MSI)');
            return -ERRNO.EINVAL;
        }
        const r = allocBlock(m, defs);
        if (r !== 0) freeInstances(m, insts, true);
        return r;
    }
    const done: number[] = [];
    for (const def of defs) {
        const r = allocBlock(m, [def]);
        if (r !== 0) {
            freeInstances(m, [...done, def.index], true);
            return r;
        }
        done.push(def.index);
    }
    return 0;
}

/**
 * `free x`: free_irq (shutdown then deactivate - S-21 ordering) and the domain free, leaf first
 * (R-ACT-ORDER): each level frees itself, then its parent.
 */
export function freeInstances(m: Machine, insts: number[], unwind = false): number {
    const descs: IrqDesc[] = [];
    for (const i of insts) { const d = m.descOf(i); if (d) descs.push(d); }
    if (!descs.length) return unwind ? 0 : -ERRNO.ENOENT;
    for (const d of descs) {
        if (d.hasAction) {
            irqShutdown(m, d);
            d.hasAction = false;
        }
        deactivateIrq(m, d);
    }
    // Group descs of the same multi-MSI block; free each group leaf first.
    const groups = new Map<number, IrqDesc[]>();
    for (const d of descs) { const g = groups.get(d.blockBase) ?? []; g.push(d); groups.set(d.blockBase, g); }
    for (const group of groups.values()) {
        for (const d of group) for (const l of d.levels) m.state.domains[l.domain].revmap.delete(l.hwirq);
        for (let lvl = 0; lvl < group[0].levels.length; lvl++) {
            m.impl[m.domOf(group[0], lvl).index].free(m, group, lvl, unwind);
        }
        for (const d of group) {
            const def = m.topo.instances[d.inst];
            markIndices(m, def, d.levels[0].hwirq, d.irq, false);
            m.state.instances[d.inst].irq = -1;
            m.state.descs[d.irq] = null;
            const leaf = m.topo.domains[def.leaf];
            if (leaf.storage === 'msi' && def.device >= 0 && d.irq === d.blockBase) {
                const dev = m.state.devices[def.device];
                dev.msiNvec = 0;
                dev.msiEnabled = false;
            }
        }
    }
    return 0;
}
