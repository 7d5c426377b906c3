// Scenario lowering: each statement (irq actions, set-affinity, cpu on/offline, post/unpost) and each
// expectation becomes a Step with the statement's own source location, in source order.
import {
    isAffinityStep, isCpuStep, isExpectDelivered, isExpectHwirq, isExpectMessage, isExpectResult, isExpectRoute,
    isExpectState, isExpectWrites, isIrqStep, isPostStep,
    type Expect, type IrqRef as IrqRefNode, type Scenario, type Step as StepNode
} from '../language/generated/ast.js';
import { qualifiedInterruptName } from '../language/irq-scope.js';
import type { Expectation, IrqAction, IrqRef, IrqStateName, ScenarioSpec, Step } from '../emulator/spec.js';
import { refName } from './domains.js';
import { elaborationError, type ElaborationError } from './elaboration-error.js';
import { expandRanges } from './ranges.js';
import { locOf } from './source-loc.js';

/** `nic0.q[3]` → { irq: 'nic0.q', element: 3 }; the qualified name comes from the linked interrupt. */
export function elaborateIrqRef(ref: IrqRefNode): IrqRef {
    const target = ref?.irq?.ref;
    const irq = (target ? qualifiedInterruptName(target) : undefined) ?? ref?.irq?.$refText ?? '';
    return ref?.element === undefined ? { irq } : { irq, element: ref.element };
}

function elaborateExpect(node: Expect): Expectation {
    if (isExpectDelivered(node)) {
        const e: Expectation = { kind: 'delivered', target: elaborateIrqRef(node.target) };
        if (node.negated) e.negated = true;
        if (node.cpu !== undefined) e.cpu = node.cpu;
        if (node.vector !== undefined) e.vector = node.vector;
        return e;
    }
    if (isExpectState(node)) {
        const e: Expectation = { kind: 'state', target: elaborateIrqRef(node.target), state: node.state as IrqStateName };
        if (node.negated) e.negated = true;
        const level = refName(node.level);
        if (level) e.level = level;
        return e;
    }
    if (isExpectMessage(node)) {
        const e: Expectation = { kind: 'message', target: elaborateIrqRef(node.target) };
        if (node.address !== undefined) e.address = node.address;
        if (node.addressHi !== undefined) e.addressHi = node.addressHi;
        if (node.data !== undefined) e.data = node.data;
        return e;
    }
    if (isExpectWrites(node)) return { kind: 'writes', target: elaborateIrqRef(node.target), count: node.count };
    if (isExpectResult(node)) return node.errno !== undefined ? { kind: 'result', errno: node.errno } : { kind: 'result', ok: true };
    if (isExpectRoute(node)) {
        const e: Expectation = { kind: 'route', target: elaborateIrqRef(node.target), cpu: node.cpu };
        if (node.vector !== undefined) e.vector = node.vector;
        return e;
    }
    if (isExpectHwirq(node)) return { kind: 'hwirq', target: elaborateIrqRef(node.target), level: refName(node.level) ?? '', value: node.value };
    throw new Error(`unhandled expectation ${(node as Expect).$type}`);
}

function elaborateStep(node: StepNode, errors: ElaborationError[]): Step | undefined {
    const loc = locOf(node);
    const withLoc = <T extends Step>(step: T): T => (loc ? { ...step, loc } : step);
    if (isIrqStep(node)) {
        const step: Step = { kind: 'irq', action: node.action as IrqAction, target: elaborateIrqRef(node.target) };
        if (node.times !== undefined) step.times = node.times;
        return withLoc(step);
    }
    if (isAffinityStep(node)) {
        return withLoc({ kind: 'set-affinity', target: elaborateIrqRef(node.target), cpus: expandRanges(node.cpus, 'set-affinity', errors) });
    }
    if (isCpuStep(node)) return withLoc({ kind: 'cpu', cpu: node.cpu, state: node.state });
    if (isPostStep(node)) {
        if (node.vcpu !== undefined && node.vector !== undefined) {
            return withLoc({ kind: 'post', target: elaborateIrqRef(node.target), vcpu: node.vcpu, vector: node.vector });
        }
        return withLoc({ kind: 'unpost', target: elaborateIrqRef(node.target) });
    }
    if (isExpectDelivered(node) || isExpectState(node) || isExpectMessage(node) || isExpectWrites(node)
        || isExpectResult(node) || isExpectRoute(node) || isExpectHwirq(node)) {
        return withLoc({ kind: 'expect', expect: elaborateExpect(node) });
    }
    errors.push(elaborationError(`unsupported scenario statement ${(node as StepNode).$type}`, loc));
    return undefined;
}

/** Lowers a scenario's statements in source order. */
export function elaborateScenarioSteps(scenario: Scenario, errors: ElaborationError[]): ScenarioSpec {
    const steps: Step[] = [];
    for (const node of scenario.steps) {
        const step = elaborateStep(node, errors);
        if (step) steps.push(step);
    }
    const spec: ScenarioSpec = { name: scenario.name, steps };
    const loc = locOf(scenario);
    if (loc) spec.loc = loc;
    return spec;
}
