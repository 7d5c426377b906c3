// Intel VT-d / AMD interrupt remapping domains (drivers/iommu/intel/irq_remapping.c, amd/iommu.c): the IRTE
// table with aligned power-of-two blocks, remappable-format messages, OK_DONE affinity (S-4), posting (S-20).

import { ERRNO, IRQ_SET_MASK_OK_DONE, X86 } from '../constants.js';
import { delegate } from '../chip.js';
import type { Machine } from '../machine.js';
import type { IrData, IrqDesc, Irte } from '../state.js';
import type { KindImpl } from './kind.js';
import { irqMoveIrqHook } from './hooks.js';
import { vectorData, vectorScheduleCleanup } from './x86-vector.js';
import { findFreeRegion, newBitmap, setBits } from '../bitmap.js';

function irRes(m: Machine, d: IrqDesc, lvl: number) {
    const r = m.state.domains[d.levels[lvl].domain].res;
    if (r.t !== 'ir') throw new Error('not an IR domain');
    return r;
}

function log2ceil(n: number): number {
    let o = 0;
    while ((1 << o) < n) o++;
    return o;
}

/** `alloc_irte()`: a naturally aligned free block of 2^order entries (first fit, bitmap_find_free_region). */
function allocIrte(used: Uint32Array, entries: number, order: number): number {
    const size = 1 << order;
    const base = findFreeRegion(used, entries, size, size);
    if (base >= 0) setBits(used, base, size, true);
    return base;
}

/** The remappable-format message of an IRTE handle (`fill_msi_msg()`); AMD: data = index. */
export function irMessage(kind: string, index: number, sub: number): { addressLo: number; addressHi: number; data: number } {
    if (kind === 'amd-ir') return { addressLo: X86.MSI_BASE_ADDRESS_LOW >>> 0, addressHi: 0, data: index + sub };
    return {
        addressLo: (X86.MSI_BASE_ADDRESS_LOW | ((index & 0x7fff) << 5) | (1 << 4) | (1 << 3) | (((index >> 15) & 1) << 2)) >>> 0,
        addressHi: 0,
        data: sub
    };
}

/** `intel_ir_reconfigure_irte()`: copy vector/dest from the vector level's irq_cfg into the IRTE; posted IRTEs are left alone unless forced. */
function reconfigureIrte(m: Machine, d: IrqDesc, lvl: number, force: boolean): void {
    const c = d.levels[lvl].c as IrData;
    const v = vectorData(d);
    const r = irRes(m, d, lvl);
    const idx = c.index + c.sub;
    const e = r.irte.get(idx);
    if (!e || !v) return;
    if (c.postedVcpu && !force) return;
    const before = e.present ? `CPU${m.cpuOfApic(e.dest)}/0x${e.vector.toString(16)}` : 'not present';
    e.present = true;
    e.vector = v.cfgVector;
    e.dest = m.state.cpus[v.cfgCpu]?.apicId ?? 0;
    e.posted = false;
    if (m.sink !== null) m.emit({
        kind: 'write', storage: 'irte', entry: idx, fn: 'modify_irte', note: 'atomic 128-bit update + IEC flush',
        changes: [{ what: `IRTE[0x${idx.toString(16)}]`, before, after: `CPU${v.cfgCpu}/0x${e.vector.toString(16)}` }], ...m.at(d, lvl)
    });
    else m.tick();
}

/** Intel / AMD IR ops table. */
export const IR_KIND: KindImpl = {
    initRes: (_m, dom) => ({ t: 'ir', used: newBitmap(dom.res.entries), irte: new Map<number, Irte>() }),
    alloc(m, descs, lvl) {
        const r = irRes(m, descs[0], lvl);
        const order = log2ceil(descs.length);
        const dom = m.domOf(descs[0], lvl);
        const base = allocIrte(r.used, dom.res.entries, order);
        if (base < 0) {
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `${1 << order} IRTE(s)`, error: '-ENOSPC', fn: 'alloc_irte', ...m.at(descs[0], lvl) });
            else m.tick();
            return -ERRNO.ENOSPC;
        }
        const dev = m.topo.instances[descs[0].inst].device;
        const sid = dev >= 0 ? m.topo.devices[dev].requester : -1;
        for (let i = 0; i < descs.length; i++) {
            const d = descs[i];
            const c: IrData = { t: 'ir', index: base, sub: i, order, postedVcpu: false };
            d.levels[lvl].c = c;
            d.levels[lvl].hwirq = dom.kind === 'amd-ir' ? base + i : (base << 16) + i;
            r.irte.set(base + i, { present: false, vector: 0, dest: 0, sid, irq: d.irq, posted: false, pVcpu: -1, pVector: 0 });
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `IRTE 0x${(base + i).toString(16)} (block of ${1 << order} at 0x${base.toString(16)}, sub_handle ${i})`, fn: dom.domainOps.alloc, ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    free(m, descs, lvl, unwind) {
        if (!descs.length) return;
        const r = irRes(m, descs[0], lvl);
        for (const d of descs) {
            const c = d.levels[lvl].c;
            if (c.t !== 'ir') continue;
            r.irte.delete(c.index + c.sub);
            if (c.sub === 0) setBits(r.used, c.index, 1 << c.order, false);
            if (m.sink !== null) m.emit({ kind: 'free', resource: `IRTE 0x${(c.index + c.sub).toString(16)}`, unwind, fn: 'clear_entries', ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d, lvl) {
        reconfigureIrte(m, d, lvl, false);
        return 0;
    },
    deactivate(m, d, lvl) {
        const c = d.levels[lvl].c as IrData;
        const e = irRes(m, d, lvl).irte.get(c.index + c.sub);
        if (e) { e.present = false; e.posted = false; }
        if (m.sink !== null) m.emit({ kind: 'write', storage: 'irte', entry: c.index + c.sub, fn: 'modify_irte', note: 'IRTE cleared', ...m.at(d, lvl) });
        else m.tick();
    },
    self: {
        /** apic_ack_irq(): irq_move_irq() + apic_eoi(); does NOT call the vector chip (S-5). */
        ack(m, d) {
            irqMoveIrqHook.fn(m, d);
            return 0;
        },
        /** intel_ir_set_affinity(): parent (vector) moves, only the IRTE is rewritten, OK_DONE (S-4). */
        set_affinity(m, d, lvl, arg) {
            const ret = delegate(m, d, lvl, 'set_affinity', arg, 'parent->chip->irq_set_affinity');
            if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE) return ret;
            reconfigureIrte(m, d, lvl, false);
            vectorScheduleCleanup(m, d);
            const fn = m.domOf(d, lvl).chip.set_affinity.fn;
            if (m.sink !== null) m.emit({ kind: 'move', result: 'IRQ_SET_MASK_OK_DONE', fn, note: 'device message untouched', ...m.at(d, lvl) });
            else m.tick();
            return IRQ_SET_MASK_OK_DONE;
        },
        /** intel_ir_compose_msi_msg(): the cached remappable message (handle, no vector, no CPU - S-3). */
        compose(m, d, lvl, arg) {
            const c = d.levels[lvl].c as IrData;
            arg.msg = irMessage(m.domOf(d, lvl).kind, c.index, c.sub);
            return 0;
        },
        /** intel_ir_set_vcpu_affinity(): posted format IRTE (S-20) or back to remapped mode. */
        set_vcpu_affinity(m, d, lvl, arg) {
            const c = d.levels[lvl].c as IrData;
            const e = irRes(m, d, lvl).irte.get(c.index + c.sub);
            if (!e) return -ERRNO.EINVAL;
            const inst = m.state.instances[d.inst];
            if (arg.vcpu) {
                e.posted = true;
                e.pVcpu = arg.vcpu.vcpu;
                e.pVector = arg.vcpu.vector;
                e.present = true;
                c.postedVcpu = true;
                inst.posted = true;
                inst.vcpu = arg.vcpu.vcpu;
                inst.pVector = arg.vcpu.vector;
                if (m.sink !== null) m.emit({ kind: 'write', storage: 'irte', entry: c.index + c.sub, fn: 'modify_irte', note: `posted IRTE: vCPU ${arg.vcpu.vcpu} vector 0x${arg.vcpu.vector.toString(16)}`, ...m.at(d, lvl) });
                else m.tick();
            } else {
                c.postedVcpu = false;
                inst.posted = false;
                reconfigureIrte(m, d, lvl, true);
            }
            return 0;
        }
    }
};
