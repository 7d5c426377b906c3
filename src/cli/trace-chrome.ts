// `irqt run --trace out.json`: the run as Chrome trace-event JSON (Perfetto, chrome://tracing): one process
// per scenario, a track (tid) for the scenario's steps, one per CPU and one per domain, named by metadata.
import type { MachineEvent, SystemSpec } from '../emulator/index.js';
import type { Machine } from '../emulator/index.js';
import { eventDetail } from './trace-text.js';
import { formatLoc } from './scenario-inputs.js';

/** One trace event of the Trace Event Format. */
export interface ChromeTraceEvent {
    name: string;
    ph: 'X' | 'M' | 'i';
    ts: number;
    pid: number;
    tid: number;
    dur?: number;
    cat?: string;
    s?: 't';
    args: Record<string, string | number | boolean>;
}

/** The JSON document written by `--trace`. */
export interface ChromeTrace {
    traceEvents: ChromeTraceEvent[];
    displayTimeUnit: 'ns';
    otherData: Record<string, string>;
}

/** Track ids: steps, then CPUs from 100, domains from 1000. */
export const STEPS_TID = 1;
export const cpuTid = (cpu: number): number => 100 + cpu;
export const domainTid = (index: number): number => 1000 + index;

/** Builds the trace of one or more scenario runs (ts = event sequence number, in microseconds). */
export class ChromeTraceBuilder {
    private readonly events: ChromeTraceEvent[] = [];
    private pid = 0;
    private domainTids = new Map<string, number>();
    private currentStep?: { name: string; ts: number; args: Record<string, string | number | boolean> };
    private lastTs = 0;

    /** Starts a scenario: a new process with named tracks for the steps, each CPU and each domain. */
    beginScenario(spec: SystemSpec, scenario: string, machine: Machine): void {
        this.endStep();
        this.pid++;
        const pid = this.pid;
        const meta = (name: string, tid: number, args: Record<string, string | number>) =>
            this.events.push({ name, ph: 'M', ts: 0, pid, tid, args });
        meta('process_name', 0, { name: `${scenario} on ${spec.name}` });
        meta('process_sort_index', 0, { sort_index: pid });
        meta('thread_name', STEPS_TID, { name: 'scenario steps' });
        meta('thread_sort_index', STEPS_TID, { sort_index: 0 });
        machine.state.cpus.forEach((_, cpu) => {
            meta('thread_name', cpuTid(cpu), { name: `CPU ${cpu}` });
            meta('thread_sort_index', cpuTid(cpu), { sort_index: 1 + cpu });
        });
        this.domainTids = new Map();
        machine.topo.domains.forEach((domain, index) => {
            this.domainTids.set(domain.kernelName, domainTid(index));
            meta('thread_name', domainTid(index), { name: `domain ${domain.kernelName}` });
            meta('thread_sort_index', domainTid(index), { sort_index: 1000 + index });
        });
    }

    /** One event: on its CPU's track when it runs on a CPU, else on its domain's track, else on the steps track. */
    add(e: MachineEvent): void {
        if (e.kind === 'step') {
            this.endStep();
            this.currentStep = { name: e.text, ts: e.seq, args: { step: e.index, ...(e.loc ? { source: formatLoc(e.loc) } : {}) } };
            return;
        }
        const cpu = 'cpu' in e && typeof e.cpu === 'number' && e.cpu >= 0 ? e.cpu : undefined;
        const tid = cpu !== undefined ? cpuTid(cpu) : e.domain !== undefined ? this.domainTids.get(e.domain) ?? STEPS_TID : STEPS_TID;
        const args: Record<string, string | number | boolean> = { seq: e.seq };
        if (e.level !== undefined) args.level = e.level;
        if (e.domain !== undefined) args.domain = e.domain;
        if (e.fn !== undefined) args.function = e.fn;
        if (e.hwirq !== undefined) args.hwirq = '0x' + e.hwirq.toString(16);
        if (e.irq !== undefined) args.irq = e.irq;
        if (e.instance !== undefined) args.instance = e.instance;
        if (e.loc) args.source = formatLoc(e.loc);
        const detail = eventDetail(e);
        if (detail) args.detail = detail;
        this.events.push({ name: e.fn ? `${e.kind} ${e.fn}` : e.kind, cat: e.kind, ph: 'X', ts: e.seq, dur: 1, pid: this.pid, tid, args });
        this.lastTs = e.seq;
    }

    private endStep(): void {
        const step = this.currentStep;
        if (!step) return;
        this.events.push({ name: step.name, cat: 'step', ph: 'X', ts: step.ts, dur: Math.max(1, this.lastTs + 1 - step.ts), pid: this.pid, tid: STEPS_TID, args: step.args });
        this.currentStep = undefined;
    }

    /** The finished trace. */
    build(source: string): ChromeTrace {
        this.endStep();
        return { traceEvents: [...this.events], displayTimeUnit: 'ns', otherData: { generator: 'irqt run', source } };
    }
}
