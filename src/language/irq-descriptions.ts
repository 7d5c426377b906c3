// Descriptions of exported elements and of references, with paths and text segments computed when read: a
// 10,000-device file exports ~50,000 elements and holds ~80,000 references, and most are never looked at.
import {
    AstUtils, Cancellation, CstUtils, DefaultAstNodeDescriptionProvider, DefaultReferenceDescriptionProvider, UriUtils,
    interruptAndCheck, type AstNode, type AstNodeDescription, type AstNodeLocator, type DocumentSegment,
    type LangiumCoreServices, type LangiumDocument, type Reference, type ReferenceDescription, type URI
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachAstNode, forEachReference } from './ast-walk.js';
import { changesOf } from './incremental/change-tracker.js';
import { isUnit } from './incremental/element-units.js';

/** Nodes visited between two cancellation checks. */
const nodesPerCancellationCheck = 256;

/**
 * Langium's description of an exported element, with `path`, `nameSegment` and `selectionSegment` computed lazily.
 * The segments are computed at every read: an incremental re-parse moves the text of a unit whose descriptions are
 * kept (its path does not change).
 */
export class IrqAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const documentUri = (document ?? AstUtils.getDocument(node)).uri;
        const resolvedName = name ?? this.nameProvider.getName(node);
        if (!resolvedName) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        const locator = this.astNodeLocator;
        const names = this.nameProvider;
        let path: string | undefined;
        return {
            node,
            name: resolvedName,
            type: node.$type,
            documentUri,
            get path() { return path ??= locator.getAstNodePath(node); },
            get nameSegment(): DocumentSegment | undefined { return CstUtils.toDocumentSegment(names.getNameNode(node) ?? node.$cstNode); },
            get selectionSegment(): DocumentSegment | undefined { return CstUtils.toDocumentSegment(node.$cstNode); }
        };
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
        forEachAstNode(document.parseResult.value, node => {
            items.push(node);
            return isUnit(node) ? 'skip' : undefined;
        });
        const result: ReferenceDescription[] = [];
        const sourceUri = document.uri;
        for (let i = 0; i < items.length; i++) {
            if (i % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            const item = items[i];
            if (!isUnit(item)) {
                forEachReference(item, reference => this.describe(item, reference, sourceUri, result));
                continue;
            }
            let list = dirty && !dirty.has(item) ? this.unitDescriptions.get(item) : undefined;
            if (!list) {
                const described: ReferenceDescription[] = [];
                forEachAstNode(item, container => forEachReference(container, reference => this.describe(container, reference, sourceUri, described)));
                this.unitDescriptions.set(item, described);
                list = described;
            }
            for (const description of list) result.push(description);
        }
        pending.caughtUp();
        return result;
    }

    private describe(container: AstNode, reference: Reference, sourceUri: URI, out: ReferenceDescription[]): void {
        if (reference.error || !reference.$refNode) return;
        const target = reference.$nodeDescription;
        if (!target) return;
        const locator = this.locator;
        const refNode = reference.$refNode;
        let sourcePath: string | undefined;
        out.push({
            sourceUri,
            targetUri: target.documentUri,
            local: UriUtils.equals(target.documentUri, sourceUri),
            get sourcePath() { return sourcePath ??= locator.getAstNodePath(container); },
            get targetPath() { return target.path; },
            get segment() { return CstUtils.toDocumentSegment(refNode); }
        });
    }
}
