// Folding ranges for .irq documents: braced blocks (topology, extend, domain, device, chip, ops, scenario),
// multi-line block comments, runs of line comments, and the import list.
import type { AstNode, CstNode, LangiumDocument, LeafCstNode } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor, type LangiumServices } from 'langium/lsp';
import { FoldingRangeKind } from 'vscode-languageserver';
import { isChip, isDevice, isDomain, isDomainOps, isElement, type Model } from '../generated/ast.js';
import { forEachAstNode } from '../ast-walk.js';

/** Folding ranges for .irq documents. */
export class IrqFoldingRangeProvider extends DefaultFoldingRangeProvider {
    constructor(services: LangiumServices) {
        super(services);
    }

    protected override shouldProcess(node: AstNode): boolean {
        return isElement(node) || isDomain(node) || isDevice(node) || isChip(node) || isDomainOps(node);
    }

    /**
     * Langium's collection (element blocks, then multi-line block comments), then line-comment runs and imports, with
     * one walk over the AST and one over the CST's leaves instead of Langium's streams (a 10,000-device file has
     * about 700,000 leaves).
     */
    protected override collectFolding(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        const root = document.parseResult?.value;
        if (!root) return;
        forEachAstNode(root, node => {
            if (node !== root && this.shouldProcess(node)) this.collectObjectFolding(document, node, acceptor);
        });
        const leaves = root.$cstNode ? allLeaves(root.$cstNode) : [];
        for (const leaf of leaves) {
            if (leaf.hidden && this.commentNames.includes(leaf.tokenType.name)) {
                const range = this.toFoldingRange(document, leaf, FoldingRangeKind.Comment);
                if (range) acceptor(range);
            }
        }
        this.collectLineCommentRuns(leaves, acceptor);
        this.collectImports(document, acceptor);
    }

    /** Three or more consecutive `//` lines fold together. */
    private collectLineCommentRuns(leaves: readonly LeafCstNode[], acceptor: FoldingRangeAcceptor): void {
        let run: { start: number; end: number } | undefined;
        const flush = () => {
            if (run && run.end - run.start >= 2) acceptor({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
            run = undefined;
        };
        let previousLine = -2;
        for (const leaf of leaves) {
            if (!leaf.hidden || !leaf.text.startsWith('//')) {
                flush();
                previousLine = -2;
                continue;
            }
            const line = leaf.range.start.line;
            if (run && line === previousLine + 1) {
                run.end = line;
            } else {
                flush();
                run = { start: line, end: line };
            }
            previousLine = line;
        }
        flush();
    }

    /** Two or more imports fold as one imports block. */
    private collectImports(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        const imports = (document.parseResult?.value as Model | undefined)?.imports ?? [];
        const first = imports[0]?.$cstNode;
        const last = imports[imports.length - 1]?.$cstNode;
        if (imports.length >= 2 && first && last && last.range.end.line > first.range.start.line) {
            acceptor({ startLine: first.range.start.line, endLine: last.range.end.line, kind: FoldingRangeKind.Imports });
        }
    }
}

/** The leaves under `cst` in text order (hidden ones included). */
function allLeaves(cst: CstNode): LeafCstNode[] {
    const leaves: LeafCstNode[] = [];
    const stack: CstNode[] = [cst];
    while (stack.length > 0) {
        const node = stack.pop()!;
        const content = (node as { content?: CstNode[] }).content;
        if (!content) {
            leaves.push(node as LeafCstNode);
            continue;
        }
        for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]);
    }
    return leaves;
}
