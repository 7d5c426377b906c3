// The Machine: instantiates a SystemSpec, holds the plain-data state, emits events (or only counts them
// when tracing is off), executes scenario steps, and takes cheap snapshots for history and replay.

import { ERRNO, errnoName } from './constants.js';
import type { EventSink, MachineEvent, MsiMsg } from './events.js';
import type { KindImpl } from './kinds/kind.js';
import { KINDS } from './kinds/registry.js';
import { createCascades } from './kinds/riscv.js';
import { dispatchStep } from './steps.js';
import { drainHw, raiseInstance } from './platform.js';
import { buildPlan, PLAN_AFTER, type DeliveryPlan } from './fast-path.js';
import type { SourceLoc, Step, SystemSpec, IrqRef } from './spec.js';
import type { ExpectationOutcome } from './expect.js';
import { cloneState, emptySlot, rebuildRevmaps, type CpuState, type DeviceState, type IrqDesc, type MachineState } from './state.js';
import { hasIrAncestor, resolveTopology, type InstanceDef, type ResolvedDomain, type Topology } from './topology.js';
import { IRQD, IRQS, VECTOR_UNUSED, VEC_FREE, VEC_SYSTEM, flagNames } from './constants.js';

/** An event before it gets its sequence number. */
export type PendingEvent = MachineEvent extends infer E ? E extends MachineEvent ? Omit<E, 'seq'> : never : never;

/** Thrown inside the machine when the event limit (or a stop point) is reached; caught by execute(). */
export class LimitSignal {
    constructor(readonly stop: boolean) {}
}

/** The outcome of one step. */
export interface StepResult {
    /** 0 or a negative errno (-1000 = event limit). */
    result: number;
    ok: boolean;
    /** "-ENOSPC" etc. */
    errno?: string;
    /** Events of this step (empty when tracing is off). */
    events: MachineEvent[];
    firstSeq: number;
    lastSeq: number;
    /** The run hit the event limit (a storm) and stopped. */
    limited: boolean;
    /** For an `expect` step: pass/fail with expected and actual text. */
    expectation?: ExpectationOutcome;
}

/** A snapshot: the whole mutable state (a deep copy). */
export interface MachineSnapshot {
    state: MachineState;
}

/** One level of an interrupt as the debugger shows it (`/sys/kernel/debug/irq/irqs/N` per level). */
export interface LevelView {
    level: number;
    /** DSL name and kernel name of the domain. */
    name: string;
    domain: string;
    kind: string;
    chip: string;
    hwirq: number;
    hwMasked: boolean;
    activated: boolean;
    /** Kind-specific chip data (vector/CPU, IRTE index, EventID/LPI, IMSIC hart/ID...). */
    data: Record<string, unknown>;
}

/** The state of one interrupt instance for a variables view. */
export interface IrqView {
    instance: string;
    irq: number;
    flow: string;
    depth: number;
    /** Decoded IRQD_* / IRQS_* names. */
    state: string[];
    istate: string[];
    affinity: number[];
    effectiveCpu: number;
    count: number;
    handled: number;
    writes: number;
    message: MsiMsg | null;
    levels: LevelView[];
}

/** Options of Machine.instantiate(). */
export interface MachineOptions {
    /** Build event records (default true). Off = the fast path: events are only counted. */
    trace?: boolean;
    /** Also forward every event here. */
    sink?: EventSink;
    /**
     * raise() with tracing off uses compiled per-instance delivery plans (fast-path.ts) for the common case
     * (default true). false = always the generic path; the results are identical (differential tests).
     */
    fastPath?: boolean;
}

/** Result code used for the event limit. */
export const E_LIMIT = -1000;

/** The deterministic interrupt machine. */
export class Machine {
    readonly topo: Topology;
    state: MachineState;
    /** Internal sink (null = tracing off). */
    sink: EventSink | null = null;
    private userSink: EventSink | undefined;
    private collected: MachineEvent[] = [];
    private trace: boolean;
    /** Sequence number at which the current run stops (event limit or stop point). */
    limitSeq = Number.MAX_SAFE_INTEGER;
    private stopIsLimit = true;
    /** CPU whose context runs the current code (-1 = process context). */
    currentCpu = -1;
    /** Outcome of the last `expect` step. */
    lastExpectation: ExpectationOutcome | null = null;
    /** Vector (or INTID / ID) being delivered (orig_ax), -1 outside delivery. */
    currentVector = -1;
    /** Per-domain kind implementations. */
    readonly impl: KindImpl[];
    /** Depth of hardware queue draining (prevents re-entrant drains). */
    draining = false;
    /** Per domain: the IR domain on its parent chain, or -1 (static, precomputed). */
    readonly irAncestor: Int32Array;
    private readonly apicToCpu = new Map<number, number>();
    /** Dense APIC/hart id -> CPU table (hot path), when the ids are small. */
    private readonly apicTable: Int32Array;
    /**
     * State version for raise()'s delivery plans (read-only outside the machine): bumped by every execute(),
     * restore(), sink change and every raise() that takes the generic path - everything that can change the
     * structure a plan was built from. Plans are only built with tracing off, so a plan of the current
     * version implies tracing is still off.
     */
    version = 0;
    private readonly fastPath: boolean;
    /**
     * Delivery plans per instance (built lazily, rebuilt when the version moved on). Sized up front so its
     * elements kind never changes (a fresh empty array would deoptimise raise() on every new machine).
     */
    private readonly plans: (DeliveryPlan | null)[];
    /** Per instance: generic raise() calls since its plan was last (re)built or declined (see PLAN_AFTER). */
    private readonly heat: Uint8Array;

    private constructor(topo: Topology, opts: MachineOptions) {
        this.topo = topo;
        this.trace = opts.trace !== false;
        this.userSink = opts.sink;
        this.fastPath = opts.fastPath !== false;
        this.plans = topo.instances.map(() => null);
        this.heat = new Uint8Array(topo.instances.length);
        this.impl = topo.domains.map((d) => KINDS[d.kind]);
        this.irAncestor = Int32Array.from(topo.domains.map((d) => hasIrAncestor(topo, d.index)));
        topo.apicIds.forEach((a, c) => { if (!this.apicToCpu.has(a)) this.apicToCpu.set(a, c); });
        const maxApic = Math.max(0, ...topo.apicIds);
        this.apicTable = new Int32Array(maxApic < 1 << 20 ? maxApic + 1 : 0).fill(-1);
        if (this.apicTable.length) this.apicToCpu.forEach((c, a) => { this.apicTable[a] = c; });
        this.state = this.initialState();
        this.installSink();
    }

    /** Builds a machine from a spec (throws SpecError for unresolvable specs). */
    static instantiate(spec: SystemSpec, opts: MachineOptions = {}): Machine {
        return new Machine(resolveTopology(spec), opts);
    }

    private installSink(): void {
        this.version++;
        if (!this.trace) { this.sink = null; return; }
        const user = this.userSink;
        const col = this.collected;
        this.sink = user ? (e) => { col.push(e); user(e); } : (e) => { col.push(e); };
    }

    /** Turns event records on or off (off = fast path). */
    setTracing(on: boolean, sink?: EventSink): void {
        this.trace = on;
        if (sink !== undefined) this.userSink = sink;
        this.installSink();
    }

    get tracing(): boolean { return this.trace; }

    private initialState(): MachineState {
        const t = this.topo;
        const cpus: CpuState[] = [];
        const vecDom = t.domains.find((d) => d.kind === 'vector');
        for (let c = 0; c < t.cpuCount; c++) {
            const matrix = new Uint8Array(256).fill(VEC_SYSTEM);
            if (vecDom) {
                for (let v = vecDom.res.vecFrom; v <= vecDom.res.vecTo; v++) matrix[v] = VEC_FREE;
                for (const v of vecDom.res.reservedVectors) matrix[v] = VEC_SYSTEM;
            }
            cpus.push({ online: !t.initiallyOffline[c], apicId: t.apicIds[c], vectorIrq: new Int32Array(256).fill(VECTOR_UNUSED), matrix, allocated: 0, handled: 0 });
        }
        const state: MachineState = {
            seq: 0, step: 0, lastResult: 0, cpus, descs: [], domains: [], devices: [], instances: [], hwQueue: [], strays: 0
        };
        this.state = state;
        state.devices = t.devices.map((dv): DeviceState => ({
            msix: Array.from({ length: dv.msixSize }, () => emptySlot(true)),
            msixEnabled: false, msi: emptySlot(false), msiEnabled: false, msiMaskBits: 0, msiPendingBits: 0, msiNvec: 0,
            ims: Array.from({ length: dv.imsSlots }, () => emptySlot(true))
        }));
        state.instances = t.instances.map(() => ({ irq: -1, writes: 0, reg: emptySlot(true), posted: false, vcpu: -1, pVector: 0, postedCount: 0 }));
        state.domains = t.domains.map((d, i) => ({ revmap: new Map<number, number>(), res: this.impl[i].initRes(this, d) }));
        createCascades(this);
        return state;
    }

    // ---- events -------------------------------------------------------------------------------------

    /** Emits an event (tracing on). Assigns the sequence number and enforces the limit. */
    emit(e: PendingEvent): void {
        const seq = ++this.state.seq;
        if (seq > this.limitSeq) { this.state.seq--; throw new LimitSignal(!this.stopIsLimit); }
        if (this.sink !== null) {
            (e as MachineEvent).seq = seq;
            this.sink(e as MachineEvent);
        }
    }

    /** Counts an event without building it (tracing off). Keeps seq numbers identical to a traced run. */
    tick(): void {
        if (++this.state.seq > this.limitSeq) { this.state.seq--; throw new LimitSignal(!this.stopIsLimit); }
    }

    /** Fills level fields (domain, hwirq, irq, instance, loc) for an event at level lvl of desc d. */
    at(d: IrqDesc, lvl: number, loc?: SourceLoc): { level: number; domain: string; hwirq: number; irq: number; instance: string; loc?: SourceLoc } {
        const l = d.levels[lvl];
        const dom = this.topo.domains[l.domain];
        return { level: lvl, domain: dom.kernelName, hwirq: l.hwirq, irq: d.irq, instance: this.instName(d), loc: loc ?? dom.loc ?? this.topo.instances[d.inst]?.loc };
    }

    /** Instance name of a desc. */
    instName(d: IrqDesc): string {
        return d.cascade ? `cascade ${d.irq}` : this.topo.instances[d.inst].name;
    }

    /** Domain of level lvl of d. */
    domOf(d: IrqDesc, lvl: number): ResolvedDomain {
        return this.topo.domains[d.levels[lvl].domain];
    }

    /** Emits a warning/error fault. */
    fault(reason: string, severity: 'error' | 'warning', extra: Partial<PendingEvent> = {}, errno?: number): void {
        if (this.sink !== null) this.emit({ kind: 'fault', reason, severity, errno: errno !== undefined ? errnoName(errno) : undefined, ...extra } as PendingEvent);
        else this.tick();
    }

    // ---- lookup -------------------------------------------------------------------------------------

    /** Instance indices for a reference (all elements when the array element is omitted). */
    resolveRef(ref: IrqRef): number[] {
        const list = this.topo.instancesByIrq.get(ref.irq);
        if (!list) return [];
        if (ref.element === undefined) return list;
        const i = list[ref.element];
        return i === undefined ? [] : [i];
    }

    /** The desc of an instance, or null when not allocated. */
    descOf(inst: number): IrqDesc | null {
        const irq = this.state.instances[inst]?.irq ?? -1;
        return irq >= 0 ? this.state.descs[irq] ?? null : null;
    }

    /** Instance definition by index. */
    instance(i: number): InstanceDef { return this.topo.instances[i]; }

    /** Level index of a domain (DSL or kernel name) in a desc's chain, or -1. */
    levelOf(d: IrqDesc, domainName: string): number {
        for (let i = 0; i < d.levels.length; i++) {
            const dom = this.topo.domains[d.levels[i].domain];
            if (dom.name === domainName || dom.kernelName === domainName) return i;
        }
        return -1;
    }

    /** The message currently in the device storage for an instance (null if none). */
    message(inst: number): MsiMsg | null {
        const def = this.topo.instances[inst];
        const d = this.descOf(inst);
        const dom = this.topo.domains[def.leaf];
        const hw = d ? d.levels[0].hwirq : def.hwIndex;
        if (dom.storage === 'msix' && def.device >= 0) { const s = this.state.devices[def.device].msix[hw]; return s ? { addressLo: s.addressLo, addressHi: s.addressHi, data: s.data } : null; }
        if (dom.storage === 'ims' && def.device >= 0) { const s = this.state.devices[def.device].ims[hw]; return s ? { addressLo: s.addressLo, addressHi: s.addressHi, data: s.data } : null; }
        if (dom.storage === 'msi' && def.device >= 0) { const s = this.state.devices[def.device].msi; const data = d && d.blockSize > 1 ? (s.data & ~(d.blockSize - 1)) | (d.irq - d.blockBase) : s.data; return { addressLo: s.addressLo, addressHi: s.addressHi, data }; }
        if (dom.storage === 'aplic') {
            const r = this.state.domains[def.leaf].res;
            if (r.t === 'aplic' && d) {
                const s = r.src[d.levels[0].hwirq];
                const imsic = this.topo.domains[dom.parent];
                return s ? { addressLo: (imsic?.res.address ?? 0) + s.hart * 0x1000, addressHi: 0, data: s.eiid } : null;
            }
            return null;
        }
        if (dom.storage === 'rte') {
            const r = this.state.domains[def.leaf].res;
            if (r.t === 'pins' && d) { const p = r.pins[d.levels[0].hwirq]; return p ? { ...p.msg } : null; }
            return null;
        }
        const s = this.state.instances[inst].reg;
        return { addressLo: s.addressLo, addressHi: s.addressHi, data: s.data };
    }

    /** Where an instance is routed now: effective CPU and vector (x86) / LPI (ITS) / ID (IMSIC). */
    route(inst: number): { cpu: number; vector: number } | null {
        const d = this.descOf(inst);
        if (!d) return null;
        for (let i = d.levels.length - 1; i >= 0; i--) {
            const c = d.levels[i].c;
            if (c.t === 'vector') return { cpu: c.cfgCpu, vector: c.cfgVector };
            if (c.t === 'its') return { cpu: c.col, vector: c.lpi };
            if (c.t === 'imsic') return { cpu: c.cpu, vector: c.id };
        }
        return { cpu: d.effCpu, vector: d.levels[d.levels.length - 1].hwirq };
    }

    /** A plain view of one instance (null when it is not allocated). */
    inspect(inst: number): IrqView | null {
        const d = this.descOf(inst);
        if (!d) return null;
        return {
            instance: this.topo.instances[inst].name, irq: d.irq, flow: d.flow, depth: d.depth,
            state: flagNames(d.state, IRQD, 'IRQD_'), istate: flagNames(d.istate, IRQS, 'IRQS_'),
            affinity: d.affinity.slice(), effectiveCpu: d.effCpu, count: d.count, handled: d.handled,
            writes: this.state.instances[inst].writes, message: this.message(inst),
            levels: d.levels.map((l, i) => {
                const dom = this.topo.domains[l.domain];
                const { t, ...data } = l.c;
                void t;
                return { level: i, name: dom.name, domain: dom.kernelName, kind: dom.kind, chip: dom.chipName, hwirq: l.hwirq, hwMasked: l.hwMasked, activated: l.activated, data: { ...data } };
            })
        };
    }

    /** CPUs currently online. */
    onlineCpus(): number[] {
        const out: number[] = [];
        this.state.cpus.forEach((c, i) => { if (c.online) out.push(i); });
        return out;
    }

    /** CPU index of an APIC/hart id, or -1. */
    cpuOfApic(apicId: number): number {
        const t = this.apicTable;
        if (t.length !== 0) return apicId >= 0 && apicId < t.length ? t[apicId] : -1;
        return this.apicToCpu.get(apicId) ?? -1;
    }

    // ---- execution ----------------------------------------------------------------------------------

    /** Executes one step; never throws for machine-level failures (they are events and results). */
    execute(step: Step, stopAtSeq?: number): StepResult {
        const col = this.collected;
        col.length = 0;
        const firstSeq = this.state.seq + 1;
        this.version++;
        if (stopAtSeq !== undefined) { this.limitSeq = stopAtSeq; this.stopIsLimit = false; }
        else { this.limitSeq = this.state.seq + this.topo.options.eventLimit; this.stopIsLimit = true; }
        let result = 0;
        let limited = false;
        this.lastExpectation = null;
        try {
            result = dispatchStep(this, step);
        } catch (e) {
            if (!(e instanceof LimitSignal)) throw e;
            if (e.stop) {
                this.draining = false;
                this.currentCpu = -1;
                this.currentVector = -1;
                this.limitSeq = Number.MAX_SAFE_INTEGER;
                return { result: 0, ok: true, events: col.slice(), firstSeq, lastSeq: this.state.seq, limited: false };
            }
            limited = true;
            result = E_LIMIT;
            this.abortRun();
            // The limit fault itself is always emitted.
            this.fault(`event limit of ${this.topo.options.eventLimit} reached: run stopped (interrupt storm or retrigger loop)`, 'error', { loc: step.loc });
        }
        this.limitSeq = Number.MAX_SAFE_INTEGER;
        if (step.kind !== 'expect') this.state.lastResult = result;
        return {
            result, ok: result === 0, errno: result === 0 ? undefined : result === E_LIMIT ? 'ELIMIT' : errnoName(result),
            events: this.trace ? col.slice() : [], firstSeq, lastSeq: this.state.seq, limited,
            expectation: step.kind === 'expect' && this.lastExpectation ? this.lastExpectation : undefined
        };
    }

    /**
     * Fast path: the device raises instance `inst` (hardware path + flow handler) without step bookkeeping.
     * Bounded by the event limit like execute(); returns false when the limit stopped it. With tracing off,
     * the instance's current delivery plan runs the common case (fast-path.ts); anything else is generic.
     */
    raise(inst: number): boolean {
        const p = this.plans[inst];
        if (p !== null && p.version === this.version && p.run(this)) return true;
        return this.raiseSlow(inst);
    }

    /** raise() without a current plan that accepts the delivery: (re)builds the plan when hot, else the generic path. */
    private raiseSlow(inst: number): boolean {
        if (this.sink === null && this.fastPath && ++this.heat[inst] >= PLAN_AFTER) {
            this.heat[inst] = 0;
            const p = buildPlan(this, inst);
            if (p !== null && (this.plans[inst] = p).run(this)) return true;
        }
        this.version++;
        this.limitSeq = this.state.seq + this.topo.options.eventLimit;
        this.stopIsLimit = true;
        try {
            raiseInstance(this, inst);
            if (this.state.hwQueue.length !== 0) drainHw(this);
        } catch (e) {
            if (!(e instanceof LimitSignal)) throw e;
            this.abortRun();
            this.fault(`event limit of ${this.topo.options.eventLimit} reached: run stopped`, 'error');
            return false;
        } finally {
            this.limitSeq = Number.MAX_SAFE_INTEGER;
        }
        return true;
    }

    /**
     * After the event limit: drop queued hardware events, stop devices that keep re-raising, and leave
     * no handler marked as running (the interrupted flow handlers never return).
     */
    private abortRun(): void {
        this.limitSeq = Number.MAX_SAFE_INTEGER;
        this.state.hwQueue.length = 0;
        this.draining = false;
        this.currentCpu = -1;
        this.currentVector = -1;
        for (const d of this.state.descs) {
            if (!d) continue;
            d.reraise = 0;
            d.state &= ~IRQD.IRQ_INPROGRESS;
        }
    }

    /** Runs steps and yields after each event, with the machine state exactly at that event. */
    *runSteps(steps: Step[]): Generator<MachineEvent, StepResult[], void> {
        const results: StepResult[] = [];
        for (const step of steps) {
            const before = this.snapshot();
            const wasTrace = this.trace;
            if (!wasTrace) this.setTracing(true);
            const full = this.execute(step);
            const after = this.snapshot();
            if (full.events.length <= 512) {
                for (let k = 0; k < full.events.length; k++) {
                    this.restore(before);
                    if (k < full.events.length - 1) {
                        // Replay silently up to event k: same seq numbers, no records, no user sink.
                        this.sink = null;
                        this.execute(step, full.events[k].seq);
                        this.installSink();
                    } else {
                        this.restore(after);
                    }
                    yield full.events[k];
                }
                this.restore(after);
            } else {
                for (const e of full.events) yield e;
            }
            if (!wasTrace) this.setTracing(false);
            results.push(full);
        }
        return results;
    }

    /** A deep copy of the whole mutable state. */
    snapshot(): MachineSnapshot {
        return { state: cloneState(this.state, false) };
    }

    /** Restores a snapshot (the snapshot stays reusable). */
    restore(s: MachineSnapshot): void {
        this.state = cloneState(s.state, false);
        rebuildRevmaps(this.state);
        this.version++;
    }

    /** Errno number by name ("ENOSPC" -> -28). */
    static errno(name: string): number {
        return -(ERRNO[name.replace(/^-/, '')] ?? 0);
    }
}
