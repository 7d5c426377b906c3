// The scenario runner: executes a ScenarioSpec's steps on a machine, evaluates expectations and reports
// pass/fail with expected vs actual and the expectation's source location; bounded by the event limit.

import type { Machine, StepResult } from './machine.js';
import type { ScenarioSpec, SourceLoc, Step } from './spec.js';
import { stepText } from './steps.js';

/** One evaluated expectation. */
export interface ExpectationReport {
    /** Step index in the scenario. */
    step: number;
    text: string;
    pass: boolean;
    expected: string;
    actual: string;
    loc?: SourceLoc;
}

/** The result of a scenario run. */
export interface ScenarioResult {
    name: string;
    passed: boolean;
    expectations: ExpectationReport[];
    failures: ExpectationReport[];
    results: StepResult[];
    /** A step hit the event limit. */
    limited: boolean;
    events: number;
}

/** Runs one step and, for expectations, returns its report. */
export function runStep(m: Machine, step: Step, index: number): { result: StepResult; report?: ExpectationReport } {
    const result = m.execute(step);
    if (step.kind !== 'expect') return { result };
    const o = result.expectation ?? { pass: false, expected: stepText(step), actual: 'not evaluated (event limit)' };
    return { result, report: { step: index, text: stepText(step), pass: o.pass, expected: o.expected, actual: o.actual, loc: step.loc } };
}

/** Runs a scenario to the end (a limited step does not stop later expectations from being evaluated). */
export function runScenario(m: Machine, scenario: ScenarioSpec): ScenarioResult {
    const expectations: ExpectationReport[] = [];
    const results: StepResult[] = [];
    let limited = false;
    let events = 0;
    scenario.steps.forEach((step, i) => {
        const { result, report } = runStep(m, step, i);
        results.push(result);
        events += result.lastSeq - result.firstSeq + 1;
        if (result.limited) limited = true;
        if (report) expectations.push(report);
    });
    const failures = expectations.filter((e) => !e.pass);
    return { name: scenario.name, passed: failures.length === 0 && !limited, expectations, failures, results, limited, events };
}

/** Finds a scenario of the machine's spec by name and runs it. */
export function runNamedScenario(m: Machine, name: string): ScenarioResult {
    const s = m.topo.spec.scenarios.find((x) => x.name === name);
    if (!s) throw new Error(`no scenario ${name}`);
    return runScenario(m, s);
}
