// Descriptions of exported elements and of references, with their paths and text segments computed when first
// read: a 10,000-device file exports ~50,000 elements and holds ~80,000 references, and most are never looked at.
import {
    AstUtils, Cancellation, CstUtils, DefaultAstNodeDescriptionProvider, DefaultReferenceDescriptionProvider, UriUtils,
    interruptAndCheck, type AstNode, type AstNodeDescription, type AstNodeLocator, type DocumentSegment,
    type LangiumCoreServices, type LangiumDocument, type Reference, type ReferenceDescription, type URI
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachAstNode, forEachReference } from './ast-walk.js';

/** Nodes visited between two cancellation checks. */
const nodesPerCancellationCheck = 256;

/** Langium's description of an exported element, with `path`, `nameSegment` and `selectionSegment` computed lazily. */
export class IrqAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const documentUri = (document ?? AstUtils.getDocument(node)).uri;
        const resolvedName = name ?? this.nameProvider.getName(node);
        if (!resolvedName) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        const locator = this.astNodeLocator;
        const names = this.nameProvider;
        let path: string | undefined;
        let nameSegment: DocumentSegment | undefined;
        let selectionSegment: DocumentSegment | undefined;
        return {
            node,
            name: resolvedName,
            type: node.$type,
            documentUri,
            get path() { return path ??= locator.getAstNodePath(node); },
            get nameSegment() { return nameSegment ??= CstUtils.toDocumentSegment(names.getNameNode(node) ?? node.$cstNode); },
            get selectionSegment() { return selectionSegment ??= CstUtils.toDocumentSegment(node.$cstNode); }
        };
    }
}

/** Langium's reference descriptions, built in one walk with lazy paths and segments. */
export class IrqReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly locator: AstNodeLocator;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.locator = services.workspace.AstNodeLocator;
    }

    override async createDescriptions(document: LangiumDocument, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const nodes: AstNode[] = [];
        forEachAstNode(document.parseResult.value, node => nodes.push(node));
        const result: ReferenceDescription[] = [];
        const sourceUri = document.uri;
        for (let i = 0; i < nodes.length; i++) {
            if (i % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            const container = nodes[i];
            forEachReference(container, reference => this.describe(container, reference, sourceUri, result));
        }
        return result;
    }

    private describe(container: AstNode, reference: Reference, sourceUri: URI, out: ReferenceDescription[]): void {
        if (reference.error || !reference.$refNode) return;
        const target = reference.$nodeDescription;
        if (!target) return;
        const locator = this.locator;
        const refNode = reference.$refNode;
        let sourcePath: string | undefined;
        let segment: DocumentSegment | undefined;
        out.push({
            sourceUri,
            targetUri: target.documentUri,
            local: UriUtils.equals(target.documentUri, sourceUri),
            get sourcePath() { return sourcePath ??= locator.getAstNodePath(container); },
            get targetPath() { return target.path; },
            get segment() { return segment ??= CstUtils.toDocumentSegment(refNode); }
        });
    }
}
