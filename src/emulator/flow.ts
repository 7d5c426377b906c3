// Flow handlers (kernel/irq/chip.c): handle_edge_irq (ack early, S-6 pending loop), handle_fasteoi_irq
// (EOI after the handler, ONESHOT masking), handle_level_irq, simple and per-CPU; plus handle_irq_event.

import { ackOrEoi, chipOp, hasOp } from './chip.js';
import { IRQCHIP, IRQD, IRQS } from './constants.js';
import { maskAckIrq, maskIrq, setPending, unmaskIrq } from './core.js';
import type { Machine } from './machine.js';
import type { IrqDesc } from './state.js';
import { raiseHook } from './kinds/hooks.js';

function flowEvent(m: Machine, d: IrqDesc, note?: string): void {
    if (m.sink !== null) m.emit({ kind: 'deliver', hop: 'flow', fn: d.flow, cpu: m.currentCpu, note, ...m.at(d, 0) });
    else m.tick();
}

/** `irq_may_run()`: not while the handler already runs on another CPU. */
function mayRun(d: IrqDesc): boolean {
    return (d.state & IRQD.IRQ_INPROGRESS) === 0;
}

/** Marks a level-triggered source as serviced: the driver's handler cleared the device condition. */
function deassert(m: Machine, d: IrqDesc): void {
    const r = m.state.domains[d.levels[0].domain].res;
    const hw = d.levels[0].hwirq;
    if (r.t === 'aplic' && r.src[hw]) r.src[hw].asserted = false;
    else if (r.t === 'pins' && r.pins[hw]) r.pins[hw].asserted = false;
}

/** `handle_irq_event()`: clears IRQS_PENDING, runs the action with IRQD_IRQ_INPROGRESS set. */
function handleIrqEvent(m: Machine, d: IrqDesc): void {
    d.istate &= ~IRQS.PENDING;
    d.state |= IRQD.IRQ_INPROGRESS;
    d.handled++;
    d.lastCpu = m.currentCpu;
    d.lastVector = m.currentVector;
    d.lastStep = m.state.step;
    if (m.currentCpu >= 0) m.state.cpus[m.currentCpu].handled++;
    if (m.sink !== null) m.emit({ kind: 'handle', flow: d.flow, cpu: m.currentCpu, vector: m.currentVector >= 0 ? m.currentVector : undefined, fn: 'handle_irq_event', ...m.at(d, 0) });
    else m.tick();
    if (!d.cascade) {
        const def = m.topo.instances[d.inst];
        if (def.level) deassert(m, d);
        if (def.threaded && d.istate & IRQS.ONESHOT) d.threadsOneshot = true;
        if (d.reraise > 0) {
            // The device raises again while the handler runs (S-6): the new arrival sees INPROGRESS.
            d.reraise--;
            const cpu = m.currentCpu;
            const vector = m.currentVector;
            raiseHook.fn(m, d.inst);
            m.currentCpu = cpu;
            m.currentVector = vector;
        }
    }
    d.state &= ~IRQD.IRQ_INPROGRESS;
}

/** The irq thread of a ONESHOT irq finished: `irq_finalize_oneshot()` -> unmask_threaded_irq(). */
function finalizeOneshot(m: Machine, d: IrqDesc): void {
    if (!d.threadsOneshot) return;
    d.threadsOneshot = false;
    if (!(d.state & IRQD.IRQ_DISABLED) && d.state & IRQD.IRQ_MASKED) {
        if (m.domOf(d, 0).chipFlags & IRQCHIP.EOI_THREADED) chipOp(m, d, 0, 'eoi');
        unmaskIrq(m, d);
    }
}

/** `handle_edge_irq()`. */
function handleEdge(m: Machine, d: IrqDesc): void {
    d.istate &= ~(IRQS.REPLAY | IRQS.WAITING);
    if (!mayRun(d) || d.state & IRQD.IRQ_DISABLED || !d.hasAction) {
        setPending(m, d, true);
        maskAckIrq(m, d);
        return;
    }
    d.count++;
    if (m.topo.domains[d.levels[0].domain].chip.ack.mode !== 'none') ackOrEoi(m, d, 'ack');
    else m.fault('handle_edge_irq: leaf chip has no irq_ack (R-FLOW-ACK, NULL dereference)', 'error', m.at(d, 0));
    do {
        if (!d.hasAction) { maskIrq(m, d); return; }
        if (d.istate & IRQS.PENDING && !(d.state & IRQD.IRQ_DISABLED) && d.state & IRQD.IRQ_MASKED) unmaskIrq(m, d);
        handleIrqEvent(m, d);
    } while (d.istate & IRQS.PENDING && !(d.state & IRQD.IRQ_DISABLED));
}

/** `cond_unmask_eoi_irq()`. */
function condUnmaskEoi(m: Machine, d: IrqDesc): void {
    const flags = m.domOf(d, 0).chipFlags;
    if (!(d.istate & IRQS.ONESHOT)) { eoi(m, d); return; }
    if (!(d.state & IRQD.IRQ_DISABLED) && d.state & IRQD.IRQ_MASKED && !d.threadsOneshot) {
        eoi(m, d);
        unmaskIrq(m, d);
    } else if (!(flags & IRQCHIP.EOI_THREADED)) {
        eoi(m, d);
    }
}

function eoi(m: Machine, d: IrqDesc): void {
    if (m.topo.domains[d.levels[0].domain].chip.eoi.mode !== 'none') ackOrEoi(m, d, 'eoi');
    else m.fault('handle_fasteoi_irq: leaf chip has no irq_eoi (R-FLOW-ACK/EOI, NULL dereference)', 'error', m.at(d, 0));
}

/** `handle_fasteoi_irq()`. */
function handleFasteoi(m: Machine, d: IrqDesc, ackFirst: boolean, maskAround: boolean): void {
    const flags = m.domOf(d, 0).chipFlags;
    if (!mayRun(d)) {
        if (d.state & IRQD.RESEND_WHEN_IN_PROGRESS) setPending(m, d, true);
        if (!(flags & IRQCHIP.EOI_IF_HANDLED)) eoi(m, d);
        return;
    }
    d.istate &= ~(IRQS.REPLAY | IRQS.WAITING);
    if (!d.hasAction || d.state & IRQD.IRQ_DISABLED) {
        setPending(m, d, true);
        maskIrq(m, d);
        if (!(flags & IRQCHIP.EOI_IF_HANDLED)) eoi(m, d);
        return;
    }
    d.count++;
    if (ackFirst && hasOp(m, d, 0, 'ack')) chipOp(m, d, 0, 'ack');
    if (d.istate & IRQS.ONESHOT || maskAround) maskIrq(m, d);
    handleIrqEvent(m, d);
    if (maskAround && !(d.istate & IRQS.ONESHOT)) { eoi(m, d); unmaskIrq(m, d); }
    else condUnmaskEoi(m, d);
    finalizeOneshot(m, d);
}

/** `handle_level_irq()`. */
function handleLevel(m: Machine, d: IrqDesc): void {
    maskAckIrq(m, d);
    if (!mayRun(d)) return;
    d.istate &= ~(IRQS.REPLAY | IRQS.WAITING);
    if (!d.hasAction || d.state & IRQD.IRQ_DISABLED) { setPending(m, d, true); return; }
    d.count++;
    handleIrqEvent(m, d);
    if (!(d.state & IRQD.IRQ_DISABLED) && d.state & IRQD.IRQ_MASKED && !d.threadsOneshot) unmaskIrq(m, d);
    finalizeOneshot(m, d);
}

/** `handle_simple_irq()`. */
function handleSimple(m: Machine, d: IrqDesc): void {
    if (!mayRun(d)) return;
    d.istate &= ~(IRQS.REPLAY | IRQS.WAITING);
    if (!d.hasAction || d.state & IRQD.IRQ_DISABLED) { setPending(m, d, true); return; }
    d.count++;
    handleIrqEvent(m, d);
}

/** Runs the desc's flow handler (`generic_handle_irq_desc()`), on m.currentCpu. */
export function runFlow(m: Machine, d: IrqDesc): void {
    flowEvent(m, d);
    switch (d.flow) {
        case 'handle_edge_irq': handleEdge(m, d); return;
        case 'handle_fasteoi_irq': handleFasteoi(m, d, false, false); return;
        case 'handle_fasteoi_ack_irq': handleFasteoi(m, d, true, false); return;
        case 'handle_fasteoi_mask_irq': handleFasteoi(m, d, false, true); return;
        case 'handle_level_irq': handleLevel(m, d); return;
        case 'handle_simple_irq': handleSimple(m, d); return;
        case 'handle_percpu_devid_irq':
            d.count++;
            if (hasOp(m, d, 0, 'ack')) chipOp(m, d, 0, 'ack');
            handleIrqEvent(m, d);
            if (hasOp(m, d, 0, 'eoi')) chipOp(m, d, 0, 'eoi');
            return;
        default: handleEdge(m, d);
    }
}
