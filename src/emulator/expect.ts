// Evaluates scenario expectations against the machine state: delivered, state (core bit or a level's
// hardware bit, S-2), message, writes, result, route and hwirq - each with expected vs actual text.

import { errnoName, IRQD, IRQS } from './constants.js';
import { leafSlot } from './kinds/msi-leaf.js';
import type { Machine } from './machine.js';
import type { Expectation, IrqRef, IrqStateName } from './spec.js';
import type { IrqDesc } from './state.js';

/** The outcome of one expectation. */
export interface ExpectationOutcome {
    pass: boolean;
    expected: string;
    actual: string;
}

function hex(n: number): string { return '0x' + (n >>> 0).toString(16); }

function refText(r: IrqRef): string { return r.element !== undefined ? `${r.irq}[${r.element}]` : r.irq; }

/** Evaluates one expectation (pure: reads state only). */
export function evaluate(m: Machine, e: Expectation): ExpectationOutcome {
    if (e.kind === 'result') {
        const actual = m.state.lastResult === 0 ? 'ok' : m.state.lastResult === -1000 ? 'ELIMIT' : errnoName(m.state.lastResult);
        const expected = e.errno ?? 'ok';
        return { pass: actual === expected, expected, actual };
    }
    const insts = m.resolveRef(e.target);
    if (insts.length !== 1) return { pass: false, expected: `one interrupt named ${refText(e.target)}`, actual: insts.length ? `${insts.length} interrupts (name an element)` : 'no such interrupt' };
    const inst = insts[0];
    const d = m.descOf(inst);
    const name = refText(e.target);
    switch (e.kind) {
        case 'delivered': {
            const hit = !!d && d.lastStep === m.state.step;
            const ok = hit && (e.cpu === undefined || d!.lastCpu === e.cpu) && (e.vector === undefined || d!.lastVector === e.vector);
            const want = `${name} ${e.negated ? 'not ' : ''}delivered${e.cpu !== undefined ? ` to cpu ${e.cpu}` : ''}${e.vector !== undefined ? ` vector ${hex(e.vector)}` : ''}`;
            const actual = hit ? `delivered to cpu ${d!.lastCpu}${d!.lastVector >= 0 ? ` vector ${hex(d!.lastVector)}` : ''}` : 'not delivered by the previous step';
            return { pass: e.negated ? !ok : ok, expected: want, actual };
        }
        case 'state': {
            const v = stateValue(m, d, inst, e.state, e.level);
            const want = `${name} ${e.negated ? 'not ' : ''}${e.state}${e.level ? ` at ${e.level}` : ''}`;
            if (typeof v === 'string') return { pass: false, expected: want, actual: v };
            return { pass: e.negated ? !v : v, expected: want, actual: `${v ? '' : 'not '}${e.state}` };
        }
        case 'message': {
            const msg = m.message(inst);
            const want = [e.address !== undefined ? `address ${hex(e.address)}` : '', e.addressHi !== undefined ? `address-hi ${hex(e.addressHi)}` : '', e.data !== undefined ? `data ${hex(e.data)}` : ''].filter(Boolean).join(' ');
            if (!msg) return { pass: false, expected: want, actual: 'no message storage' };
            const ok = (e.address === undefined || msg.addressLo >>> 0 === e.address >>> 0) && (e.addressHi === undefined || msg.addressHi >>> 0 === e.addressHi >>> 0) && (e.data === undefined || msg.data >>> 0 === e.data >>> 0);
            return { pass: ok, expected: want, actual: `address ${hex(msg.addressLo)} address-hi ${hex(msg.addressHi)} data ${hex(msg.data)}` };
        }
        case 'writes': {
            const n = m.state.instances[inst].writes;
            return { pass: n === e.count, expected: `${e.count} writes`, actual: `${n} writes` };
        }
        case 'route': {
            const r = m.route(inst);
            const want = `on cpu ${e.cpu}${e.vector !== undefined ? ` vector ${hex(e.vector)}` : ''}`;
            if (!r) return { pass: false, expected: want, actual: 'not allocated' };
            return { pass: r.cpu === e.cpu && (e.vector === undefined || r.vector === e.vector), expected: want, actual: `on cpu ${r.cpu} vector ${hex(r.vector)}` };
        }
        case 'hwirq': {
            const want = `hwirq ${hex(e.value)} at ${e.level}`;
            if (!d) return { pass: false, expected: want, actual: 'not allocated' };
            const lvl = m.levelOf(d, e.level);
            if (lvl < 0) return { pass: false, expected: want, actual: `${e.level} is not on this interrupt's chain` };
            return { pass: d.levels[lvl].hwirq === e.value, expected: want, actual: `hwirq ${hex(d.levels[lvl].hwirq)}` };
        }
    }
}

/** The value of a state name, core-wide or at one level; a string explains why it cannot be evaluated. */
export function stateValue(m: Machine, d: IrqDesc | null, inst: number, state: IrqStateName, level?: string): boolean | string {
    if (state === 'allocated' && !level) return !!d;
    if (state === 'posted' && !level) return m.state.instances[inst].posted;
    if (!d) return 'not allocated';
    if (!level) {
        switch (state) {
            case 'pending': return (d.istate & IRQS.PENDING) !== 0;
            case 'masked': return (d.state & IRQD.IRQ_MASKED) !== 0;
            case 'disabled': return (d.state & IRQD.IRQ_DISABLED) !== 0;
            case 'started': return (d.state & IRQD.IRQ_STARTED) !== 0;
            case 'activated': return (d.state & IRQD.ACTIVATED) !== 0;
            case 'shutdown': return (d.state & IRQD.MANAGED_SHUTDOWN) !== 0 || (d.hasAction && !(d.state & IRQD.IRQ_STARTED));
            // The core's view: an affinity change waits for the next interrupt (IRQD_SETAFFINITY_PENDING).
            // The vector level's unfinished move/cleanup is `move-pending at VECTOR`.
            case 'move-pending': return (d.state & IRQD.SETAFFINITY_PENDING) !== 0;
            default: return false;
        }
    }
    const lvl = m.levelOf(d, level);
    if (lvl < 0) return `${level} is not on this interrupt's chain`;
    const l = d.levels[lvl];
    const dom = m.topo.domains[l.domain];
    const res = m.state.domains[l.domain].res;
    switch (state) {
        case 'allocated': return true;
        case 'activated': return l.activated;
        case 'masked':
            if (lvl === 0 && dom.storage === 'msi') {
                const dev = m.state.devices[m.topo.instances[inst].device];
                return (dev.msiMaskBits & (1 << (d.irq - d.blockBase))) !== 0;
            }
            return l.hwMasked;
        case 'pending': {
            if (lvl === 0) {
                if (res.t === 'aplic') return res.src[l.hwirq]?.pending ?? false;
                if (res.t === 'pins') return res.pins[l.hwirq]?.pending ?? false;
                if (dom.storage === 'msi') return (m.state.devices[m.topo.instances[inst].device].msiPendingBits & (1 << (d.irq - d.blockBase))) !== 0;
                return leafSlot(m, d)?.pending ?? false;
            }
            if (l.c.t === 'its') {
                const g = m.state.domains[d.levels[d.levels.length - 1].domain].res;
                return g.t === 'gic' ? g.lpi.get(l.c.lpi)?.pending ?? false : false;
            }
            if (res.t === 'gic') return (res.lpi.get(l.hwirq) ?? res.spi.get(l.hwirq))?.pending ?? false;
            if (res.t === 'imsic' && l.c.t === 'imsic') return res.harts[l.c.cpu].eip[l.c.id] === 1;
            return false;
        }
        case 'posted': return l.c.t === 'ir' ? l.c.postedVcpu : false;
        case 'move-pending': return l.c.t === 'vector' ? l.c.moveInProgress || l.c.cleanupPending : (d.state & IRQD.SETAFFINITY_PENDING) !== 0;
        case 'disabled': return (d.state & IRQD.IRQ_DISABLED) !== 0;
        case 'started': return (d.state & IRQD.IRQ_STARTED) !== 0;
        case 'shutdown': return (d.state & IRQD.MANAGED_SHUTDOWN) !== 0;
    }
}
