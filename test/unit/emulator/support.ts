// Test helpers for the emulator suite: step builders, running steps on a machine, and turning events into
// compact "kind:level:function" hop strings that are compared against the kernel-irq.md §4 trace tables.

import { Machine, type MachineEvent, type Step, type StepResult, type SystemSpec, type IrqAction, type Expectation } from '../../../src/emulator/index.js';

/** An irq action step. */
export function act(action: IrqAction, irq: string, element?: number, extra: Partial<Extract<Step, { kind: 'irq' }>> = {}): Step {
    return { kind: 'irq', action, target: { irq, element }, ...extra };
}

/** An expectation step. */
export function expectStep(expect: Expectation): Step {
    return { kind: 'expect', expect };
}

/** Builds a traced machine. */
export function boot(spec: SystemSpec): Machine {
    return Machine.instantiate(spec);
}

/** Runs steps, returning their results. */
export function run(m: Machine, ...steps: Step[]): StepResult[] {
    return steps.map((s) => m.execute(s));
}

/** Runs steps and returns the events of all of them. */
export function events(m: Machine, ...steps: Step[]): MachineEvent[] {
    return run(m, ...steps).flatMap((r) => r.events);
}

/** "kind:level:fn" per event, for hop-by-hop comparison (step events dropped). */
export function hops(evs: MachineEvent[], kinds?: string[]): string[] {
    return evs.filter((e) => e.kind !== 'step' && (!kinds || kinds.includes(e.kind)))
        .map((e) => `${e.kind}:${e.level ?? '-'}:${e.fn ?? ''}`);
}

/** Events of one kind. */
export function ofKind<K extends MachineEvent['kind']>(evs: MachineEvent[], kind: K): Extract<MachineEvent, { kind: K }>[] {
    return evs.filter((e) => e.kind === kind) as Extract<MachineEvent, { kind: K }>[];
}

/** The instance index of a reference. */
export function inst(m: Machine, irq: string, element?: number): number {
    const r = m.resolveRef({ irq, element });
    if (r.length !== 1) throw new Error(`no single instance ${irq}[${element}]`);
    return r[0];
}

/** The desc of a reference (throws when not allocated). */
export function desc(m: Machine, irq: string, element?: number) {
    const d = m.descOf(inst(m, irq, element));
    if (!d) throw new Error(`${irq} not allocated`);
    return d;
}

/** Index in `list` of the first entry matching `re`, or -1. */
export function indexOf(list: string[], re: RegExp): number {
    return list.findIndex((s) => re.test(s));
}
