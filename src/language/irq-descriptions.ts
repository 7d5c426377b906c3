// Descriptions of exported elements and of references, with paths and text segments computed when read: a
// 10,000-device file exports ~50,000 elements and holds ~80,000 references, and most are never looked at.
import {
    AstUtils, Cancellation, DefaultAstNodeDescriptionProvider, DefaultReferenceDescriptionProvider, UriUtils,
    interruptAndCheck, type AstNode, type AstNodeDescription, type AstNodeLocator, type LangiumCoreServices,
    type LangiumDocument, type NameProvider, type Reference, type ReferenceDescription, type URI
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachAstNode, forEachReference, forEachReferenceIn } from './ast-walk.js';
import { changesOf } from './incremental/change-tracker.js';
import { isUnit } from './incremental/element-units.js';
import { LazyElementDescription, LazyReferenceDescription, type ElementDescriptionContext } from './lazy-descriptions.js';
import { hasRefNode } from './parser/lazy-cst.js';

/** Langium's descriptions of exported elements, with `path` and the text segments computed when read. */
export class IrqAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider implements ElementDescriptionContext {
    get locator(): AstNodeLocator {
        return this.astNodeLocator;
    }

    get names(): NameProvider {
        return this.nameProvider;
    }

    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const documentUri = (document ?? AstUtils.getDocument(node)).uri;
        const resolvedName = name ?? this.nameProvider.getName(node);
        if (!resolvedName) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        return new LazyElementDescription(node, resolvedName, documentUri, this);
    }
}

/**
 * Langium's reference descriptions, built in one walk with lazy paths and segments. The descriptions of a unit
 * (incremental/element-units.ts) are kept while the unit node lives and none of its references was re-linked.
 * `prepareDescriptions` takes a build's pending changes at once and describes later, when the index is first read
 * (see IrqIndexManager): most builds are never followed by a find-references.
 */
export class IrqReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly locator: AstNodeLocator;
    /** Per unit, its descriptions and the generation of its document they were made in. */
    private readonly unitDescriptions = new WeakMap<AstNode, { generation: number; list: ReferenceDescription[] }>();
    /** Per document, bumped by every pass that redoes the whole document: older unit descriptions are not used. */
    private readonly generations = new WeakMap<LangiumDocument, number>();

    constructor(services: LangiumCoreServices) {
        super(services);
        this.locator = services.workspace.AstNodeLocator;
    }

    override async createDescriptions(document: LangiumDocument, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const describe = this.prepareDescriptions(document);
        await interruptAndCheck(cancelToken);
        return describe();
    }

    /**
     * Takes what changed since the last pass (dropping the kept descriptions of re-linked units, or of every unit
     * when the whole document is redone) and returns the function that describes the document's references as
     * they are when it is called.
     */
    prepareDescriptions(document: LangiumDocument): () => ReferenceDescription[] {
        const pending = changesOf(document).references;
        if (pending.whole) this.generations.set(document, (this.generations.get(document) ?? 0) + 1);
        else for (const unit of pending.dirtyUnits) this.unitDescriptions.delete(unit);
        pending.caughtUp();
        return () => this.describeAll(document);
    }

    /** Every reference of the document, in Langium's walk order, each unit's from its kept list or described now. */
    private describeAll(document: LangiumDocument): ReferenceDescription[] {
        const generation = this.generations.get(document) ?? 0;
        const result: ReferenceDescription[] = [];
        const sourceUri = document.uri;
        forEachAstNode(document.parseResult.value, item => {
            if (!isUnit(item)) {
                forEachReference(item, reference => this.describe(item, reference, sourceUri, result));
                return undefined;
            }
            let kept = this.unitDescriptions.get(item);
            if (kept?.generation !== generation) {
                const described: ReferenceDescription[] = [];
                forEachReferenceIn(item, (reference, container) => this.describe(container, reference, sourceUri, described));
                kept = { generation, list: described };
                this.unitDescriptions.set(item, kept);
            }
            for (const description of kept.list) result.push(description);
            return 'skip';
        });
        return result;
    }

    private describe(container: AstNode, reference: Reference, sourceUri: URI, out: ReferenceDescription[]): void {
        if (reference.error || !hasRefNode(reference)) return;
        const target = reference.$nodeDescription;
        if (!target) return;
        const local = target.documentUri === sourceUri || UriUtils.equals(target.documentUri, sourceUri);
        out.push(new LazyReferenceDescription(sourceUri, local, container, target, reference, this.locator));
    }
}
