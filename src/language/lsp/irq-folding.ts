// Folding ranges for .irq documents: braced blocks (topology, extend, domain, device, chip, ops, scenario),
// multi-line block comments, runs of line comments, and the import list.
import { CstUtils, type AstNode, type LangiumDocument } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor, type LangiumServices } from 'langium/lsp';
import { FoldingRangeKind } from 'vscode-languageserver';
import { isChip, isDevice, isDomain, isDomainOps, isElement, type Model } from '../generated/ast.js';

/** Folding ranges for .irq documents. */
export class IrqFoldingRangeProvider extends DefaultFoldingRangeProvider {
    constructor(services: LangiumServices) {
        super(services);
    }

    protected override shouldProcess(node: AstNode): boolean {
        return isElement(node) || isDomain(node) || isDevice(node) || isChip(node) || isDomainOps(node);
    }

    protected override collectFolding(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        super.collectFolding(document, acceptor);
        this.collectLineCommentRuns(document, acceptor);
        this.collectImports(document, acceptor);
    }

    /** Three or more consecutive `//` lines fold together. */
    private collectLineCommentRuns(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        const root = document.parseResult?.value?.$cstNode;
        if (!root) return;
        let run: { start: number; end: number } | undefined;
        const flush = () => {
            if (run && run.end - run.start >= 2) acceptor({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
            run = undefined;
        };
        let previousLine = -2;
        for (const leaf of CstUtils.flattenCst(root)) {
            const line = leaf.range.start.line;
            const isLineComment = leaf.hidden && leaf.text.startsWith('//');
            if (isLineComment && run && line === previousLine + 1) {
                run.end = line;
            } else {
                flush();
                if (isLineComment) run = { start: line, end: line };
            }
            previousLine = isLineComment ? line : -2;
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
