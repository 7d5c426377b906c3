// Langium's linker with a cheaper walk: one pass over the AST without a promise per node, checking for
// cancellation every few hundred nodes; resolution itself (scopes, errors) is Langium's `doLink`.
import { Cancellation, DefaultLinker, interruptAndCheck, type AstNode, type LangiumDocument } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { forEachAstNode, forEachReference } from './ast-walk.js';

/** Nodes linked between two cancellation checks. */
const nodesPerCancellationCheck = 256;

/** Links every reference of a document, in the same order as Langium's linker. */
export class IrqLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken: CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const nodes: AstNode[] = [];
        forEachAstNode(document.parseResult.value, node => nodes.push(node));
        for (let i = 0; i < nodes.length; i++) {
            if (i % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            const container = nodes[i];
            forEachReference(container, (reference, property, index) => this.doLink({ reference, container, property, index }, document));
        }
    }
}
