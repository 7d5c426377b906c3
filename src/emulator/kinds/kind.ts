// The ops-table shape every domain kind implements: its own resource alloc/free, activate/deactivate,
// and the chip callbacks it implements itself (`self`). Behaviour lives in these tables, state per level.

import type { MsiMsg } from '../events.js';
import type { Machine } from '../machine.js';
import type { ChipOp } from '../spec.js';
import type { ResolvedDomain } from '../topology.js';
import type { DomainRes, IrqDesc } from '../state.js';

/** Arguments of a chip op. */
export interface OpArg {
    /** set_affinity: target CPUs (already filtered by online state where the core does so). */
    mask?: number[];
    force?: boolean;
    /** write: the message to store. */
    msg?: MsiMsg;
    /** set_vcpu_affinity: null = back to remapped mode. */
    vcpu?: { vcpu: number; vector: number } | null;
}

/** What a child passes to its parent's alloc (the fwspec / hwirq the parent should use). */
export interface AllocArg {
    hwirq: number;
}

/** A chip callback implemented at this level. Returns 0 / IRQ_SET_MASK_* / a negative errno. */
export type SelfOp = (m: Machine, d: IrqDesc, lvl: number, arg: OpArg) => number;

/** `irq_domain_ops` + the chip's own callbacks of one kind. */
export interface KindImpl {
    initRes(m: Machine, dom: ResolvedDomain): DomainRes;
    /** Allocate this level's own resource for a block of irqs (consecutive descs); sets hwirq and chip data. */
    alloc(m: Machine, descs: IrqDesc[], lvl: number, arg: AllocArg): number;
    /** Release this level's resource. */
    free(m: Machine, descs: IrqDesc[], lvl: number, unwind: boolean): void;
    /** The hwirq this level asks its parent to allocate (e.g. ITS -> GIC: the LPI). */
    parentArg?(m: Machine, d: IrqDesc, lvl: number): number;
    activate?(m: Machine, d: IrqDesc, lvl: number, reserve: boolean): number;
    deactivate?(m: Machine, d: IrqDesc, lvl: number): void;
    self: Partial<Record<ChipOp, SelfOp>>;
}
