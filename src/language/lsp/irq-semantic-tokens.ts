// Semantic tokens for .irq documents (domains, chips, devices, interrupts, callbacks, flags).
// Placeholder until the highlighting rules land.
import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';

/** Semantic highlighting for .irq documents. */
export class IrqSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(_node: AstNode, _acceptor: SemanticTokenAcceptor): void {
        // Highlighting rules are added per node type.
    }
}
