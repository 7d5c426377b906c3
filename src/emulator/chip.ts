// Calling irq_chip callbacks on a level: implemented here (`self`), delegated to the parent
// (`irq_chip_*_parent`, exactly one level - R-DELEGATE-PARENT-ONLY), to a named level, or absent.

import { DELEGATE_FN } from './kind-defaults.js';
import type { MsiMsg } from './events.js';
import type { Machine } from './machine.js';
import type { OpArg, SelfOp } from './kinds/kind.js';
import type { ChipOp } from './spec.js';
import type { IrqDesc } from './state.js';
import { ERRNO } from './constants.js';

/** Shared empty argument (no allocation on the hot path). */
export const NO_ARG: OpArg = {};

/** Returned when a callback is absent. */
export const ENOSYS = -ERRNO.ENOSYS;

type HopKind = 'ack' | 'eoi' | 'mask' | 'unmask';

function hopEvent(m: Machine, kind: HopKind, d: IrqDesc, lvl: number, fn: string, delegate: boolean, loc: unknown): void {
    if (m.sink !== null) {
        const at = m.at(d, lvl, loc as never);
        m.emit({ kind, delegate, fn, ...at });
    } else {
        m.tick();
    }
}

/** Generic `self` behaviour for kinds that do not implement an op themselves (custom chips). */
const GENERIC_SELF: Partial<Record<ChipOp, SelfOp>> = {
    mask: (_m, d, lvl) => { d.levels[lvl].hwMasked = true; return 0; },
    unmask: (_m, d, lvl) => { d.levels[lvl].hwMasked = false; return 0; },
    ack: () => 0,
    eoi: () => 0,
    set_type: () => 0,
    set_affinity: () => 0,
    write: (m, d, _lvl, arg) => {
        const s = m.state.instances[d.inst].reg;
        if (arg.msg) { s.addressLo = arg.msg.addressLo; s.addressHi = arg.msg.addressHi; s.data = arg.msg.data; }
        m.state.instances[d.inst].writes++;
        return 0;
    }
};

/** The implementation of op at level lvl when it is `self`/`platform`. */
function selfImpl(m: Machine, d: IrqDesc, lvl: number, op: ChipOp): SelfOp | undefined {
    const di = d.levels[lvl].domain;
    return m.impl[di].self[op] ?? GENERIC_SELF[op];
}

/** Does level lvl provide op at all (self, platform, parent or level delegation)? */
export function hasOp(m: Machine, d: IrqDesc, lvl: number, op: ChipOp): boolean {
    return m.topo.domains[d.levels[lvl].domain].chip[op].mode !== 'none';
}

/**
 * Calls chip op `op` on level `lvl`: one event per level (the op itself or the delegation hop).
 * Returns the op's result, or -ENOSYS when absent (a missing delegation target is a fault, R-DELEGATE-EXISTS).
 */
export function chipOp(m: Machine, d: IrqDesc, lvl: number, op: ChipOp, arg: OpArg = NO_ARG): number {
    const dom = m.topo.domains[d.levels[lvl].domain];
    const cb = dom.chip[op];
    switch (cb.mode) {
        case 'self':
        case 'platform': {
            if (op === 'ack' || op === 'eoi' || op === 'mask' || op === 'unmask') hopEvent(m, op, d, lvl, cb.fn, false, cb.loc);
            const impl = selfImpl(m, d, lvl, op);
            return impl ? impl(m, d, lvl, arg) : ENOSYS;
        }
        case 'parent':
            return delegate(m, d, lvl, op, arg, cb.fn, lvl + 1);
        case 'level': {
            let target = -1;
            for (let i = 0; i < d.levels.length; i++) if (d.levels[i].domain === cb.target) target = i;
            if (target < 0) {
                m.fault(`${dom.kernelName}: ${op} delegated to ${m.topo.domains[cb.target]?.kernelName} which is not on this irq's chain`, 'error', m.at(d, lvl, cb.loc), ENOSYS);
                return ENOSYS;
            }
            return delegate(m, d, lvl, op, arg, cb.fn, target);
        }
        default:
            return ENOSYS;
    }
}

/**
 * The flow handlers' `chip->irq_ack` / `chip->irq_eoi` at the leaf (hot path): follows plain
 * `irq_chip_*_parent` delegations with named property loads, then the general chipOp() for the final level.
 */
export function ackOrEoi(m: Machine, d: IrqDesc, op: 'ack' | 'eoi'): number {
    const levels = d.levels;
    const domains = m.topo.domains;
    let lvl = 0;
    for (;;) {
        const chip = domains[levels[lvl].domain].chip;
        const cb = op === 'ack' ? chip.ack : chip.eoi;
        if (cb.mode !== 'parent' || lvl + 1 >= levels.length) break;
        const pchip = domains[levels[lvl + 1].domain].chip;
        if ((op === 'ack' ? pchip.ack : pchip.eoi).mode === 'none') break;
        if (m.sink !== null) hopEvent(m, op, d, lvl, cb.fn, true, cb.loc);
        else m.tick();
        lvl++;
    }
    return lvl === 0 ? chipOp(m, d, 0, op, NO_ARG) : chipOpFinal(m, d, lvl, op);
}

/** The last hop of ackOrEoi(): a level whose op is not a plain parent delegation. */
function chipOpFinal(m: Machine, d: IrqDesc, lvl: number, op: 'ack' | 'eoi'): number {
    const dom = m.topo.domains[d.levels[lvl].domain];
    const cb = op === 'ack' ? dom.chip.ack : dom.chip.eoi;
    if (cb.mode === 'self' || cb.mode === 'platform') {
        if (m.sink !== null) hopEvent(m, op, d, lvl, cb.fn, false, cb.loc);
        else m.tick();
        const self = m.impl[dom.index].self;
        const impl = (op === 'ack' ? self.ack : self.eoi) ?? GENERIC_SELF[op];
        return impl ? impl(m, d, lvl, NO_ARG) : ENOSYS;
    }
    return chipOp(m, d, lvl, op, NO_ARG);
}

/** A delegation hop from lvl to `to` (normally lvl + 1), then the op there. */
export function delegate(m: Machine, d: IrqDesc, lvl: number, op: ChipOp, arg: OpArg, fn: string = DELEGATE_FN[op], to: number = lvl + 1): number {
    const loc = m.sink !== null ? m.topo.domains[d.levels[lvl].domain].chip[op].loc : undefined;
    if (op === 'ack' || op === 'eoi' || op === 'mask' || op === 'unmask') hopEvent(m, op, d, lvl, fn, true, loc);
    else if (op === 'retrigger' && m.sink !== null) m.emit({ kind: 'retrigger', delegate: true, how: 'delegate', fn, ...m.at(d, lvl, loc) });
    else if (op === 'retrigger') m.tick();
    if (to >= d.levels.length) {
        m.fault(`${fn}: level ${lvl} has no parent (R-DELEGATE-EXISTS)`, 'error', m.at(d, lvl, loc), ENOSYS);
        return ENOSYS;
    }
    const pdom = m.topo.domains[d.levels[to].domain];
    if (pdom.chip[op].mode === 'none') {
        const fatal = op === 'ack' || op === 'eoi' || op === 'mask' || op === 'unmask' || op === 'mask_ack';
        m.fault(`${fn}: parent chip ${pdom.chipName} has no irq_${op} (R-DELEGATE-EXISTS${fatal ? ', NULL dereference in the kernel' : ', -ENOSYS'})`, fatal ? 'error' : 'warning', m.at(d, to, loc), ENOSYS);
        return ENOSYS;
    }
    return chipOp(m, d, to, op, arg);
}

/**
 * `irq_chip_compose_msi_msg()`: the first chip from the leaf towards the root that has
 * irq_compose_msi_msg composes (S-3). Returns null when none does (R-COMPOSER-EXISTS, a BUG_ON).
 */
export function composeMsg(m: Machine, d: IrqDesc, from = 0): MsiMsg | null {
    for (let l = from; l < d.levels.length; l++) {
        const cb = m.topo.domains[d.levels[l].domain].chip.compose;
        if (cb.mode === 'self' || cb.mode === 'platform') {
            const impl = selfImpl(m, d, l, 'compose');
            const out: OpArg = {};
            if (!impl || impl(m, d, l, out) < 0 || !out.msg) break;
            if (m.sink !== null) m.emit({ kind: 'compose', msg: out.msg, fn: cb.fn, ...m.at(d, l, cb.loc) });
            else m.tick();
            return out.msg;
        }
    }
    m.fault('no chip on the chain composes a message (R-COMPOSER-EXISTS; BUG_ON in msi_domain_activate)', 'error', m.at(d, 0), ENOSYS);
    return null;
}

/** `irq_chip_write_msi_msg()` at the leaf. */
export function writeMsg(m: Machine, d: IrqDesc, msg: MsiMsg): number {
    const cb = m.topo.domains[d.levels[0].domain].chip.write;
    if (cb.mode === 'none') {
        m.fault('leaf chip has no irq_write_msi_msg (R-LEAF-WRITE)', 'error', m.at(d, 0), ENOSYS);
        return ENOSYS;
    }
    return chipOp(m, d, 0, 'write', { msg });
}

/**
 * `try_retrigger()`: the leaf's irq_retrigger, else `irq_chip_retrigger_hierarchy()` = the first ancestor
 * with irq_retrigger (S-9). Returns 1 when a hardware retrigger was issued, 0 otherwise.
 */
export function tryRetrigger(m: Machine, d: IrqDesc): number {
    const leaf = m.topo.domains[d.levels[0].domain].chip.retrigger;
    if (leaf.mode === 'self' || leaf.mode === 'platform') return Math.max(0, chipOp(m, d, 0, 'retrigger'));
    if (m.sink !== null) m.emit({ kind: 'retrigger', delegate: true, how: 'hierarchy', fn: 'irq_chip_retrigger_hierarchy', ...m.at(d, 0, leaf.loc) });
    else m.tick();
    for (let l = 1; l < d.levels.length; l++) {
        const cb = m.topo.domains[d.levels[l].domain].chip.retrigger;
        if (cb.mode === 'self' || cb.mode === 'platform') return Math.max(0, chipOp(m, d, l, 'retrigger'));
    }
    return 0;
}
