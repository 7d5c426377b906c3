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

/** Nodes visited between two cancellation checks. */
const nodesPerCancellationCheck = 256;

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
 */
export class IrqReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly locator: AstNodeLocator;
    private readonly unitDescriptions = new WeakMap<AstNode, ReferenceDescription[]>();

    constructor(services: LangiumCoreServices) {
        super(services);
        this.locator = services.workspace.AstNodeLocator;
    }

    override async createDescriptions(document: LangiumDocument, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const pending = changesOf(document).references;
        const dirty = pending.whole ? undefined : pending.dirtyUnits;
        pending.invalidate();
        // Walk order (as Langium's), with each unit described from its cache or now.
        const items: AstNode[] = [];
        const itemIsUnit: boolean[] = [];
        forEachAstNode(document.parseResult.value, node => {
            const unit = isUnit(node);
            items.push(node);
            itemIsUnit.push(unit);
            return unit ? 'skip' : undefined;
        });
        const result: ReferenceDescription[] = [];
        const sourceUri = document.uri;
        for (let i = 0; i < items.length; i++) {
            if (i % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            const item = items[i];
            if (!itemIsUnit[i]) {
                forEachReference(item, reference => this.describe(item, reference, sourceUri, result));
                continue;
            }
            let list = dirty && !dirty.has(item) ? this.unitDescriptions.get(item) : undefined;
            if (!list) {
                const described: ReferenceDescription[] = [];
                forEachReferenceIn(item, (reference, container) => this.describe(container, reference, sourceUri, described));
                this.unitDescriptions.set(item, described);
                list = described;
            }
            for (const description of list) result.push(description);
        }
        pending.caughtUp();
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
