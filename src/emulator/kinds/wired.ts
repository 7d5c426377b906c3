// Wired leaves: the x86 IO-APIC (pins whose RTE holds a message composed by the parent, remote IRR for level)
// and a generic wired line (a GIC SPI under a GICv3 root). Basic models, enough for T8-style topologies.

import { chipOp, composeMsg, delegate } from '../chip.js';
import { IRQ_SET_MASK_OK_DONE } from '../constants.js';
import type { MsiMsg } from '../events.js';
import type { Machine } from '../machine.js';
import type { IrqDesc, WiredPin } from '../state.js';
import type { KindImpl } from './kind.js';

function pinsOf(m: Machine, d: IrqDesc): WiredPin[] {
    const r = m.state.domains[d.levels[0].domain].res;
    if (r.t !== 'pins') throw new Error('not a wired domain');
    return r.pins;
}

/** The pin of a desc's leaf. */
export function pinOf(m: Machine, d: IrqDesc): WiredPin {
    return pinsOf(m, d)[d.levels[0].hwirq];
}

function pinEvent(m: Machine, d: IrqDesc, what: string, before: boolean, after: boolean): void {
    if (m.sink !== null) m.emit({ kind: 'state', what, set: after, changes: [{ what, before, after }], ...m.at(d, 0) });
    else m.tick();
}

/**
 * `ioapic_configure_entry()`: the RTE takes the parent-composed message. The IO-APIC chip has no
 * irq_write_msi_msg; activation and ioapic_set_affinity() program the entry directly.
 */
function configureEntry(m: Machine, d: IrqDesc, msg: MsiMsg): void {
    const p = pinOf(m, d);
    p.msg = { ...msg };
    m.state.instances[d.inst].writes++;
    if (m.sink !== null) m.emit({ kind: 'write', storage: 'rte', entry: d.levels[0].hwirq, msg: { ...msg }, fn: 'ioapic_configure_entry', ...m.at(d, 0) });
    else m.tick();
}

/** A generic wired level whose parent chip implements mask (the IO-APIC masks its RTE only). */
function parentMasks(m: Machine, d: IrqDesc, lvl: number): boolean {
    if (m.domOf(d, lvl).kind !== 'wired' || lvl + 1 >= d.levels.length) return false;
    return m.domOf(d, lvl + 1).chip.mask.mode !== 'none';
}

/** IO-APIC / wired ops. */
export const WIRED_KIND: KindImpl = {
    initRes: (_m, dom) => ({
        t: 'pins',
        pins: Array.from({ length: Math.max(dom.res.entries, dom.res.size, 1) }, () => ({ masked: true, asserted: false, pending: false, level: false, msg: { addressLo: 0, addressHi: 0, data: 0 }, remoteIrr: false }))
    }),
    alloc(m, descs, lvl) {
        for (const d of descs) {
            const p = pinOf(m, d);
            if (p) p.level = m.topo.instances[d.inst].level;
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `pin ${d.levels[lvl].hwirq}`, fn: m.domOf(d, lvl).domainOps.alloc, ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    parentArg(m, d, lvl) {
        // A wired line under a GIC asks for SPI (32 + pin); under x86 parents the parent allocates freely.
        const parent = m.topo.domains[m.domOf(d, lvl).parent];
        return parent && parent.kind === 'gic-v3' ? 32 + d.levels[lvl].hwirq : -1;
    },
    free(m, descs, lvl, unwind) {
        for (const d of descs) {
            const p = pinOf(m, d);
            if (p) { p.masked = true; p.asserted = false; p.pending = false; p.msg = { addressLo: 0, addressHi: 0, data: 0 }; }
            if (m.sink !== null) m.emit({ kind: 'free', resource: `pin ${d.levels[lvl].hwirq}`, unwind, fn: m.domOf(d, lvl).domainOps.free, ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d) {
        if (m.domOf(d, 0).kind !== 'ioapic') return 0;
        const msg = composeMsg(m, d, 1);
        if (!msg) return -38;
        configureEntry(m, d, msg);
        return 0;
    },
    deactivate(m, d) {
        if (m.domOf(d, 0).kind !== 'ioapic') return;
        const p = pinOf(m, d);
        p.msg = { addressLo: 0, addressHi: 0, data: 0 };
    },
    self: {
        /**
         * The line's own mask bit; a generic wired controller also masks at a parent that can (qcom-pdc,
         * imx-gpcv2: own register, then irq_chip_mask_parent() on the GIC). The x86 APIC has no mask (§1.8).
         */
        mask(m, d, lvl) {
            const p = pinOf(m, d);
            if (!p.masked) pinEvent(m, d, 'RTE mask', false, true);
            p.masked = true;
            d.levels[0].hwMasked = true;
            if (parentMasks(m, d, lvl)) delegate(m, d, lvl, 'mask', {});
            return 0;
        },
        /** Unmask: the parent first (generic wired), then the line. */
        unmask(m, d, lvl) {
            if (parentMasks(m, d, lvl)) delegate(m, d, lvl, 'unmask', {});
            const p = pinOf(m, d);
            if (p.masked) pinEvent(m, d, 'RTE mask', true, false);
            p.masked = false;
            d.levels[0].hwMasked = false;
            if (p.pending || (p.level && p.asserted && !p.remoteIrr)) {
                p.pending = false;
                m.state.hwQueue.push({ t: 'msg', a: d.inst, b: 0, c: 0, d: 0 });
            }
            return 0;
        },
        /** ioapic_ack_level(): clears remote IRR; a still-asserted level line fires again. */
        eoi(m, d) {
            const p = pinOf(m, d);
            p.remoteIrr = false;
            if (p.level && p.asserted && !p.masked) m.state.hwQueue.push({ t: 'msg', a: d.inst, b: 0, c: 0, d: 0 });
            return 0;
        },
        set_type: () => 0,
        /** startup_ioapic_irq(): unmasks the pin (irq_startup() then needs no irq_enable()). */
        startup(m, d, lvl) {
            chipOp(m, d, lvl, 'unmask');
            return 0;
        },
        /** ioapic_set_affinity(): parent moves, then the RTE is reprogrammed unless OK_DONE. */
        set_affinity(m, d, lvl, arg) {
            const ret = delegate(m, d, lvl, 'set_affinity', arg, 'irq_chip_set_affinity_parent');
            if (ret >= 0 && ret !== IRQ_SET_MASK_OK_DONE && m.domOf(d, 0).kind === 'ioapic') {
                const msg = composeMsg(m, d, 1);
                if (msg) configureEntry(m, d, msg);
            }
            return ret;
        }
    }
};
