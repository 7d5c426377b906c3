// Compiled delivery plans for Machine.raise() with tracing off: the static shape of one instance's delivery
// (storage, IR or compatibility decode, ack chain, event count) resolved once; every raise redoes the lookups.

import { IRQD, IRQS, X86 } from './constants.js';
import { IR_KIND } from './kinds/intel-ir.js';
import { VECTOR_KIND } from './kinds/x86-vector.js';
import type { Machine } from './machine.js';
import type { CpuState, IrqDesc, Irte, MsgSlot, VectorData } from './state.js';

/**
 * Generic raise() calls of an instance after which the machine builds its plan: one-off raises never pay for
 * a plan, an instance that keeps falling back rebuilds at most this often, and raise()'s slow branch has run
 * often enough to be warm (type feedback) before optimised code relies on it.
 */
export const PLAN_AFTER = 64;

/** The final ack level is `apic_ack_irq()` (IR): only `irq_move_irq()`. */
const ACK_MOVE = 1;
/** The final ack level is `apic_ack_edge()` (vector): move completion check, then `irq_move_irq()`. */
const ACK_EDGE = 2;
/** The final ack level has the generic no-op `self` ack (custom chips). */
const ACK_NOP = 3;

/*
 * DeliveryPlan.run() writes the kernel constants it needs as literals: in a bundle, module-level constants become
 * context slots that optimised code reloads and re-checks on every call. This checks them once, at load.
 */
if (X86.MSI_BASE_ADDRESS_LOW !== 0xfee00000
    || (IRQD.IRQ_INPROGRESS | IRQD.IRQ_DISABLED | IRQD.SETAFFINITY_PENDING) !== 0x50100 || IRQD.IRQ_INPROGRESS !== 0x40000
    || IRQS.PENDING !== 0x200 || (IRQS.REPLAY | IRQS.WAITING) !== 0xc0 || IRQS.ONESHOT !== 0x20 || ACK_EDGE !== 2) {
    throw new Error('fast-path.ts: literal constants out of date with constants.ts');
}

/**
 * The delivery plan of one instance: what the generic path would decide from the topology alone (which
 * levels, which decode, which ack implementation, how many events) plus direct references to the objects its
 * lookups end at (desc, MSI-X entry, IRTE, CPU state), valid for one machine version. Every raise re-reads
 * the live fields of those objects and checks that the message / IRTE / APIC id still lead to them.
 * A class whose reference fields start as null: V8 then types them "any object" from the first plan on,
 * so later plans (other machines, other maps) do not deoptimise code compiled against the first one.
 */
export class DeliveryPlan {
    /** Machine.version the plan was built for (any later version makes it stale; built only with an empty hwQueue). */
    version = -1;
    inst = -1;
    /** The instance's desc (the vector_irq[] lookup must name its irq). */
    desc: IrqDesc | null = null;
    /** The MSI-X table entry holding the instance's message. */
    slot: MsgSlot | null = null;
    /**
     * Intel IR path: the IRTE allocated to this irq and its index (the index decoded from the message must
     * be this one); null irte = compatibility-format delivery to the vector domain.
     */
    irte: Irte | null = null;
    irteIndex = -1;
    /** Requester id compared with the IRTE's SID (-1 = none). */
    rid = -1;
    /** The CPU the message targeted when the plan was built, and its state (the APIC id must map to it). */
    cpu = -1;
    cpuState: CpuState | null = null;
    /** ACK_* of the level that finally implements irq_ack, and that level. */
    ack = 0;
    ackLevel = 0;
    /** Events the generic path counts for one delivery (raise ... handle). */
    ticks = 0;
    threaded = false;

    /**
     * One delivery along this plan, with the lookups of the generic path on live state: the desc flags, the
     * MSI-X entry's mask bit and message, the decoded IRTE index and the IRTE's present / posted / SID fields
     * (or the compatibility destination), the CPU of the APIC id (the plan's CPU, whose state it references),
     * that CPU's online state and vector_irq[] entry;
     * then the counts and handler accounting of handle_edge_irq. Returns false, having changed nothing,
     * whenever anything needs the generic path (masked entry, another IRTE or CPU, fault, stray, offline CPU,
     * pending, disabled, running, move pending or in progress, re-raise). Methods, not module functions:
     * bundled module functions are mutable bindings that optimised code re-checks on every call.
     */
    run(m: Machine): boolean {
        // The desc checks first: they do not depend on the hardware lookups, so their loads overlap with them.
        const d = this.desc!;
        // IRQD_IRQ_INPROGRESS | IRQD_IRQ_DISABLED | IRQD_SETAFFINITY_PENDING; IRQS_PENDING.
        if ((d.state & 0x50100) !== 0 || d.hasAction !== true || (d.istate & 0x200) !== 0 || d.reraise !== 0) return false;
        // apic_ack_edge() with a move in progress completes it: the generic path.
        if (this.ack === 2 /* ACK_EDGE */ && (d.levels[this.ackLevel].c as VectorData).moveInProgress === true) return false;
        return this.irte !== null ? this.runIr(m, d) : this.runCompat(m, d);
    }

    /**
     * Remappable format through Intel IR: the message must decode to the plan's IRTE, present, not posted,
     * with the device's SID; the IRTE gives the destination APIC id and vector.
     */
    private runIr(m: Machine, d: IrqDesc): boolean {
        const s = this.slot!;
        if (s.masked !== false) return false;
        // ToInt32 of the address, as the generic path's bit operations do; all further work on int32 values.
        const a = s.addressLo | 0;
        // X86.MSI_BASE_ADDRESS_LOW window and the remappable-format bit (4): handle = addr[19:5] | addr[2] << 15,
        // plus data[15:0] when SHV (addr[3]) is set.
        if ((a & 0xfff00010) !== (0xfee00010 | 0)) return false;
        let index = ((a >>> 5) & 0x7fff) | (((a >>> 2) & 1) << 15);
        if ((a & 0x8) !== 0) index += s.data & 0xffff;
        const e = this.irte!;
        if (index !== this.irteIndex || e.present !== true || e.posted !== false) return false;
        if (e.sid !== this.rid && e.sid >= 0 && this.rid >= 0) return false;
        return this.deliverOn(m, d, m.cpuOfApic(e.dest), e.vector);
    }

    /** Compatibility format to the vector domain: destination APIC id and vector straight from the message. */
    private runCompat(m: Machine, d: IrqDesc): boolean {
        const s = this.slot!;
        if (s.masked !== false) return false;
        const a = s.addressLo | 0;
        // X86.MSI_BASE_ADDRESS_LOW window, compatibility format (address bit 4 clear).
        if ((a & 0xfff00010) !== (0xfee00000 | 0)) return false;
        return this.deliverOn(m, d, m.cpuOfApic(((a >>> 12) & 0xff) | (s.addressHi & 0xffffff00)), s.data & 0xff);
    }

    /** The vector arrives at `cpu` (the plan's CPU): online check, vector_irq[] lookup, then handle_edge_irq's work. */
    private deliverOn(m: Machine, d: IrqDesc, cpu: number, vector: number): boolean {
        if (cpu !== this.cpu) return false;
        const cs = this.cpuState!;
        if (cs.online !== true || cs.vectorIrq[vector] !== d.irq) return false;
        const st = m.state;
        const state = d.state;
        // Committed: from here on this is exactly what the generic path does in this state.
        st.seq += this.ticks;
        d.istate &= ~0xc0; // IRQS_REPLAY | IRQS_WAITING
        d.count++;
        d.state = state | 0x40000; // IRQD_IRQ_INPROGRESS
        d.handled++;
        d.lastCpu = cpu;
        d.lastVector = vector;
        d.lastStep = st.step;
        cs.handled++;
        if (this.threaded === true && (d.istate & 0x20) !== 0) d.threadsOneshot = true; // IRQS_ONESHOT
        d.state &= ~0x40000;
        return true;
    }
}

/**
 * Builds the plan of instance `inst` for the current machine version. Covered: x86 MSI-X leaves delivering
 * through Intel IR (remappable format) or directly to the vector domain (compatibility format), with
 * handle_edge_irq and an ack chain of plain parent delegations ending in apic_ack_irq, apic_ack_edge or a
 * generic self ack. Anything else: null (that instance always takes the generic path).
 */
export function buildPlan(m: Machine, inst: number): DeliveryPlan | null {
    const t = m.topo;
    const def = t.instances[inst];
    const d = m.descOf(inst);
    // Queued hardware events (left by a stop-point run) are drained by the generic path after its delivery;
    // the queue only fills again through execute() / the generic path, which move the version on.
    if (!def || !d || m.state.hwQueue.length !== 0 || d.cascade || def.level) return null;
    if (t.arch !== 'x86_64' || d.flow !== 'handle_edge_irq') return null;
    const leaf = t.domains[def.leaf];
    if (leaf.storage !== 'msix' || def.device < 0) return null;
    const slot = m.state.devices[def.device].msix[d.levels[0].hwirq];
    if (!slot) return null;
    const irDomain = m.irAncestor[d.levels[0].domain];
    let irte: Irte | null = null;
    let irteIndex = -1;
    if (irDomain >= 0) {
        if (t.domains[irDomain].kind !== 'intel-ir') return null;
        const c = d.levels.find((l) => l.domain === irDomain)?.c;
        const r = m.state.domains[irDomain].res;
        if (c?.t !== 'ir' || r.t !== 'ir') return null;
        irteIndex = c.index + c.sub;
        irte = r.irte.get(irteIndex) ?? null;
        if (!irte) return null;
    }
    // handle_edge_irq(): the leaf must have irq_ack; ackOrEoi() follows parent delegations (one event each).
    let ticks = irDomain >= 0 ? 5 : 4; // raise, [IRTE], LAPIC, vector_irq, flow
    const levels = d.levels;
    if (t.domains[levels[0].domain].chip.ack.mode === 'none') return null;
    let lvl = 0;
    for (;;) {
        const cb = t.domains[levels[lvl].domain].chip.ack;
        if (cb.mode !== 'parent' || lvl + 1 >= levels.length) break;
        if (t.domains[levels[lvl + 1].domain].chip.ack.mode === 'none') break;
        ticks++;
        lvl++;
    }
    const final = t.domains[levels[lvl].domain];
    if (final.chip.ack.mode !== 'self' && final.chip.ack.mode !== 'platform') return null;
    ticks++;
    const impl = m.impl[final.index].self.ack;
    const ack = impl === undefined ? ACK_NOP : impl === IR_KIND.self.ack ? ACK_MOVE : impl === VECTOR_KIND.self.ack ? ACK_EDGE : 0;
    if (ack === 0) return null;
    ticks++; // handle_irq_event
    if (ticks > t.options.eventLimit) return null;
    const p = new DeliveryPlan();
    p.version = m.version;
    p.inst = inst;
    p.desc = d;
    p.slot = slot;
    p.irte = irte;
    p.irteIndex = irteIndex;
    p.rid = irDomain >= 0 ? t.devices[def.device].requester : -1;
    p.ack = ack;
    p.ackLevel = lvl;
    p.ticks = ticks;
    p.threaded = def.threaded;
    p.cpu = irte !== null ? m.cpuOfApic(irte.dest) : m.cpuOfApic(((slot.addressLo >>> 12) & 0xff) | (slot.addressHi & 0xffffff00));
    const cs = m.state.cpus[p.cpu];
    if (cs === undefined) return null;
    p.cpuState = cs;
    return p;
}
