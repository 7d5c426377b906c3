// Execution history for stepping backwards: a snapshot every N steps plus the step list; any earlier
// point (step boundary or event sequence number) is reached by restoring and replaying deterministically.

import type { Machine, MachineSnapshot, StepResult } from './machine.js';
import type { Step } from './spec.js';

/** History options. */
export interface HistoryOptions {
    /** Take a snapshot before every Nth step (default 32). */
    snapshotEvery?: number;
}

/** Records steps and snapshots of one machine; seeks to any past step or event. */
export class History {
    readonly steps: Step[] = [];
    /** Sequence number of the first event of each step. */
    readonly stepFirstSeq: number[] = [];
    private readonly snapshots = new Map<number, MachineSnapshot>();
    private readonly every: number;

    constructor(readonly machine: Machine, opts: HistoryOptions = {}) {
        this.every = Math.max(1, opts.snapshotEvery ?? 32);
        this.snapshots.set(0, machine.snapshot());
    }

    /** Number of recorded steps. */
    get length(): number { return this.steps.length; }

    /** Snapshots held (for memory accounting). */
    get snapshotCount(): number { return this.snapshots.size; }

    /** Executes a new step at the end of history (truncating any "future" after a seek). */
    execute(step: Step): StepResult {
        const i = this.steps.length;
        if (i > 0 && i % this.every === 0 && !this.snapshots.has(i)) this.snapshots.set(i, this.machine.snapshot());
        this.stepFirstSeq.push(this.machine.state.seq + 1);
        this.steps.push(step);
        return this.machine.execute(step);
    }

    /** Puts the machine in the state before step `index` (0 = initial). Tracing is off during replay. */
    seekStep(index: number): void {
        let base = Math.min(index, this.steps.length);
        while (base > 0 && !this.snapshots.has(base)) base--;
        this.machine.restore(this.snapshots.get(base)!);
        const tracing = this.machine.tracing;
        this.machine.setTracing(false);
        for (let i = base; i < index; i++) this.machine.execute(this.steps[i]);
        this.machine.setTracing(tracing);
    }

    /** Puts the machine in the state right after event `seq` (replaying its step up to that event). */
    seekEvent(seq: number): void {
        let s = 0;
        while (s + 1 < this.stepFirstSeq.length && this.stepFirstSeq[s + 1] <= seq) s++;
        this.seekStep(s);
        const tracing = this.machine.tracing;
        this.machine.setTracing(false);
        this.machine.execute(this.steps[s], seq);
        this.machine.setTracing(tracing);
    }

    /** Drops the steps after `index` (after a seek, to branch). */
    truncate(index: number): void {
        this.steps.length = index;
        this.stepFirstSeq.length = index;
        for (const k of [...this.snapshots.keys()]) if (k > index) this.snapshots.delete(k);
    }
}
