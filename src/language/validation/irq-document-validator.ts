// Validation without a promise per node and check (Langium awaits every check of every node), keeping each device's
// diagnostics so that an edit elsewhere replays them instead of checking the device again.
import {
    AstUtils, Cancellation, DefaultDocumentValidator, ValidationRegistry, interruptAndCheck, isOperationCancelled,
    type AstNode, type DiagnosticInfo, type LangiumCoreServices, type LangiumDocument, type Reference,
    type ValidationAcceptor, type ValidationCategory, type ValidationCheck, type ValidationChecks, type ValidationOptions
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachAstNode } from '../ast-walk.js';
import { ElementKind, elementKinds } from '../element-kinds.js';
import { isDevice, isScenario, type Device } from '../generated/ast.js';
import { forgetTopologies, replaceDevicesInTopologies } from './resolved-topology.js';
import { changesOf, type PendingChanges } from '../incremental/change-tracker.js';
import { deviceShape, isUnit, referencedUnits, resolvedTarget, unitOf } from '../incremental/element-units.js';
import { relatedInformationOf, relatedPlacesKey, type RelatedPlace } from './rule-report.js';

/** Nodes validated between two cancellation checks (each check may yield to the event loop). */
const nodesPerCancellationCheck = 256;

/** A check that runs synchronously when the underlying check is synchronous, and returns a promise only if it is not. */
type MaybeAsyncCheck = (node: AstNode, accept: ValidationAcceptor, token: CancellationToken) => void | Promise<void>;

/**
 * Langium's validation registry, with each check wrapped so that a synchronous check stays synchronous.
 * Exceptions become an error diagnostic on the node, as in Langium.
 */
export class IrqValidationRegistry extends ValidationRegistry {
    /** Categories that have at least one check registered (the others cannot change what a pass reports). */
    readonly categoriesWithChecks = new Set<string>();

    override register<T>(checksRecord: ValidationChecks<T>, thisObj: unknown = this, category: ValidationCategory = 'fast'): void {
        this.categoriesWithChecks.add(category);
        super.register(checksRecord, thisObj, category);
    }

    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        const report = (err: unknown, accept: ValidationAcceptor, node: AstNode): void => {
            if (isOperationCancelled(err)) throw err;
            console.error('An error occurred during validation:', err);
            const details = err instanceof Error ? err.message : String(err);
            accept('error', `An error occurred during validation: ${details}`, { node });
        };
        const wrapped: MaybeAsyncCheck = (node, accept, token) => {
            let result: unknown;
            try {
                result = check.call(thisObj, node, accept, token);
            } catch (err) {
                report(err, accept, node);
                return;
            }
            if (result instanceof Promise) return result.then(() => undefined, (err: unknown) => report(err, accept, node));
            return undefined;
        };
        return wrapped as ValidationCheck;
    }
}

/** One accepted diagnostic, as the check reported it (ranges are computed again when it is replayed). */
type Accepted = [severity: 'error' | 'warning' | 'info' | 'hint', message: string, info: DiagnosticInfo<AstNode>];

/** The diagnostics the checks of one device unit's nodes reported, with what they depend on. */
interface UnitRecord {
    /** Validation categories of the pass that recorded it. */
    readonly categories: string;
    readonly accepted: Accepted[];
    /** Other units the diagnostics are placed in or point at (made with the first diagnostic: most units have none). */
    touches?: Set<AstNode>;
    /** A diagnostic has a precomputed range (or a line number in its text): it cannot be replayed elsewhere. */
    positional: boolean;
}

/**
 * Langium's document validator, walking the AST without a promise per node or per check, and keeping the
 * diagnostics of each device written in a topology or extension (a unit, see incremental/element-units.ts).
 * After an edit that re-parsed only some units, a device's diagnostics are replayed instead of checked again
 * when nothing it can see changed (see `reusableUnits`); all other nodes are checked again.
 */
export class IrqDocumentValidator extends DefaultDocumentValidator {
    /** Device units checked and replayed so far, for tests and the benchmark. */
    readonly statistics = { checkedUnits: 0, replayedUnits: 0 };
    private readonly unitRecords = new WeakMap<AstNode, UnitRecord>();

    constructor(services: LangiumCoreServices) {
        super(services);
    }

    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const document = AstUtils.getDocument(rootNode);
        const pending = changesOf(document).validation;
        // Recorded diagnostics are replayed in a pass with the same categories of checks; categories without any
        // registered check (and Langium's built-in one, which is not run here) do not count.
        const registered = (this.validationRegistry as IrqValidationRegistry).categoriesWithChecks;
        const categories = (options.categories ?? [...registered]).filter(c => registered.has(c)).sort().join(',');
        const reusable = pending.whole ? undefined : reusableUnits(document, pending);
        // The layering rules' view of the topology: patched when the only edits kept the shapes of the devices they replaced.
        if (reusable) {
            replaceDevicesInTopologies(rootNode, pending.replacements.filter((r): r is { oldNode: Device; newNode: Device } => isDevice(r.oldNode) && isDevice(r.newNode)));
        } else {
            forgetTopologies(rootNode);
        }
        pending.invalidate();
        let record: UnitRecord | undefined;
        const recording: ValidationAcceptor = (severity, message, info) => {
            if (record) noteAccepted(record, [severity, message, info]);
            acceptor(severity, message, info);
        };
        // The nodes outside device units, and the device units (checked or replayed whole), in walk order.
        const items: AstNode[] = [];
        const itemIsDevice: boolean[] = [];
        forEachAstNode(rootNode, node => {
            const device = isDeviceUnit(node);
            items.push(node);
            itemIsDevice.push(device);
            return device ? 'skip' : undefined;
        });
        // The record of every unit whose checks reported nothing: one for all of them (most units of a file).
        const clean: UnitRecord = Object.freeze({ categories, accepted: Object.freeze([]) as unknown as Accepted[], positional: false });
        const checks = new ChecksByType(this.validationRegistry, options.categories);
        const nodes: AstNode[] = [];
        let checked = 0;
        for (let i = 0; i < items.length; i++) {
            const item = items[i];
            if (!itemIsDevice[i]) {
                if (checked++ % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
                const pendingCheck = runChecks(checks.of(item.$type), item, acceptor, cancelToken);
                if (pendingCheck) await pendingCheck;
                continue;
            }
            const cached = this.unitRecords.get(item);
            if (cached && reusable?.(item, cached) && cached.categories === categories) {
                for (const accepted of cached.accepted) replay(acceptor, accepted);
                this.statistics.replayedUnits++;
                continue;
            }
            this.statistics.checkedUnits++;
            record = { categories, accepted: [], positional: false };
            nodes.length = 0;
            forEachAstNode(item, node => nodes.push(node));
            for (let j = 0; j < nodes.length; j++) {
                const node = nodes[j];
                if (checked++ % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
                const pendingCheck = runChecks(checks.of(node.$type), node, recording, cancelToken);
                if (pendingCheck) await pendingCheck;
            }
            record.touches?.delete(item);
            const reported = record.accepted.length > 0 || record.positional || (record.touches?.size ?? 0) > 0;
            this.unitRecords.set(item, reported ? record : clean);
            record = undefined;
        }
        pending.caughtUp();
    }
}

/**
 * The checks of each node type for one validation pass, looked up once per type: the registry's `getChecks`
 * builds a filtered stream on every call.
 */
class ChecksByType {
    private readonly byType = new Map<string, readonly MaybeAsyncCheck[]>();

    constructor(private readonly registry: ValidationRegistry, private readonly categories: ValidationCategory[] | undefined) {}

    of(type: string): readonly MaybeAsyncCheck[] {
        let checks = this.byType.get(type);
        if (!checks) {
            checks = this.registry.getChecks(type, this.categories).toArray() as MaybeAsyncCheck[];
            this.byType.set(type, checks);
        }
        return checks;
    }
}

/**
 * Runs the checks of one node in order. Returns undefined when all of them were synchronous, else a promise that
 * runs the rest once the first asynchronous one settles (so that no promise is made per node in the common case).
 */
function runChecks(checks: readonly MaybeAsyncCheck[], node: AstNode, acceptor: ValidationAcceptor, cancelToken: CancellationToken): Promise<void> | undefined {
    for (let i = 0; i < checks.length; i++) {
        const result = checks[i](node, acceptor, cancelToken);
        if (result !== undefined) return finishChecks(result, checks, i + 1, node, acceptor, cancelToken);
    }
    return undefined;
}

async function finishChecks(pending: Promise<void>, checks: readonly MaybeAsyncCheck[], from: number, node: AstNode, acceptor: ValidationAcceptor, cancelToken: CancellationToken): Promise<void> {
    await pending;
    for (let i = from; i < checks.length; i++) {
        const result = checks[i](node, acceptor, cancelToken);
        if (result !== undefined) await result;
    }
}

function isDeviceUnit(node: AstNode): boolean {
    return (elementKinds(node) & ElementKind.device) !== 0 && isUnit(node);
}

function noteAccepted(record: UnitRecord, accepted: Accepted): void {
    record.accepted.push(accepted);
    const info = accepted[2] as DiagnosticInfo<AstNode> & { range?: unknown; [relatedPlacesKey]?: readonly (RelatedPlace | undefined)[] };
    if (info.range !== undefined || /\bline \d/.test(accepted[1])) record.positional = true;
    const place = unitOf(info.node);
    if (place) (record.touches ??= new Set()).add(place);
    for (const related of info[relatedPlacesKey] ?? []) {
        const unit = related ? unitOf(related.node) : undefined;
        if (unit) (record.touches ??= new Set()).add(unit);
    }
    if (info.relatedInformation && !info[relatedPlacesKey]) record.positional = true;
}

/** Reports a recorded diagnostic again, with its related information recomputed from its places. */
function replay(acceptor: ValidationAcceptor, [severity, message, info]: Accepted): void {
    const places = (info as { [relatedPlacesKey]?: readonly (RelatedPlace | undefined)[] })[relatedPlacesKey];
    acceptor(severity, message, places ? { ...info, relatedInformation: relatedInformationOf(places) } : info);
}

/**
 * Which device units may replay their recorded diagnostics after the edits in `pending`, or undefined when none
 * may. Only edits that replaced devices or scenarios allow it, and only when every replaced device kept its
 * shape (`deviceShape`: names, domains, which domain each interrupt names): then the resolved topology that
 * another device's checks read differs only in counts, indexes, triggers, flows and affinities of the edited
 * devices' interrupts, which only the checks of the edited devices, the shared domains and the model read.
 * A device may not replay when it references a replaced unit or is referenced by one, when references it holds
 * were re-linked, when it was replaced itself, or when its diagnostics point into a replaced unit.
 */
function reusableUnits(document: LangiumDocument, pending: PendingChanges): ((unit: AstNode, record: UnitRecord) => boolean) | undefined {
    const replaced = new Set<AstNode>();
    const affected = new Set<AstNode>(pending.dirtyUnits);
    for (const { oldNode, newNode } of pending.replacements) {
        if (isScenario(oldNode) && isScenario(newNode)) {
            // Device checks read no scenario.
        } else if (isDevice(oldNode) && isDevice(newNode)) {
            if (deviceShape(oldNode) !== deviceShape(newNode)) return undefined;
        } else {
            return undefined;
        }
        replaced.add(oldNode);
        replaced.add(newNode);
        referencedUnits(oldNode, affected);
        referencedUnits(newNode, affected);
    }
    const replacedNodes = new Set<AstNode>();
    for (const unit of replaced) forEachAstNode(unit, node => replacedNodes.add(node));
    for (const reference of document.references) {
        const target = resolvedTarget(reference as Reference);
        if (target && replacedNodes.has(target)) {
            const holder = unitOf((reference as unknown as { node: AstNode }).node);
            if (holder) affected.add(holder);
        }
    }
    return (unit, record) => {
        if (replaced.has(unit) || affected.has(unit) || record.positional) return false;
        for (const touched of record.touches ?? []) if (replaced.has(touched) || affected.has(touched)) return false;
        return true;
    };
}
