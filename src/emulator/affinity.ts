// Affinity (kernel/irq/manage.c, migration.c, cpuhotplug.c): irq_set_affinity with deferred moves
// (IRQCHIP_MOVE_DEFERRED, S-7), irq_move_irq from ack, CPU offline/online migration (S-12) and vCPU posting.

import { chipOp, NO_ARG } from './chip.js';
import { ERRNO, IRQCHIP, IRQD, VECTOR_UNUSED } from './constants.js';
import { irqShutdown, deactivateIrq, irqStartup, STARTUP_AFFINITY } from './core.js';
import type { Machine } from './machine.js';
import type { IrqDesc } from './state.js';
import { forceCompleteMove } from './kinds/x86-vector.js';
import { irqMoveIrqHook } from './kinds/hooks.js';

function moveEvent(m: Machine, d: IrqDesc, result: string, fn: string, note?: string, toCpu?: number): void {
    if (m.sink !== null) m.emit({ kind: 'move', result, fn, note, toCpu, fromCpu: d.effCpu, ...m.at(d, 0) });
    else m.tick();
}

/** Recomputes the effective CPU from the innermost level that routes. */
export function updateEffective(m: Machine, d: IrqDesc): void {
    for (let i = d.levels.length - 1; i >= 0; i--) {
        const c = d.levels[i].c;
        if (c.t === 'vector') { d.effCpu = c.cfgCpu; return; }
        if (c.t === 'its') { d.effCpu = c.col; return; }
        if (c.t === 'imsic') { d.effCpu = c.cpu; return; }
    }
    void m;
}

/** `irq_do_set_affinity()`: leaf irq_set_affinity with the online-filtered mask; copies the mask on success. */
export function doSetAffinity(m: Machine, d: IrqDesc, mask: number[], force: boolean): number {
    const online = m.onlineCpus();
    const prog = force ? mask.slice() : mask.filter((c) => online.includes(c));
    if (prog.length === 0) return -ERRNO.EINVAL;
    const ret = chipOp(m, d, 0, 'set_affinity', { mask: prog, force });
    if (ret >= 0) {
        d.affinity = mask.slice();
        updateEffective(m, d);
        return 0;
    }
    return ret;
}
STARTUP_AFFINITY.fn = doSetAffinity;

/** Binds irqStartup's affinity callback for a desc. */
export function startup(m: Machine, d: IrqDesc, resend: boolean, force: boolean): number {
    return irqStartup(m, d, resend, force, (mask, f) => doSetAffinity(m, d, mask, f));
}

/** `irq_try_set_affinity()`: -EBUSY from the chip queues the request (IRQD_SETAFFINITY_PENDING). */
function trySetAffinity(m: Machine, d: IrqDesc, mask: number[], force: boolean): number {
    const ret = doSetAffinity(m, d, mask, force);
    if (ret === -ERRNO.EBUSY && !force) {
        setMovePending(m, d, mask, 'apic_set_affinity returned -EBUSY (previous move not finished): queued');
        return 0;
    }
    return ret;
}

function setMovePending(m: Machine, d: IrqDesc, mask: number[], note: string): void {
    d.state |= IRQD.SETAFFINITY_PENDING;
    d.pendingMask = mask.slice();
    moveEvent(m, d, 'deferred', 'irq_set_affinity_locked', note, mask[0]);
}

/**
 * `irq_set_affinity()` from user space (/proc/irq/N/smp_affinity): managed irqs refuse (-EIO, S-12);
 * not yet activated irqs with AFFINITY_ON_ACTIVATE only record the mask; MOVE_DEFERRED chips (x86 non-IR
 * MSI, S-7) or an already pending move defer to the next interrupt.
 */
export function setAffinityUser(m: Machine, d: IrqDesc, mask: number[]): number {
    if (d.state & IRQD.AFFINITY_MANAGED) {
        m.fault('affinity of a managed interrupt cannot be changed from user space (-EIO)', 'warning', m.at(d, 0), -ERRNO.EIO);
        return -ERRNO.EIO;
    }
    if (m.domOf(d, 0).chip.set_affinity.mode === 'none') return -ERRNO.EINVAL;
    if (!(d.state & IRQD.ACTIVATED) && d.state & IRQD.AFFINITY_ON_ACTIVATE) {
        d.affinity = mask.slice();
        moveEvent(m, d, 'recorded', 'irq_set_affinity_deactivated', 'not activated: mask recorded for activation', mask[0]);
        d.state |= IRQD.AFFINITY_SET;
        return 0;
    }
    const deferred = (m.domOf(d, 0).chipFlags & IRQCHIP.MOVE_DEFERRED) !== 0;
    let ret = 0;
    if (!deferred && !(d.state & IRQD.SETAFFINITY_PENDING)) {
        ret = trySetAffinity(m, d, mask, false);
    } else {
        setMovePending(m, d, mask, deferred ? 'IRQCHIP_MOVE_DEFERRED: moved at the next interrupt' : 'a move is already pending');
    }
    d.state |= IRQD.AFFINITY_SET;
    return ret;
}

/**
 * `irq_move_irq()` called from the ack of an interrupt: applies a pending move with the irq masked
 * (`__irq_move_irq()` -> `irq_move_masked_irq()`); -EBUSY keeps it pending.
 */
export function irqMoveIrq(m: Machine, d: IrqDesc): void {
    if (!(d.state & IRQD.SETAFFINITY_PENDING)) return;
    if (d.state & IRQD.IRQ_DISABLED) return;
    const masked = (d.state & IRQD.IRQ_MASKED) !== 0;
    if (!masked) { chipOp(m, d, 0, 'mask', NO_ARG); d.state |= IRQD.IRQ_MASKED; }
    d.state &= ~IRQD.SETAFFINITY_PENDING;
    const mask = d.pendingMask ?? d.affinity;
    d.pendingMask = null;
    const online = m.onlineCpus();
    if (mask.some((c) => online.includes(c))) {
        moveEvent(m, d, 'moving', 'irq_move_masked_irq', undefined, mask[0]);
        const ret = doSetAffinity(m, d, mask, false);
        if (ret === -ERRNO.EBUSY) {
            d.state |= IRQD.SETAFFINITY_PENDING;
            d.pendingMask = mask;
            moveEvent(m, d, '-EBUSY', 'irq_move_masked_irq', 'still pending', mask[0]);
        }
    }
    if (!masked) { chipOp(m, d, 0, 'unmask', NO_ARG); d.state &= ~IRQD.IRQ_MASKED; }
}

irqMoveIrqHook.fn = irqMoveIrq;

/** CPU offline: `irq_migrate_all_off_this_cpu()` / `migrate_one_irq()`; managed irqs shut down (S-12). */
export function cpuOffline(m: Machine, cpu: number): number {
    const c = m.state.cpus[cpu];
    if (!c) return -ERRNO.EINVAL;
    if (!c.online) return 0;
    if (m.onlineCpus().length === 1) return -ERRNO.EBUSY;
    c.online = false;
    const prev = m.currentCpu;
    m.currentCpu = cpu;
    for (const d of m.state.descs) {
        if (!d || d.cascade || !(d.state & IRQD.IRQ_STARTED)) continue;
        if (d.effCpu !== cpu) continue;
        forceCompleteMove(m, d);
        let aff = d.affinity;
        if (d.state & IRQD.SETAFFINITY_PENDING) {
            d.state &= ~IRQD.SETAFFINITY_PENDING;
            const pm = d.pendingMask ?? [];
            d.pendingMask = null;
            if (pm.some((x) => m.state.cpus[x]?.online)) aff = pm;
        }
        if (!aff.some((x) => m.state.cpus[x]?.online)) {
            if (d.state & IRQD.AFFINITY_MANAGED) {
                d.state |= IRQD.MANAGED_SHUTDOWN;
                if (m.sink !== null) m.emit({ kind: 'shutdown', managed: true, fn: 'migrate_one_irq', note: `last CPU ${cpu} of the managed mask went offline`, ...m.at(d, 0) });
                else m.tick();
                irqShutdown(m, d);
                deactivateIrq(m, d);
                continue;
            }
            aff = m.onlineCpus();
            m.fault(`IRQ ${d.irq}: no longer affine to CPU${cpu} (affinity broken)`, 'warning', m.at(d, 0));
        }
        const keep = d.affinity;
        const ret = doSetAffinity(m, d, aff, false);
        if (aff !== keep && aff.length === m.onlineCpus().length) d.affinity = keep;
        if (ret < 0) m.fault(`migrate_one_irq: set affinity failed for irq ${d.irq}`, 'warning', m.at(d, 0), ret);
    }
    m.currentCpu = prev;
    return 0;
}

/** CPU online: vector_irq reset; managed irqs in shutdown whose mask contains the CPU restart. */
export function cpuOnline(m: Machine, cpu: number): number {
    const c = m.state.cpus[cpu];
    if (!c) return -ERRNO.EINVAL;
    if (c.online) return 0;
    c.online = true;
    c.vectorIrq.fill(VECTOR_UNUSED);
    for (const d of m.state.descs) {
        if (!d || !(d.state & IRQD.AFFINITY_MANAGED) || !(d.state & IRQD.MANAGED_SHUTDOWN)) continue;
        if (!d.affinity.includes(cpu) || !d.hasAction) continue;
        startup(m, d, true, false);
    }
    return 0;
}

/**
 * `irq_set_vcpu_affinity()`: walks from the leaf to the first chip with irq_set_vcpu_affinity
 * (R-POSTED); -ENOSYS when none.
 */
export function setVcpuAffinity(m: Machine, d: IrqDesc, vcpu: { vcpu: number; vector: number } | null): number {
    for (let l = 0; l < d.levels.length; l++) {
        const cb = m.domOf(d, l).chip.set_vcpu_affinity;
        if (cb.mode === 'self' || cb.mode === 'platform') return chipOp(m, d, l, 'set_vcpu_affinity', { vcpu });
    }
    m.fault('irq_set_vcpu_affinity: no chip on the chain implements irq_set_vcpu_affinity (R-POSTED)', 'error', m.at(d, 0), -ERRNO.ENOSYS);
    return -ERRNO.ENOSYS;
}
