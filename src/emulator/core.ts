// The generic irq core (kernel/irq/chip.c, manage.c, resend.c, irqdomain.c activation): mask/unmask at the
// leaf, lazy disable, startup/shutdown, check_irq_resend, and parent-first activation with rollback.

import { chipOp, hasOp, tryRetrigger } from './chip.js';
import { ERRNO, IRQCHIP, IRQD, IRQS } from './constants.js';
import type { Machine } from './machine.js';
import type { IrqDesc } from './state.js';

/** Emits a core state change as an event on the leaf level. */
function stateEvent(m: Machine, d: IrqDesc, what: string, before: boolean, after: boolean): void {
    if (m.sink !== null) m.emit({ kind: 'state', what, set: after, changes: [{ what, before, after }], ...m.at(d, 0) });
    else m.tick();
}

/** Sets/clears IRQS_PENDING with an event. */
export function setPending(m: Machine, d: IrqDesc, on: boolean): void {
    const before = (d.istate & IRQS.PENDING) !== 0;
    if (before === on) return;
    d.istate = on ? d.istate | IRQS.PENDING : d.istate & ~IRQS.PENDING;
    if (m.sink !== null) m.emit({ kind: 'pending', where: 'IRQS_PENDING', set: on, changes: [{ what: 'IRQS_PENDING', before, after: on }], ...m.at(d, 0) });
    else m.tick();
}

/** `mask_irq()`: leaf irq_mask unless IRQD_IRQ_MASKED already says so (S-2). */
export function maskIrq(m: Machine, d: IrqDesc): void {
    if (d.state & IRQD.IRQ_MASKED) return;
    if (hasOp(m, d, 0, 'mask')) {
        chipOp(m, d, 0, 'mask');
        d.state |= IRQD.IRQ_MASKED;
    }
}

/** `unmask_irq()`. */
export function unmaskIrq(m: Machine, d: IrqDesc): void {
    if (!(d.state & IRQD.IRQ_MASKED)) return;
    if (hasOp(m, d, 0, 'unmask')) {
        chipOp(m, d, 0, 'unmask');
        d.state &= ~IRQD.IRQ_MASKED;
    }
}

/** `mask_ack_irq()`. */
export function maskAckIrq(m: Machine, d: IrqDesc): void {
    if (hasOp(m, d, 0, 'mask_ack')) {
        chipOp(m, d, 0, 'mask_ack');
        d.state |= IRQD.IRQ_MASKED;
        return;
    }
    maskIrq(m, d);
    if (hasOp(m, d, 0, 'ack')) chipOp(m, d, 0, 'ack');
}

/** `__irq_disable(desc, mask)`. */
function irqDisable(m: Machine, d: IrqDesc, mask: boolean): void {
    if (d.state & IRQD.IRQ_DISABLED) {
        if (mask) maskIrq(m, d);
        return;
    }
    d.state |= IRQD.IRQ_DISABLED;
    stateEvent(m, d, 'IRQD_IRQ_DISABLED', false, true);
    if (hasOp(m, d, 0, 'disable')) {
        chipOp(m, d, 0, 'disable');
        d.state |= IRQD.IRQ_MASKED;
    } else if (mask) {
        maskIrq(m, d);
    }
}

/** `irq_enable()`. */
function irqEnable(m: Machine, d: IrqDesc): void {
    if (!(d.state & IRQD.IRQ_DISABLED)) {
        unmaskIrq(m, d);
        return;
    }
    d.state &= ~IRQD.IRQ_DISABLED;
    stateEvent(m, d, 'IRQD_IRQ_DISABLED', true, false);
    if (hasOp(m, d, 0, 'enable')) {
        chipOp(m, d, 0, 'enable');
        d.state &= ~IRQD.IRQ_MASKED;
    } else {
        unmaskIrq(m, d);
    }
}

/** `disable_irq()`: lazy (S-8) unless the chip has irq_disable or the irq is IRQ_DISABLE_UNLAZY. */
export function disableIrq(m: Machine, d: IrqDesc): number {
    if (d.depth++ === 0) irqDisable(m, d, m.topo.options.disableUnlazy);
    return 0;
}

/** `enable_irq()`: the last enable restarts the irq and resends a pending edge (S-9). */
export function enableIrq(m: Machine, d: IrqDesc): number {
    if (d.depth === 0) {
        m.fault('Unbalanced enable for IRQ ' + d.irq, 'warning', m.at(d, 0));
        return 0;
    }
    if (d.depth === 1) return irqStartup(m, d, true, true);
    d.depth--;
    return 0;
}

/** `irq_domain_activate_irq()`: parent first; a failing level rolls back the activated parents (S-25). */
export function activateIrq(m: Machine, d: IrqDesc, reserve: boolean): number {
    if (d.state & IRQD.ACTIVATED) return 0;
    const ret = activateLevel(m, d, 0, reserve);
    if (ret === 0) d.state |= IRQD.ACTIVATED;
    return ret;
}

function activateLevel(m: Machine, d: IrqDesc, lvl: number, reserve: boolean): number {
    if (lvl + 1 < d.levels.length) {
        const r = activateLevel(m, d, lvl + 1, reserve);
        if (r !== 0) return r;
    }
    const dom = m.domOf(d, lvl);
    const impl = m.impl[dom.index];
    let ret = 0;
    if (m.sink !== null) m.emit({ kind: 'activate', reserve, fn: dom.domainOps.activate ?? 'irq_domain_activate_irq', ...m.at(d, lvl) });
    else m.tick();
    if (impl.activate && !dom.activateNone) ret = impl.activate(m, d, lvl, reserve);
    if (ret === 0) {
        d.levels[lvl].activated = true;
        return 0;
    }
    if (m.sink !== null) m.emit({ kind: 'activate', reserve, error: errName(ret), fn: dom.domainOps.activate ?? 'irq_domain_activate_irq', ...m.at(d, lvl) });
    else m.tick();
    // __irq_domain_activate_irq(): deactivate the already activated parents, child first.
    for (let p = lvl + 1; p < d.levels.length; p++) deactivateLevel(m, d, p, true);
    return ret;
}

function errName(ret: number): string {
    for (const [k, v] of Object.entries(ERRNO)) if (v === -ret) return '-' + k;
    return String(ret);
}

function deactivateLevel(m: Machine, d: IrqDesc, lvl: number, rollback: boolean): void {
    if (!d.levels[lvl].activated) return;
    const dom = m.domOf(d, lvl);
    const impl = m.impl[dom.index];
    if (m.sink !== null) m.emit({ kind: 'deactivate', rollback, fn: dom.domainOps.deactivate ?? 'irq_domain_deactivate_irq', ...m.at(d, lvl) });
    else m.tick();
    if (impl.deactivate && !dom.activateNone) impl.deactivate(m, d, lvl);
    d.levels[lvl].activated = false;
}

/** `irq_domain_deactivate_irq()`: child first (R-ACT-ORDER). */
export function deactivateIrq(m: Machine, d: IrqDesc): void {
    if (!(d.state & IRQD.ACTIVATED)) return;
    for (let l = 0; l < d.levels.length; l++) deactivateLevel(m, d, l, false);
    d.state &= ~IRQD.ACTIVATED;
}

/** `irq_setup_affinity()`: the requested mask (or all CPUs) restricted to online CPUs. */
export function setupAffinity(m: Machine, d: IrqDesc, doSet: (mask: number[]) => number): number {
    const online = m.onlineCpus();
    let mask = d.affinity.filter((c) => online.includes(c));
    if (mask.length === 0) mask = online;
    return doSet(mask);
}

/**
 * `irq_startup()`. `doSetAffinity` is irq_do_set_affinity (injected to avoid an import cycle).
 * Managed irqs without an online CPU in their mask go to managed shutdown (S-12).
 */
export function irqStartup(m: Machine, d: IrqDesc, resend: boolean, _force: boolean, doSetAffinity?: (mask: number[], force: boolean) => number): number {
    const doSet = doSetAffinity ?? ((mask: number[], f: boolean) => STARTUP_AFFINITY.fn(m, d, mask, f));
    d.depth = 0;
    let ret = 0;
    if (d.state & IRQD.IRQ_STARTED) {
        irqEnable(m, d);
    } else {
        const managed = (d.state & IRQD.AFFINITY_MANAGED) !== 0;
        let mode: 'normal' | 'managed' | 'abort' = 'normal';
        if (managed) {
            d.state &= ~IRQD.MANAGED_SHUTDOWN;
            const online = m.onlineCpus();
            if (!d.affinity.some((c) => online.includes(c))) mode = 'abort';
            else if (activateIrq(m, d, false) !== 0) mode = 'abort';
            else mode = 'managed';
        }
        if (mode === 'abort') {
            d.state |= IRQD.MANAGED_SHUTDOWN;
            if (m.sink !== null) m.emit({ kind: 'shutdown', managed: true, fn: 'irq_startup_managed', note: 'no online CPU in the managed mask', ...m.at(d, 0) });
            else m.tick();
            return 0;
        }
        const pre = (m.domOf(d, 0).chipFlags & IRQCHIP.AFFINITY_PRE_STARTUP) !== 0;
        if (mode === 'managed') doSet(d.affinity.filter((c) => m.state.cpus[c]?.online), false);
        else if (pre) setupAffinity(m, d, (mask) => doSet(mask, false));
        ret = irqStartupInner(m, d);
        if (mode === 'normal' && !pre) setupAffinity(m, d, (mask) => doSet(mask, false));
    }
    if (resend) checkIrqResend(m, d, false);
    return ret;
}

/** Late-bound irq_do_set_affinity used by irqStartup (set by affinity.ts, avoiding an import cycle). */
export const STARTUP_AFFINITY: { fn: (m: Machine, d: IrqDesc, mask: number[], force: boolean) => number } = { fn: () => 0 };

function irqStartupInner(m: Machine, d: IrqDesc): number {
    const ret = activateIrq(m, d, false);
    if (ret !== 0) return ret;
    if (m.sink !== null) m.emit({ kind: 'startup', fn: '__irq_startup', ...m.at(d, 0) });
    else m.tick();
    if (hasOp(m, d, 0, 'startup')) {
        chipOp(m, d, 0, 'startup');
        d.state &= ~(IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED);
    } else {
        irqEnable(m, d);
    }
    d.state |= IRQD.IRQ_STARTED;
    return 0;
}

/** `irq_shutdown()`: depth 1, chip shutdown or disable+mask, STARTED cleared. */
export function irqShutdown(m: Machine, d: IrqDesc): void {
    if (!(d.state & IRQD.IRQ_STARTED)) return;
    d.istate &= ~IRQS.REPLAY;
    d.depth = 1;
    if (m.sink !== null) m.emit({ kind: 'shutdown', managed: false, fn: 'irq_shutdown', ...m.at(d, 0) });
    else m.tick();
    if (hasOp(m, d, 0, 'shutdown')) {
        chipOp(m, d, 0, 'shutdown');
        d.state |= IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED;
    } else {
        irqDisable(m, d, true);
    }
    d.state &= ~IRQD.IRQ_STARTED;
}

/**
 * `check_irq_resend()` (S-9): level irqs are never resent; IRQS_REPLAY blocks a second resend; a pending
 * edge (or an injected one) is re-raised by the first capable chip, else by software resend - refused for
 * IRQD_HANDLE_ENFORCE_IRQCTX irqs.
 */
export function checkIrqResend(m: Machine, d: IrqDesc, inject: boolean): number {
    if (d.state & IRQD.LEVEL) {
        if (d.istate & IRQS.PENDING) setPending(m, d, false);
        return -ERRNO.EINVAL;
    }
    if (d.istate & IRQS.REPLAY) {
        if (inject || d.istate & IRQS.PENDING) m.fault('resend refused: IRQS_REPLAY already set (-EBUSY)', 'warning', m.at(d, 0), -ERRNO.EBUSY);
        return -ERRNO.EBUSY;
    }
    if (!(d.istate & IRQS.PENDING) && !inject) return 0;
    setPending(m, d, false);
    let err = 0;
    if (!tryRetrigger(m, d)) {
        // irq_sw_resend()
        if (d.state & IRQD.HANDLE_ENFORCE_IRQCTX) {
            m.fault('software resend refused: IRQD_HANDLE_ENFORCE_IRQCTX (irq_sw_resend -> -EINVAL)', 'warning', m.at(d, 0), -ERRNO.EINVAL);
            err = -ERRNO.EINVAL;
        } else {
            if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: false, how: 'software resend (tasklet)', fn: 'irq_sw_resend', ...m.at(d, 0) });
            else m.tick();
            m.state.hwQueue.push({ t: 'sw', a: d.irq, b: 0, c: 0, d: 0 });
        }
    }
    if (err === 0) {
        d.istate |= IRQS.REPLAY;
        if (m.sink !== null) m.emit({ kind: 'state', what: 'IRQS_REPLAY', set: true, ...m.at(d, 0) });
        else m.tick();
    }
    return err;
}
