// The debug controller: runs one scenario of one topology event by event on a Machine + History, with
// stepping (in/over/out/back), breakpoints, data breakpoints, the stack of the current hop and variables.

import { ERRNO, IRQD, IRQS } from '../constants.js';
import { formatEvent, type MachineEvent } from '../events.js';
import { History } from '../history.js';
import { Machine } from '../machine.js';
import type { IrqRef, ScenarioSpec, SourceLoc, Step, SystemSpec } from '../spec.js';
import type { IrqDesc } from '../state.js';
import { stepText } from '../steps.js';
import {
    compileBreakpoint, elementLines, eventLocs, functionMatches, functionNameProblem, lineKey, storageLocs,
    type Breakpoint, type BreakpointRequest, type BreakpointStatus, type DataBreakpoint, type ElementLine
} from './breakpoints.js';
import { compileExpression, evaluateExpression, formatValue, hitMatches, renderLogMessage, truthy, type ExprValue } from './expression.js';
import { cpuVars, deviceVars, domainVars, eventVars, interruptVars, levelVars, type VarNode } from './inspect.js';
import { parseWatch, readWatch, watchText } from './watch.js';

/** Options of a controller. */
export interface ControllerOptions {
    /** Events one scenario statement may produce before it stops with a fault (default: the spec's, 100000). */
    eventLimit?: number;
    /** History snapshot interval in statements (default 8). */
    snapshotEvery?: number;
    /** Trace lines printed per run before the trace is cut (default 400). */
    traceLimit?: number;
    /** Statements with more events than this check data breakpoints only at their end (default 2000). */
    dataScanLimit?: number;
}

/** How to move forward. */
export type RunMode = 'continue' | 'stepIn' | 'next' | 'stepOut';

/** Why the controller stopped (DAP stopped-event reasons). */
export type StopReason = 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'data breakpoint' | 'exception' | 'pause';

/** A stop. */
export interface StopInfo {
    reason: StopReason;
    description: string;
    hitBreakpointIds: number[];
}

/** One output line (trace hop, logpoint, console reply). */
export interface OutputLine {
    category: 'stdout' | 'console' | 'stderr';
    text: string;
    loc?: SourceLoc;
}

/** The result of a run slice: a stop, the end of the scenario, or neither (call again: the run goes on). */
export interface RunResult {
    stop?: StopInfo;
    ended: boolean;
    output: OutputLine[];
}

/** A stack frame of the current position. */
export interface Frame {
    id: number;
    name: string;
    loc?: SourceLoc;
    /** irq_data level for level frames. */
    level?: number;
}

/** A scope of a frame. */
export interface Scope { name: string; ref: number; expensive: boolean; }

/** A variable as handed to the protocol layer. */
export interface Variable {
    name: string;
    value: string;
    ref: number;
    watch?: string;
    settable?: boolean;
}

/** One evaluated expectation of the run. */
export interface ExpectationEntry {
    text: string;
    pass: boolean;
    expected: string;
    actual: string;
    loc?: SourceLoc;
}

/** A refused request (bad expression, console command the kernel would refuse, unknown reference). */
export class ControllerError extends Error {}

interface Cursor { step: number; k: number; }

const DELIVERY_STARTS = new Set(['raise', 'retrigger']);
/** Events of the dry run that decides which breakpoint lines are reachable. */
const REACH_BUDGET = 200000;

/** Runs one scenario under debugger control. */
export class DebugController {
    machine: Machine;
    private history: History;
    private runList: Step[];
    private injected = new Set<Step>();
    private cursor: Cursor = { step: 0, k: -1 };
    private cache = new Map<number, MachineEvent[]>();
    private mAt = 'end:-1';
    private readonly spec: SystemSpec;
    private readonly opts: Required<ControllerOptions>;
    private sourceBps = new Map<string, Breakpoint[]>();
    private functionBps: Breakpoint[] = [];
    private dataBps: DataBreakpoint[] = [];
    private nextId = 1;
    private expectations = new Map<Step, ExpectationEntry>();
    private pauseRequested = false;
    private traceLeft: number;
    private handles = new Map<number, () => VarNode[]>();
    private listed = new Map<number, VarNode[]>();
    private nextHandle = 1;
    private frames: Frame[] | null = null;
    private elements: Map<string, ElementLine>;
    private storage: Map<string, SourceLoc>;
    private reach: { lines: Set<string>; fns: Set<string>; complete: boolean } | null = null;
    /** Stop at error faults (not only the event limit). */
    stopOnFaults = false;

    constructor(spec: SystemSpec, readonly scenario: ScenarioSpec, options: ControllerOptions = {}) {
        this.spec = options.eventLimit ? { ...spec, options: { ...spec.options, eventLimit: options.eventLimit } } : spec;
        this.opts = { eventLimit: options.eventLimit ?? 0, snapshotEvery: options.snapshotEvery ?? 8, traceLimit: options.traceLimit ?? 400, dataScanLimit: options.dataScanLimit ?? 2000 };
        this.machine = Machine.instantiate(this.spec);
        this.history = new History(this.machine, { snapshotEvery: this.opts.snapshotEvery });
        this.runList = scenario.steps.slice();
        this.traceLeft = this.opts.traceLimit;
        this.elements = elementLines(this.machine.topo, { ...this.spec, scenarios: [scenario] });
        this.storage = storageLocs(this.machine.topo);
    }

    // ---- position ------------------------------------------------------------------------------------

    /** The scenario has run past its last event. */
    get ended(): boolean { return this.cursor.step >= this.runList.length; }

    /** At the entry (nothing executed yet). */
    get atEntry(): boolean { return this.cursor.k < 0; }

    /** The event at the cursor (undefined at entry and at the end). */
    currentEvent(): MachineEvent | undefined {
        if (this.atEntry || this.ended) return undefined;
        return this.eventsOf(this.cursor.step)[this.cursor.k];
    }

    /** The statement at the cursor. */
    currentStatement(): Step | undefined {
        return this.runList[Math.min(this.cursor.step, this.runList.length - 1)];
    }

    private eventsOf(i: number): MachineEvent[] {
        const cached = this.cache.get(i);
        if (cached) return cached;
        let events: MachineEvent[];
        if (i < this.history.length) {
            if (this.mAt !== `end:${i - 1}`) this.history.seekStep(i);
            events = this.machine.execute(this.runList[i]).events;
        } else {
            if (this.mAt !== `end:${i - 1}`) this.history.seekStep(i);
            events = this.history.execute(this.runList[i]).events;
        }
        this.mAt = `end:${i}`;
        if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value as number);
        this.cache.set(i, events);
        return events;
    }

    /**
     * The machine state a position stands for: `end:i` = after statement i (= before statement i + 1), `i:k` =
     * inside statement i at event k. A statement's own `step` event stands for the state before it runs.
     */
    private posKey(): string {
        if (this.atEntry) return 'end:-1';
        if (this.ended) return `end:${this.runList.length - 1}`;
        if (this.cursor.k === 0) return `end:${this.cursor.step - 1}`;
        const ev = this.eventsOf(this.cursor.step);
        return this.cursor.k === ev.length - 1 ? `end:${this.cursor.step}` : `${this.cursor.step}:${this.cursor.k}`;
    }

    /** Puts the machine in the state of the cursor position (lazily; replays from history). */
    materialize(): void {
        const key = this.posKey();
        if (this.mAt === key) return;
        if (key.startsWith('end:')) this.history.seekStep(Number(key.slice(4)) + 1);
        else this.history.seekEvent(this.eventsOf(this.cursor.step)[this.cursor.k].seq);
        this.mAt = key;
    }

    private advance(): boolean {
        if (this.ended) return false;
        if (this.atEntry) this.cursor = { step: 0, k: 0 };
        else if (this.cursor.k + 1 < this.eventsOf(this.cursor.step).length) this.cursor = { step: this.cursor.step, k: this.cursor.k + 1 };
        else this.cursor = { step: this.cursor.step + 1, k: 0 };
        if (this.ended) return false;
        this.eventsOf(this.cursor.step);
        return true;
    }

    private retreat(): boolean {
        if (this.atEntry) return false;
        if (this.ended) this.cursor = { step: this.runList.length - 1, k: this.eventsOf(this.runList.length - 1).length - 1 };
        else if (this.cursor.k > 0) this.cursor = { step: this.cursor.step, k: this.cursor.k - 1 };
        else if (this.cursor.step > 0) this.cursor = { step: this.cursor.step - 1, k: this.eventsOf(this.cursor.step - 1).length - 1 };
        else this.cursor = { step: 0, k: -1 };
        return true;
    }

    // ---- running -------------------------------------------------------------------------------------

    /** Asks a running slice loop to stop at the next event. */
    requestPause(): void { this.pauseRequested = true; }

    private stopWith(reason: StopReason, description: string, output: OutputLine[], ids: number[] = []): RunResult {
        this.pauseRequested = false;
        this.traceLeft = this.opts.traceLimit;
        this.resetHandles();
        return { stop: { reason, description, hitBreakpointIds: ids }, ended: false, output };
    }

    /** Stop at the entry (stopOnEntry). */
    entryStop(): StopInfo {
        this.resetHandles();
        const first = this.runList[0];
        return { reason: 'entry', description: first ? `before: ${stepText(first)}` : 'the scenario has no statements', hitBreakpointIds: [] };
    }

    /** Runs forward until a stop, the end, or `budget` events (then returns with neither: call again). */
    resume(mode: RunMode, budget = 50000, noDebug = false): RunResult {
        const output: OutputLine[] = [];
        const inDelivery = mode === 'stepOut' && this.inDelivery();
        if (this.dataBps.length && !noDebug) { this.materialize(); for (const d of this.dataBps) d.last = readWatch(this.machine, d.path); }
        while (budget-- > 0) {
            if (this.pauseRequested) return this.stopWith('pause', 'paused', output);
            if (!this.advance()) { this.pauseRequested = false; this.traceLeft = this.opts.traceLimit; this.resetHandles(); return { ended: true, output }; }
            const e = this.currentEvent()!;
            this.record(e, output);
            if (e.kind === 'fault' && (/event limit/.test(e.reason) || (this.stopOnFaults && e.severity === 'error'))) {
                return this.stopWith('exception', e.reason, output);
            }
            if (noDebug) continue;
            const hits = this.forwardHits(e, output);
            if (hits.length) return this.stopWith(this.functionBps.some((b) => hits.includes(b.id)) ? 'function breakpoint' : 'breakpoint', this.hitText(e), output, hits);
            const changed = this.dataCheck();
            if (changed) return this.stopWith('data breakpoint', changed.text, output, [changed.id]);
            if (mode === 'stepIn') return this.stopWith('step', this.hitText(e), output);
            if (mode === 'next' && e.kind === 'step') return this.stopWith('step', this.hitText(e), output);
            if (mode === 'stepOut' && (e.kind === 'step' || (inDelivery && DELIVERY_STARTS.has(e.kind)))) return this.stopWith('step', this.hitText(e), output);
        }
        return { ended: false, output };
    }

    /** Steps back one event. */
    stepBack(): RunResult {
        if (!this.retreat()) return this.stopWith('entry', 'at the beginning of the scenario', []);
        return this.stopWith(this.atEntry ? 'entry' : 'step', this.atEntry ? 'at the beginning of the scenario' : this.hitText(this.currentEvent()!), []);
    }

    /** Runs backwards to the previous source or function breakpoint (or the beginning). */
    reverseContinue(budget = 50000): RunResult {
        while (budget-- > 0) {
            if (this.pauseRequested) return this.stopWith('pause', 'paused', []);
            if (!this.retreat() || this.atEntry) return this.stopWith('entry', 'reached the beginning of the scenario', []);
            const e = this.currentEvent()!;
            const hits = this.matching(e).filter((bp) => !bp.log && this.condHolds(bp, e)).map((bp) => bp.id);
            if (hits.length) return this.stopWith('breakpoint', this.hitText(e), [], hits);
        }
        return { ended: false, output: [] };
    }

    /** Back to the initial state (breakpoints kept, hit counts and console statements dropped). */
    restart(): void {
        this.machine = Machine.instantiate(this.spec);
        this.history = new History(this.machine, { snapshotEvery: this.opts.snapshotEvery });
        this.runList = this.scenario.steps.slice();
        this.injected.clear();
        this.cache.clear();
        this.mAt = 'end:-1';
        this.cursor = { step: 0, k: -1 };
        this.expectations.clear();
        for (const bp of [...[...this.sourceBps.values()].flat(), ...this.functionBps]) bp.hits = 0;
        this.resetHandles();
    }

    private inDelivery(): boolean {
        if (this.atEntry || this.ended) return false;
        const ev = this.eventsOf(this.cursor.step);
        for (let x = this.cursor.k; x >= 0; x--) {
            if (DELIVERY_STARTS.has(ev[x].kind)) return true;
            if (ev[x].kind === 'step') return false;
        }
        return false;
    }

    private hitText(e: MachineEvent): string {
        if (e.kind === 'step') return `line ${e.loc?.line ?? '?'}: ${e.text}`;
        return formatEvent(e);
    }

    private record(e: MachineEvent, output: OutputLine[]): void {
        if (e.kind === 'expect') {
            const st = this.runList[this.cursor.step];
            this.expectations.set(st, { text: stepText(st), pass: e.pass, expected: e.expected, actual: e.actual, loc: e.loc });
        }
        if (this.traceLeft > 0) {
            this.traceLeft--;
            const text = e.kind === 'step' ? `── ${e.loc ? `line ${e.loc.line}: ` : 'console: '}${e.text}` : `   ${formatEvent(e)}`;
            output.push({ category: e.kind === 'fault' ? 'stderr' : 'stdout', text, loc: e.loc });
            if (this.traceLeft === 0) output.push({ category: 'console', text: `… trace cut after ${this.opts.traceLimit} lines; the run goes on` });
        }
    }

    private matching(e: MachineEvent): Breakpoint[] {
        const out: Breakpoint[] = [];
        if (this.sourceBps.size) {
            for (const loc of eventLocs(e, this.storage)) {
                for (const bp of this.sourceBps.get(loc.uri) ?? []) if (bp.line === loc.line && !out.includes(bp)) out.push(bp);
            }
        }
        for (const bp of this.functionBps) if (bp.name && functionMatches(bp.name, e)) out.push(bp);
        return out;
    }

    private condHolds(bp: Breakpoint, e: MachineEvent): boolean {
        return !bp.cond || truthy(evaluateExpression(bp.cond, this.lookup(e)));
    }

    private forwardHits(e: MachineEvent, output: OutputLine[]): number[] {
        const hits: number[] = [];
        for (const bp of this.matching(e)) {
            if (!this.condHolds(bp, e)) continue;
            bp.hits++;
            if (bp.hit && !hitMatches(bp.hit, bp.hits)) continue;
            if (bp.log) output.push({ category: 'console', text: renderLogMessage(bp.log, this.lookup(e)), loc: e.loc });
            else hits.push(bp.id);
        }
        return hits;
    }

    private dataCheck(): { id: number; text: string } | undefined {
        if (!this.dataBps.length) return undefined;
        const ev = this.eventsOf(this.cursor.step);
        if (ev.length > this.opts.dataScanLimit && this.cursor.k !== ev.length - 1) return undefined;
        this.materialize();
        for (const d of this.dataBps) {
            const now = readWatch(this.machine, d.path);
            if (now !== d.last) {
                const text = `${d.text}: ${d.last} → ${now}`;
                d.last = now;
                return { id: d.id, text };
            }
        }
        return undefined;
    }

    // ---- expressions ---------------------------------------------------------------------------------

    private descOfEvent(e: MachineEvent | undefined): IrqDesc | null {
        this.materialize();
        if (e?.irq !== undefined) return this.machine.state.descs[e.irq] ?? null;
        const st = this.currentStatement();
        if (st && 'target' in st) {
            const inst = this.machine.resolveRef(st.target)[0];
            return inst === undefined ? null : this.machine.descOf(inst);
        }
        return null;
    }

    private lookup(e: MachineEvent | undefined): (name: string) => ExprValue {
        const rec = e as unknown as Record<string, unknown> | undefined;
        return (name) => {
            switch (name) {
                case 'kind': return e?.kind;
                case 'level': case 'domain': return e?.domain;
                case 'hwirq': return e?.hwirq;
                case 'irq': return e?.irq ?? this.descOfEvent(e)?.irq;
                case 'instance': return e?.instance;
                case 'fn': return e?.fn;
                case 'seq': return e?.seq;
                case 'step': return this.atEntry ? 0 : Math.min(this.cursor.step, this.runList.length - 1) + 1;
                case 'errno': return (rec?.error ?? rec?.errno) as string | undefined;
                case 'cpu': case 'vector': {
                    if (typeof rec?.[name] === 'number') return rec[name] as number;
                    const d = this.descOfEvent(e);
                    const r = d ? this.machine.route(d.inst) : null;
                    return r ? (name === 'cpu' ? r.cpu : r.vector) : undefined;
                }
                default: {
                    const d = this.descOfEvent(e);
                    if (!d) return undefined;
                    switch (name) {
                        case 'masked': return (d.state & IRQD.IRQ_MASKED) !== 0;
                        case 'pending': return (d.istate & IRQS.PENDING) !== 0 || this.devicePending(d);
                        case 'started': return (d.state & IRQD.IRQ_STARTED) !== 0;
                        case 'activated': return (d.state & IRQD.ACTIVATED) !== 0;
                        case 'disabled': return (d.state & IRQD.IRQ_DISABLED) !== 0;
                        case 'count': return d.count;
                        default: return undefined;
                    }
                }
            }
        };
    }

    private devicePending(d: IrqDesc): boolean {
        const def = this.machine.topo.instances[d.inst];
        if (!def || def.device < 0) return false;
        const dev = this.machine.state.devices[def.device];
        const storage = this.machine.topo.domains[def.leaf].storage;
        const hw = d.levels[0].hwirq;
        return storage === 'ims' ? !!dev.ims[hw]?.pending : storage === 'msix' ? !!dev.msix[hw]?.pending : false;
    }

    /**
     * Evaluates a watch/hover/console expression: a console command (repl), a state path, an interrupt,
     * domain or device name, or an expression of the condition language. Throws ControllerError.
     */
    evaluate(text: string, context: string | undefined): { result: string; output: OutputLine[]; changed: boolean; ref?: number } {
        const t = text.trim();
        if (context === 'repl' && /^(raise|mask|unmask|move)\b/.test(t)) {
            const output = this.command(t);
            return { result: output.map((o) => o.text).join('\n'), output, changed: true };
        }
        this.materialize();
        const path = parseWatch(this.machine, t);
        if (path) return { result: readWatch(this.machine, path), output: [], changed: false };
        const named = this.describeName(t);
        if (named) return { ...named, output: [], changed: false };
        let expr;
        try {
            expr = compileExpression(t);
        } catch (err) {
            throw new ControllerError(`cannot evaluate '${t}': ${(err as Error).message}`);
        }
        return { result: formatValue(evaluateExpression(expr, this.lookup(this.currentEvent()))), output: [], changed: false };
    }

    private describeName(t: string): { result: string; ref?: number } | undefined {
        const topo = this.machine.topo;
        const inst = this.resolveInstance(t);
        if (inst !== undefined) {
            const d = this.machine.descOf(inst);
            if (!d) return { result: `${topo.instances[inst].name}: not allocated` };
            const route = this.machine.route(inst);
            const bits = [d.state & IRQD.ACTIVATED ? 'activated' : 'not activated', d.state & IRQD.IRQ_STARTED ? 'started' : 'not started', d.state & IRQD.IRQ_MASKED ? 'masked' : 'unmasked'];
            return { result: `irq ${d.irq}${route ? ` · CPU${route.cpu}/0x${route.vector.toString(16)}` : ''} · ${bits.join(', ')}`, ref: this.alloc(() => interruptVars(this.machine, d)) };
        }
        const dom = topo.domainByName.get(t) ?? topo.domains.find((x) => x.kernelName === t)?.index;
        if (dom !== undefined) {
            const node = domainVars(this.machine)[dom];
            return { result: node.value, ref: node.children ? this.alloc(node.children) : undefined };
        }
        const dev = topo.deviceByName.get(t);
        if (dev !== undefined) {
            const node = deviceVars(this.machine)[dev];
            return { result: node.value, ref: node.children ? this.alloc(node.children) : undefined };
        }
        return undefined;
    }

    private resolveInstance(t: string): number | undefined {
        const ref = parseRef(t);
        if (!ref) return undefined;
        const list = this.machine.resolveRef(ref);
        return list.length === 1 ? list[0] : undefined;
    }

    // ---- console commands ----------------------------------------------------------------------------

    private boundary(): number | undefined {
        if (this.atEntry) return 0;
        if (this.ended) return this.runList.length;
        const ev = this.eventsOf(this.cursor.step);
        if (this.cursor.k === 0) return this.cursor.step;
        if (this.cursor.k === ev.length - 1) return this.cursor.step + 1;
        return undefined;
    }

    /**
     * Executes `raise x.q`, `mask x.q`, `unmask x.q` or `move x.q cpu 3` on the paused machine (like writing to
     * the kernel's debugfs `trigger`); refuses with the kernel's reason. Throws ControllerError when refused.
     */
    command(text: string): OutputLine[] {
        const m = /^(raise|mask|unmask|move)\s+(\S+)(?:\s+cpus?\s+([\d,\s]+))?\s*$/.exec(text.trim());
        if (!m) throw new ControllerError(`cannot parse '${text}': commands are raise X, mask X, unmask X, move X cpu N`);
        const [, verb, name, cpus] = m;
        if (verb === 'move' && !cpus) throw new ControllerError('move needs a CPU: move X cpu N');
        const ref = parseRef(name);
        const insts = ref ? this.machine.resolveRef(ref) : [];
        if (!ref || insts.length !== 1) throw new ControllerError(`-EINVAL: no interrupt named '${name}'`);
        const b = this.boundary();
        if (b === undefined) {
            throw new ControllerError(`-EBUSY: the machine is inside '${stepText(this.runList[this.cursor.step])}' (event #${this.currentEvent()?.seq}); step over to the statement boundary first`);
        }
        this.materialize();
        const d = this.machine.descOf(insts[0]);
        if (!d) throw new ControllerError(`-EINVAL: ${name} has no irq_desc (not allocated)`);
        let step: Step;
        if (verb === 'raise') {
            if (!(d.state & IRQD.ACTIVATED)) throw new ControllerError(`-EINVAL: irq ${d.irq} is not activated (irq_inject_interrupt refuses)`);
            step = { kind: 'irq', action: 'raise', target: ref };
        } else if (verb === 'move') {
            const list = cpus!.split(/[,\s]+/).filter(Boolean).map(Number);
            for (const c of list) {
                if (c >= this.machine.topo.cpuCount) throw new ControllerError(`-EINVAL: no CPU ${c} (${this.machine.topo.cpuCount} CPUs)`);
                if (!this.machine.state.cpus[c].online) throw new ControllerError(`-EINVAL: CPU ${c} is offline`);
            }
            step = { kind: 'set-affinity', target: ref, cpus: list };
        } else {
            step = { kind: 'irq', action: verb as 'mask' | 'unmask', target: ref };
        }
        return this.inject(step, b);
    }

    private inject(step: Step, at: number): OutputLine[] {
        this.runList.splice(at, 0, step);
        this.injected.add(step);
        this.history.truncate(at);
        this.cache.clear();
        if (this.mAt !== `end:${at - 1}`) { this.history.seekStep(at); this.mAt = `end:${at - 1}`; }
        const events = this.eventsOf(at);
        this.cursor = { step: at, k: events.length - 1 };
        const output: OutputLine[] = [];
        const saved = this.traceLeft;
        this.traceLeft = Number.MAX_SAFE_INTEGER;
        for (const e of events) this.record(e, output);
        this.traceLeft = saved;
        this.resetHandles();
        const result = this.machine.state.lastResult;
        output.push({ category: 'console', text: result === 0 ? `${stepText(step)}: ok` : `${stepText(step)}: ${Object.entries(ERRNO).find(([, v]) => v === -result)?.[0] ?? result}` });
        return output;
    }

    // ---- breakpoints ---------------------------------------------------------------------------------

    /**
     * Lines and kernel functions a dry run of the scenario reaches (for verifying breakpoints). The dry run
     * stops after REACH_BUDGET events; past that every element line counts as reachable.
     */
    private reachability(): { lines: Set<string>; fns: Set<string>; complete: boolean } {
        if (this.reach) return this.reach;
        const lines = new Set<string>();
        const fns = new Set<string>();
        const m = Machine.instantiate(this.spec);
        let budget = REACH_BUDGET;
        let complete = true;
        for (const st of this.scenario.steps) {
            if (budget <= 0) { complete = false; break; }
            const events = m.execute(st).events;
            budget -= events.length;
            for (const e of events) {
                for (const loc of eventLocs(e, this.storage)) lines.add(lineKey(loc.uri, loc.line));
                if (e.fn) fns.add(e.fn);
            }
        }
        for (const d of this.machine.topo.domains) for (const cb of Object.values(d.chip)) if (cb.fn) fns.add(cb.fn);
        this.reach = { lines, fns, complete };
        return this.reach;
    }

    /** Replaces the source breakpoints of one file (`uri` as in SourceLoc.uri). */
    setSourceBreakpoints(uri: string, requests: BreakpointRequest[]): BreakpointStatus[] {
        const bps: Breakpoint[] = [];
        const statuses = requests.map((req) => {
            const id = this.nextId++;
            let bp: Breakpoint;
            try {
                bp = compileBreakpoint(id, req, uri);
            } catch (err) {
                return { id, verified: false, line: req.line, message: (err as Error).message };
            }
            const element = this.elements.get(lineKey(uri, req.line ?? 0));
            if (!element) {
                bp.status = { id, verified: false, line: req.line, message: `no topology element or statement of scenario ${this.scenario.name} on line ${req.line}` };
            } else if (this.reachability().complete && !this.reachability().lines.has(lineKey(uri, req.line ?? 0))) {
                bp.status = { id, verified: false, line: req.line, message: `line ${req.line} (${element.what}) is not reached by scenario ${this.scenario.name}` };
            }
            bps.push(bp);
            return bp.status;
        });
        this.sourceBps.set(uri, bps);
        return statuses;
    }

    /** Replaces the function breakpoints (event kinds, `-ENOSPC`, kernel functions). */
    setFunctionBreakpoints(requests: BreakpointRequest[]): BreakpointStatus[] {
        this.functionBps = [];
        return requests.map((req) => {
            const id = this.nextId++;
            const name = (req.name ?? '').trim();
            const problem = functionNameProblem(name, this.reachability().fns);
            if (problem) return { id, verified: false, message: problem };
            try {
                const bp = compileBreakpoint(id, { ...req, name });
                this.functionBps.push(bp);
                return bp.status;
            } catch (err) {
                return { id, verified: false, message: (err as Error).message };
            }
        });
    }

    /** The data breakpoint id of a variable (or of a path typed by the user), with a description. */
    dataBreakpointInfo(ref: number | undefined, name: string): { dataId: string; description: string } | { reason: string } {
        let path = name;
        if (ref !== undefined) {
            const node = this.listed.get(ref)?.find((v) => v.name === name);
            if (!node) return { reason: `no variable '${name}' in reference ${ref}` };
            if (!node.watch) return { reason: `${name} is not hardware or core state the debugger can watch` };
            path = node.watch;
        }
        const p = parseWatch(this.machine, path);
        if (!p) return { reason: `'${name}' is not a watchable state path (e.g. dsa0.ims[0].masked, INTEL-IR-0.irte[0x12], cpu2.vector_irq[0x20], irq24.pending)` };
        const text = watchText(this.machine, p);
        return { dataId: text, description: `${text} changes` };
    }

    /** Replaces the data breakpoints. */
    setDataBreakpoints(ids: string[]): BreakpointStatus[] {
        this.dataBps = [];
        this.materialize();
        return ids.map((dataId) => {
            const id = this.nextId++;
            const p = parseWatch(this.machine, dataId);
            if (!p) return { id, verified: false, message: `unknown data id ${dataId}` };
            this.dataBps.push({ id, path: p, text: watchText(this.machine, p), last: readWatch(this.machine, p) });
            return { id, verified: true };
        });
    }

    /** Lines between `line` and `endLine` of a file where a breakpoint can stand. */
    breakpointLocations(uri: string, line: number, endLine = line): number[] {
        const out: number[] = [];
        for (let l = line; l <= endLine; l++) if (this.elements.has(lineKey(uri, l))) out.push(l);
        return out;
    }

    // ---- stack and variables -------------------------------------------------------------------------

    private resetHandles(): void {
        this.handles.clear();
        this.listed.clear();
        this.frames = null;
    }

    private alloc(fn: () => VarNode[]): number {
        const id = this.nextHandle++;
        this.handles.set(id, fn);
        return id;
    }

    /** The frames of the current position: the hop, the levels below it, the flow handler, the statement. */
    stack(): Frame[] {
        if (this.frames) return this.frames;
        const frames: Frame[] = [];
        const push = (name: string, loc?: SourceLoc, level?: number): void => { frames.push({ id: frames.length, name, loc, level }); };
        const st = this.currentStatement();
        const stName = (s: Step): string => `${this.injected.has(s) ? 'console: ' : ''}${stepText(s)}`;
        if (!st) { push(`${this.scenario.name} (no statements)`, this.scenario.loc); this.frames = frames; return frames; }
        if (this.atEntry) { push(`${this.scenario.name} · entry · ${stName(st)}`, st.loc ?? this.scenario.loc); this.frames = frames; return frames; }
        if (this.ended) { push(`${this.scenario.name} · end`, st.loc ?? this.scenario.loc); this.frames = frames; return frames; }
        const ev = this.eventsOf(this.cursor.step);
        const k = this.cursor.k;
        const e = ev[k];
        if (e.kind !== 'step' && e.kind !== 'expect') {
            if (e.level === undefined || e.irq === undefined) {
                push(hopName(e), e.loc ?? st.loc);
            } else {
                push(levelName(e.level, e.domain ?? '?', e.hwirq, hopFn(e)), e.loc, e.level);
                let start = k;
                while (start > 0 && ev[start].kind !== 'step' && !DELIVERY_STARTS.has(ev[start].kind)) start--;
                let desc: IrqDesc | null | undefined;
                for (let j = e.level - 1; j >= 0; j--) {
                    let found: MachineEvent | undefined;
                    for (let x = k - 1; x >= start; x--) if (ev[x].irq === e.irq && ev[x].level === j) { found = ev[x]; break; }
                    if (found) { push(levelName(j, found.domain ?? '?', found.hwirq, hopFn(found)), found.loc, j); continue; }
                    if (desc === undefined) { this.materialize(); desc = this.machine.state.descs[e.irq] ?? null; }
                    const l = desc?.levels[j];
                    const dom = l ? this.machine.topo.domains[l.domain] : undefined;
                    // During an allocation (root first) the levels below have not allocated anything yet.
                    const pending = !l || e.kind === 'alloc';
                    push(pending ? `— · L${j} ${dom?.kernelName ?? ''} (not allocated yet)`.replace('  ', ' ') : levelName(j, dom?.kernelName ?? '?', l.hwirq, '—'), dom?.loc, j);
                }
                for (let x = k - 1; x >= start; x--) {
                    const f = ev[x];
                    if (f.kind === 'deliver' && f.hop === 'flow' && f.irq === e.irq) { push(`${f.fn ?? 'flow'} irq ${f.irq} · cpu ${f.cpu ?? '?'}`, f.loc); break; }
                }
            }
        }
        push(stName(st), st.loc ?? this.scenario.loc);
        this.frames = frames;
        return frames;
    }

    /** Scopes of a frame. Throws ControllerError for an unknown frame. */
    scopes(frameId: number): Scope[] {
        const frame = this.stack()[frameId];
        if (!frame) throw new ControllerError(`unknown frame ${frameId}`);
        this.materialize();
        const out: Scope[] = [];
        const e = this.currentEvent();
        const d = this.descOfEvent(e);
        // A level frame opens on its own level's state; the event and the whole interrupt follow.
        if (d && frame.level !== undefined && d.levels[frame.level]) {
            out.push({ name: `Level L${frame.level}`, ref: this.alloc(() => levelVars(this.machine, d, frame.level!)), expensive: false });
        }
        if (e) out.push({ name: 'Event', ref: this.alloc(() => eventVars(e)), expensive: false });
        if (d) out.push({ name: `Interrupt (irq ${d.irq})`, ref: this.alloc(() => interruptVars(this.machine, d)), expensive: false });
        out.push({ name: 'Domains', ref: this.alloc(() => domainVars(this.machine)), expensive: false });
        out.push({ name: 'CPUs', ref: this.alloc(() => cpuVars(this.machine)), expensive: false });
        out.push({ name: 'Devices', ref: this.alloc(() => deviceVars(this.machine)), expensive: false });
        return out;
    }

    /** Children of a variables reference. Throws ControllerError for an unknown reference. */
    variables(ref: number): Variable[] {
        const fn = this.handles.get(ref);
        if (!fn) throw new ControllerError(`unknown variablesReference ${ref}`);
        this.materialize();
        const nodes = fn();
        this.listed.set(ref, nodes);
        return nodes.map((n) => ({ name: n.name, value: n.value, ref: n.children ? this.alloc(n.children) : 0, watch: n.watch, settable: n.settable }));
    }

    /** Writes a device mask bit (through the owner's irq_mask/irq_unmask). Throws ControllerError otherwise. */
    setVariable(ref: number, name: string, value: string): { value: string; output: OutputLine[] } {
        if (!this.handles.has(ref)) throw new ControllerError(`unknown variablesReference ${ref}`);
        const node = (this.listed.get(ref) ?? this.variables(ref)).find((v) => v.name === name);
        if (!node) throw new ControllerError(`no variable '${name}' in reference ${ref}`);
        if (!node.settable || !node.watch) throw new ControllerError(`${name} is read-only: only a device mask bit of an allocated interrupt can be written`);
        const want = /^(true|1|masked)$/i.test(value.trim());
        if (!want && !/^(false|0|unmasked)$/i.test(value.trim())) throw new ControllerError(`a mask bit is true or false, not '${value}'`);
        const p = parseWatch(this.machine, node.watch);
        if (!p || p.t !== 'slot') throw new ControllerError(`${name} cannot be written`);
        this.materialize();
        const slot = (p.storage === 'ims' ? this.machine.state.devices[p.device].ims : this.machine.state.devices[p.device].msix)[p.index];
        const owner = this.machine.topo.instances[slot.owner];
        const output = this.command(`${want ? 'mask' : 'unmask'} ${owner.name}`);
        this.materialize();
        return { value: readWatch(this.machine, p), output };
    }

    // ---- summary -------------------------------------------------------------------------------------

    /** The expectations evaluated so far, in statement order. */
    expectationResults(): ExpectationEntry[] {
        return this.runList.flatMap((s) => this.expectations.get(s) ?? []);
    }

    /** The element lines known to the controller (for breakpoint locations and tests). */
    elementLine(uri: string, line: number): ElementLine | undefined {
        return this.elements.get(lineKey(uri, line));
    }
}

function hex(n: number | undefined): string { return n === undefined ? '?' : `0x${(n >>> 0).toString(16)}`; }

/** A level frame's name: the function first, so a narrow Call Stack view still shows it. */
function levelName(level: number, domain: string, hwirq: number | undefined, fn: string): string {
    return `${fn} · L${level} ${domain} hwirq ${hex(hwirq)}`;
}

/** The function (or, for state changes, the change) a level frame shows. */
function hopFn(e: MachineEvent): string {
    if (e.fn) return e.fn;
    if (e.kind === 'state') return `${e.what} ${e.set ? 'set' : 'cleared'}`;
    if (e.kind === 'pending') return `${e.where} ${e.set ? 'set' : 'cleared'}`;
    return e.kind;
}

function hopName(e: MachineEvent): string {
    if (e.kind === 'deliver') {
        const where = [e.cpu !== undefined ? `cpu ${e.cpu}` : '', e.vector !== undefined ? `vector ${hex(e.vector)}` : ''].filter(Boolean).join(' ');
        return `${e.fn ?? e.hop}${where ? ` · ${where}` : ''}`;
    }
    return `${e.kind}${e.fn ? ` · ${e.fn}` : ''}${e.irq !== undefined ? ` irq ${e.irq}` : ''}`;
}

/** `nic0.q3` or `ahci0.port[2]` → an IrqRef. */
export function parseRef(text: string): IrqRef | undefined {
    const m = /^([A-Za-z_][\w.-]*?)(?:\[(\d+)\])?$/.exec(text.trim());
    if (!m) return undefined;
    return m[2] !== undefined ? { irq: m[1], element: Number(m[2]) } : { irq: m[1] };
}
