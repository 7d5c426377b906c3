// MSI leaf domains (PCI/MSI, PCI/MSI-X, IMS, device/platform MSI, HPET, DMAR): device storage writes
// (MSI-X entry masked around the write S-14, multi-MSI one message S-13), device masks, leaf affinity.

import { delegate, composeMsg, writeMsg } from '../chip.js';
import { IRQ_SET_MASK_OK_DONE, IRQD, MSI_FLAG, VECTOR_RETRIGGERED, X86 } from '../constants.js';
import type { MsiMsg } from '../events.js';
import type { Machine } from '../machine.js';
import type { IrqDesc, MsgSlot } from '../state.js';
import type { KindImpl, OpArg } from './kind.js';
import { composeCompat, vectorData } from './x86-vector.js';

/** The storage slot of a desc's leaf (null for MSI, which has one capability per block). */
export function leafSlot(m: Machine, d: IrqDesc): MsgSlot | null {
    const def = m.topo.instances[d.inst];
    const dom = m.topo.domains[def.leaf];
    const idx = d.levels[0].hwirq;
    if (def.device >= 0) {
        const dev = m.state.devices[def.device];
        if (dom.storage === 'msix') return dev.msix[idx] ?? null;
        if (dom.storage === 'ims') return dev.ims[idx] ?? null;
        if (dom.storage === 'msi') return dev.msi;
    }
    return m.state.instances[d.inst].reg;
}

function hwMaskEvent(m: Machine, d: IrqDesc, what: string, before: boolean, after: boolean): void {
    if (m.sink !== null) {
        if (/pending/i.test(what)) m.emit({ kind: 'pending', where: what, set: after, changes: [{ what, before, after }], ...m.at(d, 0) });
        else m.emit({ kind: 'state', what, set: after, changes: [{ what, before, after }], ...m.at(d, 0) });
    } else m.tick();
}

/** Sets the device-level mask bit of the leaf storage. Returns the previous state. */
function setDeviceMask(m: Machine, d: IrqDesc, on: boolean): boolean {
    const def = m.topo.instances[d.inst];
    const dom = m.topo.domains[def.leaf];
    d.levels[0].hwMasked = on;
    if (dom.storage === 'msi' && def.device >= 0) {
        const dev = m.state.devices[def.device];
        if (!m.topo.devices[def.device].msiMaskable) return false; // can_mask = 0: a no-op (S-13)
        const bit = 1 << (d.irq - d.blockBase);
        const before = (dev.msiMaskBits & bit) !== 0;
        dev.msiMaskBits = on ? dev.msiMaskBits | bit : dev.msiMaskBits & ~bit;
        return before;
    }
    const s = leafSlot(m, d);
    if (!s) return false;
    const before = s.masked;
    s.masked = on;
    if (dom.storage === 'ims') s.ctrl = on ? s.ctrl | 1 : s.ctrl & ~1;
    return before;
}

/** The device sends a message that was held pending while masked (PCI Pending Bit semantics, S-14). */
function flushPending(m: Machine, d: IrqDesc): void {
    const def = m.topo.instances[d.inst];
    const dom = m.topo.domains[def.leaf];
    if (dom.storage === 'msi' && def.device >= 0) {
        const dev = m.state.devices[def.device];
        const bit = 1 << (d.irq - d.blockBase);
        if (dev.msiPendingBits & bit) {
            dev.msiPendingBits &= ~bit;
            hwMaskEvent(m, d, 'MSI pending bit', true, false);
            m.state.hwQueue.push({ t: 'msg', a: d.inst, b: d.irq - d.blockBase, c: 0, d: 0 });
        }
        return;
    }
    const s = leafSlot(m, d);
    if (s && s.pending) {
        s.pending = false;
        hwMaskEvent(m, d, dom.storage === 'msix' ? 'MSI-X Pending Bit' : 'pending', true, false);
        m.state.hwQueue.push({ t: 'msg', a: d.inst, b: 0, c: 0, d: 0 });
    }
}

function maskParentFlag(m: Machine, d: IrqDesc): boolean {
    return (m.domOf(d, 0).msiFlags & MSI_FLAG.PCI_MSI_MASK_PARENT) !== 0 && d.levels.length > 1;
}

/** Stores a message into the leaf storage and counts the write. */
function store(m: Machine, d: IrqDesc, s: MsgSlot, msg: MsiMsg, storage: 'msix' | 'msi' | 'ims' | 'reg', entry: number): void {
    const before = `0x${s.addressLo.toString(16)}/0x${s.data.toString(16)}`;
    s.addressLo = msg.addressLo;
    s.addressHi = msg.addressHi;
    s.data = msg.data;
    m.state.instances[d.inst].writes++;
    const cb = m.domOf(d, 0).chip.write;
    if (m.sink !== null) m.emit({
        kind: 'write', storage, entry, msg: { ...msg }, fn: cb.fn,
        changes: [{ what: 'message', before, after: `0x${msg.addressLo.toString(16)}/0x${msg.data.toString(16)}` }], ...m.at(d, 0, cb.loc)
    });
    else m.tick();
}

/** `msi_domain_activate()`: compose (nearest composer, S-3), check level, write at the leaf. */
export function msiActivate(m: Machine, d: IrqDesc): number {
    const msg = composeMsg(m, d);
    if (!msg) return -38;
    return writeMsg(m, d, msg) < 0 ? -38 : 0;
}

/** `msi_domain_deactivate()`: writes an all-zero message (S-21). */
export function msiDeactivate(m: Machine, d: IrqDesc): void {
    writeMsg(m, d, { addressLo: 0, addressHi: 0, data: 0 });
}

/** IMS in queue memory (R-SLOW-BUS, S-24): the chip only records; the hardware changes at irq_bus_sync_unlock. */
function slowBus(m: Machine, d: IrqDesc): boolean {
    const def = m.topo.instances[d.inst];
    return m.topo.domains[def.leaf].storage === 'ims' && def.device >= 0 && m.topo.devices[def.device].imsStorage === 'queue';
}

function busEvent(m: Machine, d: IrqDesc, what: 'irq_bus_lock' | 'irq_bus_sync_unlock', note: string): void {
    if (m.sink !== null) m.emit({ kind: 'state', what, set: what === 'irq_bus_lock', fn: what, note, ...m.at(d, 0) });
    else m.tick();
}

/** Leaf self ops shared by every MSI leaf kind. */
const leafSelf: KindImpl['self'] = {
    /** pci_irq_mask_msi[x]() & co: device mask, then the parent when MSI_FLAG_PCI_MSI_MASK_PARENT. */
    mask(m, d) {
        const slow = slowBus(m, d);
        if (slow) { busEvent(m, d, 'irq_bus_lock', 'mask recorded only'); busEvent(m, d, 'irq_bus_sync_unlock', 'queued mask command reaches the device now'); }
        const before = setDeviceMask(m, d, true);
        if (!before) hwMaskEvent(m, d, 'device mask bit', false, true);
        if (maskParentFlag(m, d)) delegate(m, d, 0, 'mask', {});
        return 0;
    },
    /** Unmask: parent first, then the device (which then sends a pending message). */
    unmask(m, d) {
        if (maskParentFlag(m, d)) delegate(m, d, 0, 'unmask', {});
        const slow = slowBus(m, d);
        if (slow) { busEvent(m, d, 'irq_bus_lock', 'unmask recorded only'); busEvent(m, d, 'irq_bus_sync_unlock', 'queued unmask command reaches the device now'); }
        const before = setDeviceMask(m, d, false);
        if (before) hwMaskEvent(m, d, 'device mask bit', true, false);
        flushPending(m, d);
        return 0;
    },
    /** pci_msi_domain_write_msg() / IMS slot write / register write. */
    write(m, d, _lvl, arg) {
        const msg = arg.msg!;
        const def = m.topo.instances[d.inst];
        const dom = m.topo.domains[def.leaf];
        const idx = d.levels[0].hwirq;
        if (dom.storage === 'msix') {
            const s = leafSlot(m, d)!;
            // pci_write_msg_msix(): mask the entry around the write if it was unmasked (S-14, R-NO-UNMASKED-REWRITE).
            const wasMasked = s.masked;
            if (!wasMasked) { s.masked = true; hwMaskEvent(m, d, 'MSI-X vector control mask (around write)', false, true); }
            store(m, d, s, msg, 'msix', idx);
            if (!wasMasked) { s.masked = false; hwMaskEvent(m, d, 'MSI-X vector control mask (around write)', true, false); flushPending(m, d); }
            return 0;
        }
        if (dom.storage === 'msi') {
            // Only the first irq of a multi-MSI block writes the capability (S-13).
            if (d.irq !== d.blockBase) {
                if (m.sink !== null) m.emit({ kind: 'write', storage: 'msi', entry: idx, fn: 'pci_msi_domain_write_msg', note: 'skipped: not the first irq of the multi-MSI block (one message per block)', ...m.at(d, 0) });
                else m.tick();
                return 0;
            }
            store(m, d, m.state.devices[def.device].msi, msg, 'msi', 0);
            return 0;
        }
        const s = leafSlot(m, d)!;
        store(m, d, s, msg, dom.storage === 'ims' ? 'ims' : 'reg', idx);
        return 0;
    },
    /** IMS shutdown (idxd_shutdown): zero the slot and mask it. */
    shutdown(m, d) {
        const s = leafSlot(m, d);
        if (s) {
            setDeviceMask(m, d, true);
            store(m, d, s, { addressLo: 0, addressHi: 0, data: 0 }, 'ims', d.levels[0].hwirq);
        }
        return 0;
    },
    /** msi_domain_set_affinity() or, for x86 non-IR leaves, msi_set_affinity() (S-7). */
    set_affinity(m, d, lvl, arg) {
        const fn = m.domOf(d, lvl).chip.set_affinity.fn;
        if (fn === 'msi_set_affinity') return msiSetAffinityX86(m, d, arg);
        const ret = delegate(m, d, lvl, 'set_affinity', arg, 'parent->chip->irq_set_affinity');
        if (ret >= 0 && ret !== IRQ_SET_MASK_OK_DONE) {
            const msg = composeMsg(m, d);
            if (msg) writeMsg(m, d, msg);
        }
        return ret;
    },
    /** dmar_msi_compose_msg(): __irq_msi_compose_msg(cfg, msg, dmar = true) (APIC ID bits 8-31 in address_hi). */
    compose(m, d, _lvl, arg) {
        const v = vectorData(d);
        if (!v) return -38;
        arg.msg = composeCompat(m, d, v, true);
        return 0;
    }
};

/**
 * x86 `msi_set_affinity()` without IR: the vector moves, then the device message is rewritten - directly,
 * or (the "slow" class, selected by the S-7 policy) first (old CPU, new vector) then (new CPU, new vector).
 */
function msiSetAffinityX86(m: Machine, d: IrqDesc, arg: OpArg): number {
    const v = vectorData(d);
    if (!v) return -22;
    const oldVector = v.cfgVector;
    const oldCpu = v.cfgCpu;
    const ret = delegate(m, d, 0, 'set_affinity', arg, 'parent->chip->irq_set_affinity');
    if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE) return ret;
    const canReserve = (d.state & IRQD.CAN_RESERVE) !== 0;
    const policy = m.topo.options.msiMovePolicy;
    const firstTerm = policy === 'code' ? !canReserve : policy === 'comment' ? canReserve : true;
    const oldApic = m.state.cpus[oldCpu]?.apicId;
    const newApic = m.state.cpus[v.cfgCpu]?.apicId;
    const direct = firstTerm || v.cfgVector === oldVector || oldVector === X86.MANAGED_IRQ_SHUTDOWN_VECTOR
        || !(d.state & IRQD.IRQ_STARTED) || newApic === oldApic;
    const update = (cpu: number, vector: number, note: string): void => {
        const msg = composeCompat(m, d, { ...v, cfgCpu: cpu, cfgVector: vector }, false);
        if (m.sink !== null) m.emit({ kind: 'compose', msg, fn: '__irq_msi_compose_msg', note, ...m.at(d, d.levels.length - 1) });
        else m.tick();
        writeMsg(m, d, msg);
    };
    if (direct) {
        update(v.cfgCpu, v.cfgVector, 'irq_msi_update_msg (direct)');
        return ret;
    }
    if (m.currentCpu !== oldCpu) {
        m.fault('msi_set_affinity: target is not the local CPU (WARN_ON_ONCE), direct update', 'warning', m.at(d, 0));
        update(v.cfgCpu, v.cfgVector, 'irq_msi_update_msg (direct after WARN)');
        return ret;
    }
    const vi = m.state.cpus[oldCpu].vectorIrq;
    if (vi[v.cfgVector] < 0) vi[v.cfgVector] = VECTOR_RETRIGGERED;
    update(oldCpu, v.cfgVector, 'step 1: new vector on the old CPU');
    update(v.cfgCpu, v.cfgVector, 'step 2: new vector on the new CPU');
    return ret;
}

/** The leaf ops table (all MSI leaf kinds). */
export const MSI_LEAF_KIND: KindImpl = {
    initRes: () => ({ t: 'index', used: new Map<number, number>() }),
    alloc(m, descs, lvl) {
        for (const d of descs) {
            const s = leafSlot(m, d);
            const dom = m.domOf(d, lvl);
            if (s && dom.storage !== 'msi') {
                s.owner = d.inst;
                if (dom.storage === 'ims') {
                    // prepare_desc(): slot pre-masked, instance cookie (PASID) into ctrl.
                    const cookie = m.topo.instances[d.inst].cookie;
                    s.masked = true;
                    s.ctrl = 1 | (cookie ? (cookie << 12) | 8 : 0);
                }
            }
            if (m.sink !== null) m.emit({ kind: 'alloc', resource: `${dom.storage === 'ims' ? 'IMS slot' : dom.storage === 'msix' ? 'MSI-X entry' : 'msi_index'} ${d.levels[lvl].hwirq}`, fn: 'msi_domain_alloc', ...m.at(d, lvl) });
            else m.tick();
        }
        return 0;
    },
    free(m, descs, lvl, unwind) {
        for (const d of descs) {
            const s = leafSlot(m, d);
            const dom = m.domOf(d, lvl);
            if (s && dom.storage !== 'msi') { s.owner = -1; s.pending = false; }
            if (m.sink !== null) m.emit({ kind: 'free', resource: `msi_desc ${d.levels[lvl].hwirq}`, unwind, fn: dom.domainOps.free, ...m.at(d, lvl) });
            else m.tick();
        }
    },
    activate(m, d) { return msiActivate(m, d); },
    deactivate(m, d) { msiDeactivate(m, d); },
    self: leafSelf
};
