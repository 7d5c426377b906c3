// Document-level elaboration: every topology a document declares, extends or runs scenarios on, with its
// visible extensions and the document's scenarios attached; refused elements come back with their errors.
import type { LangiumDocument, LangiumDocuments } from 'langium';
import { AstUtils } from 'langium';
import { isExtension, isScenario, isTopology, type Element, type Model, type Scenario, type Topology } from '../language/generated/ast.js';
import type { ScenarioSpec, SourceLoc, SystemSpec } from '../emulator/spec.js';
import { documentErrors, elaborationError, uniqueErrors, type ElaborationError } from './elaboration-error.js';
import { elaborateScenarioSteps } from './scenarios.js';
import { locOf } from './source-loc.js';
import { elaborateTopology, visibleExtensions } from './topology.js';

/** The services elaboration needs: the workspace's documents (for imports and `extend` blocks). */
export interface ElaborationServices {
    readonly shared: { readonly workspace: { readonly LangiumDocuments: LangiumDocuments } };
}

/** Options of elaboration. */
export interface ElaborateOptions {
    /**
     * Let validation (layering-rule) errors through, so that a design the kernel would reject can still be
     * emulated. Syntax, linking and elaboration errors always refuse.
     */
    allowValidationErrors?: boolean;
}

/** A topology or scenario that was not elaborated, with the errors that refused it. */
export interface RefusedElement {
    kind: 'topology' | 'scenario';
    name: string;
    /** The topology (for a scenario: the one it runs on, as written). */
    topology: string;
    loc?: SourceLoc;
    errors: ElaborationError[];
}

/** The result of elaborating a document. */
export interface ElaborationResult {
    /** One spec per topology that elaborated cleanly, with the document's runnable scenarios on it. */
    specs: SystemSpec[];
    /** Every error that refused a topology or scenario (deduplicated, sorted by location). */
    errors: ElaborationError[];
    /** What was refused and why. */
    refused: RefusedElement[];
}

/** A scenario of a document, for pickers and `--scenario` help. */
export interface ScenarioInfo {
    name: string;
    topology: string;
    loc?: SourceLoc;
}

/** One scenario elaborated on its own (the debugger's launch and `irqt dump --after`). */
export interface ScenarioElaboration {
    /** The topology spec with exactly this scenario in `scenarios`; undefined when refused. */
    spec?: SystemSpec;
    scenario?: ScenarioSpec;
    errors: ElaborationError[];
}

/** One topology elaborated on its own (`irqt dump --topology`). */
export interface TopologyElaboration {
    spec?: SystemSpec;
    errors: ElaborationError[];
}

interface ScenarioOutcome {
    node: Scenario;
    spec?: ScenarioSpec;
    errors: ElaborationError[];
}

interface TopologyOutcome {
    node: Topology;
    spec?: SystemSpec;
    errors: ElaborationError[];
    scenarios: ScenarioOutcome[];
}

/** Runs a lowering step; an unexpected exception (a bug, or an AST shape the elaborator missed) becomes an error. */
function guarded<T>(lower: () => T, node: Element, errors: ElaborationError[]): T | undefined {
    try {
        return lower();
    } catch (e) {
        errors.push(elaborationError(`internal error while elaborating ${node.$type.toLowerCase()}: ${e instanceof Error ? e.message : String(e)}`, locOf(node)));
        return undefined;
    }
}

function blocking(errors: readonly ElaborationError[], options: ElaborateOptions): ElaborationError[] {
    return options.allowValidationErrors ? errors.filter(e => e.kind !== 'validation') : [...errors];
}

function errorsOfElement(element: Element): ElaborationError[] {
    const found = documentErrors(AstUtils.getDocument(element));
    return [...found.documentWide, ...(found.byElement.get(element) ?? [])];
}

/** Topologies in the order the document mentions them: declared, extended, or run by a scenario. */
function topologiesOf(model: Model): Topology[] {
    const order: Topology[] = [];
    const add = (t: Topology | undefined) => { if (t && !order.includes(t)) order.push(t); };
    for (const element of model.elements) {
        if (isTopology(element)) add(element);
        else if (isExtension(element)) add(element.topology?.ref);
        else if (isScenario(element)) add(element.topology?.ref);
    }
    return order;
}

function elaborateOutcomes(document: LangiumDocument, services: ElaborationServices, options: ElaborateOptions): { topologies: TopologyOutcome[]; orphans: ScenarioOutcome[] } {
    const model = document.parseResult.value as Model;
    const extensions = visibleExtensions(document, services.shared.workspace.LangiumDocuments);
    const scenarios = model.elements.filter(isScenario);
    const topologies = topologiesOf(model).map((node): TopologyOutcome => {
        const own = extensions.get(node) ?? [];
        const errors = blocking([node, ...own].flatMap(errorsOfElement), options);
        // A refused element is not lowered at all: after a syntax error its AST may be partial.
        const spec = errors.length === 0 ? guarded(() => elaborateTopology(node, own, errors), node, errors) : undefined;
        const outcome: TopologyOutcome = { node, errors: uniqueErrors(errors), scenarios: [] };
        if (outcome.errors.length === 0) outcome.spec = spec;
        for (const scenario of scenarios.filter(s => s.topology?.ref === node)) {
            const scenarioErrors = blocking(errorsOfElement(scenario), options);
            const steps = scenarioErrors.length === 0 ? guarded(() => elaborateScenarioSteps(scenario, scenarioErrors), scenario, scenarioErrors) : undefined;
            const result: ScenarioOutcome = { node: scenario, errors: uniqueErrors(scenarioErrors) };
            if (result.errors.length === 0) result.spec = steps;
            outcome.scenarios.push(result);
        }
        return outcome;
    });
    const orphans = scenarios.filter(s => !s.topology?.ref).map((node): ScenarioOutcome => {
        const errors = blocking(errorsOfElement(node), options);
        if (errors.length === 0) errors.push(elaborationError(`scenario ${node.name}: topology '${node.topology?.$refText ?? ''}' is not found`, locOf(node)));
        return { node, errors: uniqueErrors(errors) };
    });
    return { topologies, orphans };
}

function refusedScenario(outcome: ScenarioOutcome, topologyErrors: ElaborationError[]): RefusedElement {
    const errors = outcome.errors.length > 0 ? outcome.errors : topologyErrors;
    return {
        kind: 'scenario', name: outcome.node.name, topology: outcome.node.topology?.$refText ?? '',
        loc: locOf(outcome.node), errors
    };
}

/**
 * Elaborates a built (parsed, linked, validated) document: one SystemSpec per topology it declares, extends
 * or runs scenarios on, with the document's scenarios attached to the topology they run on. A topology with
 * errors is refused together with its scenarios; a scenario with errors is refused alone. Never throws for
 * problems in the input.
 */
export function elaborateDocument(document: LangiumDocument, services: ElaborationServices, options: ElaborateOptions = {}): ElaborationResult {
    const { topologies, orphans } = elaborateOutcomes(document, services, options);
    const result: ElaborationResult = { specs: [], errors: [], refused: [] };
    for (const t of topologies) {
        if (!t.spec) {
            result.refused.push({ kind: 'topology', name: t.node.name, topology: t.node.name, loc: locOf(t.node), errors: t.errors });
            result.errors.push(...t.errors);
            for (const s of t.scenarios) {
                result.refused.push(refusedScenario(s, t.errors));
                result.errors.push(...s.errors);
            }
            continue;
        }
        for (const s of t.scenarios) {
            if (s.spec) t.spec.scenarios.push(s.spec);
            else {
                result.refused.push(refusedScenario(s, []));
                result.errors.push(...s.errors);
            }
        }
        result.specs.push(t.spec);
    }
    for (const o of orphans) {
        result.refused.push(refusedScenario(o, []));
        result.errors.push(...o.errors);
    }
    result.errors = uniqueErrors(result.errors);
    return result;
}

/** The scenarios a document declares, in source order. */
export function listScenarios(document: LangiumDocument): ScenarioInfo[] {
    const model = document.parseResult.value as Model;
    return model.elements.filter(isScenario).map(s => ({ name: s.name, topology: s.topology?.$refText ?? '', loc: locOf(s) }));
}

/** The topologies a document declares, extends or runs scenarios on, by name. */
export function listTopologies(document: LangiumDocument): string[] {
    return topologiesOf(document.parseResult.value as Model).map(t => t.name);
}

/**
 * Elaborates one scenario of a document by name, with its topology (as seen from this document). Errors in
 * other topologies or scenarios of the file do not matter.
 */
export function elaborateScenario(document: LangiumDocument, scenarioName: string, services: ElaborationServices, options: ElaborateOptions = {}): ScenarioElaboration {
    const model = document.parseResult.value as Model;
    const node = model.elements.filter(isScenario).find(s => s.name === scenarioName);
    if (!node) {
        const names = listScenarios(document).map(s => s.name);
        const known = names.length > 0 ? `scenarios: ${names.join(', ')}` : 'the file has no scenarios';
        return { errors: [elaborationError(`no scenario named '${scenarioName}' in ${document.uri.path.split('/').pop()} (${known})`, undefined)] };
    }
    const { topologies, orphans } = elaborateOutcomes(document, services, options);
    const orphan = orphans.find(o => o.node === node);
    if (orphan) return { errors: orphan.errors };
    const topology = topologies.find(t => t.scenarios.some(s => s.node === node))!;
    const outcome = topology.scenarios.find(s => s.node === node)!;
    if (!topology.spec) return { errors: topology.errors };
    if (!outcome.spec) return { errors: outcome.errors };
    return { spec: { ...topology.spec, scenarios: [outcome.spec] }, scenario: outcome.spec, errors: [] };
}

/**
 * Elaborates one topology the document declares, extends or runs scenarios on (no scenarios attached).
 * Without a name the document must mention exactly one topology.
 */
export function elaborateTopologyNamed(document: LangiumDocument, topologyName: string | undefined, services: ElaborationServices, options: ElaborateOptions = {}): TopologyElaboration {
    const names = listTopologies(document);
    const name = topologyName ?? (names.length === 1 ? names[0] : undefined);
    if (name === undefined || !names.includes(name)) {
        const what = topologyName === undefined
            ? names.length === 0 ? 'the file mentions no topology' : `the file mentions several topologies (${names.join(', ')}); choose one`
            : `no topology named '${topologyName}' (${names.length > 0 ? names.join(', ') : 'none in the file'})`;
        return { errors: [elaborationError(what, undefined)] };
    }
    const { topologies } = elaborateOutcomes(document, services, options);
    const topology = topologies.find(t => t.node.name === name)!;
    if (!topology.spec) return { errors: topology.errors };
    return { spec: { ...topology.spec, scenarios: [] }, errors: [] };
}
