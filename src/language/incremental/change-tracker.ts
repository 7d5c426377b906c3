// Per document, what changed since each build phase last completed: the elements incremental re-parses replaced,
// or "everything" (first build, full parse, a change in another document, an unfinished pass).
import type { AstNode, LangiumDocument } from 'langium';

/** One element an incremental re-parse replaced: the detached old node and the node put in its place. */
export interface Replacement {
    readonly oldNode: AstNode;
    readonly newNode: AstNode;
}

/** More replacements than this since a phase last ran, and the phase redoes the whole document. */
const maxPendingReplacements = 64;

/**
 * What one build phase (linking, reference index, validation) has not caught up with yet. A phase that finds
 * `whole` set redoes the document; otherwise it may redo only what the replacements and dirty units touch.
 */
export class PendingChanges {
    /** Redo the whole document. Set until the phase first completes, and by anything the phase cannot narrow down. */
    whole = true;
    /** Elements replaced since the phase last completed (empty when `whole`). */
    replacements: Replacement[] = [];
    /** Units (see element-units.ts) whose references were re-linked since the phase last completed. */
    dirtyUnits = new Set<AstNode>();

    /** Records a replacement (ignored when the whole document is redone anyway). */
    add(replacement: Replacement): void {
        if (this.whole) return;
        this.replacements.push(replacement);
        if (this.replacements.length > maxPendingReplacements) this.invalidate();
    }

    /** Marks a unit whose references were re-linked. */
    markDirty(unit: AstNode): void {
        if (!this.whole) this.dirtyUnits.add(unit);
    }

    /** The next pass redoes the whole document. */
    invalidate(): void {
        this.whole = true;
        this.replacements = [];
        this.dirtyUnits = new Set();
    }

    /** The phase completed a pass covering everything recorded so far. */
    caughtUp(): void {
        this.whole = false;
        this.replacements = [];
        this.dirtyUnits = new Set();
    }
}

/** The pending changes of one document, per phase. */
export interface DocumentChanges {
    readonly linking: PendingChanges;
    readonly references: PendingChanges;
    readonly validation: PendingChanges;
}

const changes = new WeakMap<LangiumDocument, DocumentChanges>();

/** The pending changes of a document (all phases start with `whole`). */
export function changesOf(document: LangiumDocument): DocumentChanges {
    let record = changes.get(document);
    if (!record) {
        record = { linking: new PendingChanges(), references: new PendingChanges(), validation: new PendingChanges() };
        changes.set(document, record);
    }
    return record;
}

/** Every phase of the document redoes the whole document next time. */
export function invalidateAll(document: LangiumDocument): void {
    const record = changesOf(document);
    record.linking.invalidate();
    record.references.invalidate();
    record.validation.invalidate();
}
