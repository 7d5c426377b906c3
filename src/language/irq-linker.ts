// Langium's linker with a cheaper walk (one pass, no promise per node) and incremental re-linking: after an edit
// that replaced a few units, only the references those units hold, or whose names they export, are resolved again.
import { Cancellation, DefaultLinker, interruptAndCheck, type AstNode, type LangiumDocument, type MultiReference, type Reference } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachReferenceIn } from './ast-walk.js';
import { changesOf, type PendingChanges } from './incremental/change-tracker.js';
import { exportedNames, unitOf } from './incremental/element-units.js';

/** References linked between two cancellation checks. */
const referencesPerCancellationCheck = 256;

/** The fields of Langium's reference implementation that re-linking one reference needs. */
interface ReferenceFields {
    node: AstNode;
    property: string;
    _ref?: unknown;
    _nodeDescription?: unknown;
    _items?: unknown;
    _linkingError?: unknown;
}

/**
 * Links every reference of a document, in the same order as Langium's linker. `unlink` is deferred to `link`,
 * which then knows whether the document's own re-parse replaced only some units (see change-tracker.ts):
 * references inside the new units are linked, references whose text is a name the old or new units export are
 * resolved again (their target may have moved, appeared or gone), and all others keep their targets, which
 * are nodes of units that did not change. Anything else unlinks and links the whole document.
 */
export class IrqLinker extends DefaultLinker {
    /** Documents linked whole and re-linked after incremental re-parses, for tests and the benchmark. */
    readonly statistics = { whole: 0, incremental: 0 };
    private readonly unlinkDeferred = new WeakSet<LangiumDocument>();

    override unlink(document: LangiumDocument): void {
        this.unlinkDeferred.add(document);
    }

    override async link(document: LangiumDocument, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const changes = changesOf(document);
        const pending = changes.linking;
        const deferred = this.unlinkDeferred.has(document);
        this.unlinkDeferred.delete(document);
        if (deferred && !pending.whole) {
            const replacements = pending.replacements;
            pending.invalidate();
            this.statistics.incremental++;
            this.relinkReplaced(document, replacements, changes.references, changes.validation);
        } else {
            if (deferred) super.unlink(document);
            pending.invalidate();
            changes.references.invalidate();
            changes.validation.invalidate();
            this.statistics.whole++;
            await this.linkAll(document, cancelToken);
        }
        pending.caughtUp();
    }

    private async linkAll(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
        // The references of the document as it is now, in Langium's order. One list only: each reference knows its
        // container and property, and its index is found when it is linked (lists of references are short). The
        // list lives through the whole pass, long enough to be moved to the old generation, so it is kept small.
        const references: (Reference | MultiReference)[] = [];
        forEachReferenceIn(document.parseResult.value, reference => { references.push(reference); });
        for (let i = 0; i < references.length; i++) {
            if (i % referencesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            const reference = references[i];
            const fields = reference as unknown as ReferenceFields;
            this.doLink({ reference, container: fields.node, property: fields.property, index: indexIn(fields.node, fields.property, reference) }, document);
        }
    }

    /** Re-links after incremental re-parses (synchronous, so it cannot be left half done). */
    private relinkReplaced(document: LangiumDocument, replacements: readonly { oldNode: AstNode; newNode: AstNode }[], ...dependents: PendingChanges[]): void {
        const oldUnits = new Set<AstNode>();
        const names = new Set<string>();
        const gone = new Set<unknown>();
        for (const { oldNode, newNode } of replacements) {
            oldUnits.add(oldNode);
            exportedNames(oldNode, names);
            exportedNames(newNode, names);
            forEachReferenceIn(oldNode, reference => gone.add(reference));
        }
        const kept: typeof document.references = [];
        const again: typeof document.references = [];
        for (const reference of document.references) {
            if (gone.has(reference)) continue; // held by a replaced unit, which is gone
            if (names.has(reference.$refText)) again.push(reference);
            else kept.push(reference);
        }
        document.references = kept;
        for (const reference of again) {
            const fields = reference as unknown as ReferenceFields;
            if ('_ref' in fields) {
                fields._ref = undefined;
                delete fields._nodeDescription;
            } else {
                fields._items = undefined;
                delete fields._linkingError;
            }
            this.doLink({ reference, container: fields.node, property: fields.property, index: indexIn(fields.node, fields.property, reference) }, document);
            const unit = unitOf(fields.node);
            if (unit) for (const dependent of dependents) dependent.markDirty(unit);
        }
        for (const { newNode } of replacements) {
            if (oldUnits.has(newNode)) continue; // replaced again by a later edit
            forEachReferenceIn(newNode, (reference, container, property, index) => this.doLink({ reference, container, property, index }, document));
        }
    }
}

/** The index of a reference in a list property (undefined for a single-valued property). */
function indexIn(container: AstNode, property: string, reference: Reference | MultiReference): number | undefined {
    const value = (container as unknown as Record<string, unknown>)[property];
    return Array.isArray(value) ? value.indexOf(reference) : undefined;
}
