// The per-node semantic token provider (each AST node asks Langium for the CST nodes of each highlighted property),
// kept only as the reference that the one-walk provider in src/language/lsp/irq-semantic-tokens.ts is compared with.
import { CstUtils, type AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isCallback, isChip, isDevice, isDomain, isExpectHwirq, isExpectResult, isExpectState, isExtension, isInterrupt, isIrqRef,
    isOption, isScenario, isTopology
} from '../../../src/language/generated/ast.js';
import { qualifiedParts } from '../../../src/language/lsp/irq-qualified-names.js';

const declaration = SemanticTokenModifiers.declaration;
const library = SemanticTokenModifiers.defaultLibrary;
const numberTerminals = new Set(['NUMBER', 'BDF', 'VERSION']);

/** Semantic highlighting for .irq documents, node by node. */
export class PerNodeSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        this.highlightNames(node, acceptor);
        this.highlightNumbers(node, acceptor);
    }

    private highlightNames(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (isTopology(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: declaration });
        } else if (isExtension(node)) {
            acceptor({ node, property: 'topology', type: SemanticTokenTypes.namespace });
        } else if (isScenario(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: declaration });
            acceptor({ node, property: 'topology', type: SemanticTokenTypes.namespace });
        } else if (isDomain(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: declaration });
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.type, modifier: library });
            acceptor({ node, property: 'parents', type: SemanticTokenTypes.class });
            acceptor({ node, property: 'chainedTo', type: SemanticTokenTypes.class });
            for (const property of ['flags', 'msiFlags', 'supports', 'requires', 'accepts', 'busToken'] as const) {
                acceptor({ node, property, type: SemanticTokenTypes.enumMember, modifier: library });
            }
            acceptor({ node, property: 'flow', type: SemanticTokenTypes.function, modifier: library });
        } else if (isChip(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.struct, modifier: declaration });
            acceptor({ node, property: 'flags', type: SemanticTokenTypes.enumMember, modifier: library });
        } else if (isCallback(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.method });
            acceptor({ node, property: 'mode', type: SemanticTokenTypes.modifier });
            acceptor({ node, property: 'target', type: SemanticTokenTypes.class });
            acceptor({ node, property: 'function', type: SemanticTokenTypes.function, modifier: library });
        } else if (isDevice(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: declaration });
            acceptor({ node, property: 'iommu', type: SemanticTokenTypes.class });
        } else if (isInterrupt(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: declaration });
            acceptor({ node, property: 'domain', type: SemanticTokenTypes.class });
            acceptor({ node, property: 'flow', type: SemanticTokenTypes.function, modifier: library });
            acceptor({ node, property: 'trigger', type: SemanticTokenTypes.enumMember });
        } else if (isIrqRef(node)) {
            const parts = qualifiedParts(node);
            for (const leaf of parts.device) acceptor({ cst: leaf, type: SemanticTokenTypes.variable });
            if (parts.irq) acceptor({ cst: parts.irq, type: SemanticTokenTypes.property });
        } else if (isExpectState(node) || isExpectHwirq(node)) {
            acceptor({ node, property: 'level', type: SemanticTokenTypes.class });
            if (isExpectState(node)) acceptor({ node, property: 'state', type: SemanticTokenTypes.enumMember });
        } else if (isExpectResult(node)) {
            acceptor({ node, property: 'errno', type: SemanticTokenTypes.enumMember, modifier: library });
        } else if (isOption(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property });
            acceptor({ node, property: 'value', type: SemanticTokenTypes.enumMember });
        }
    }

    /** Numbers, PCI addresses and versions that belong directly to this node. */
    private highlightNumbers(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (!node.$cstNode) return;
        for (const leaf of CstUtils.flattenCst(node.$cstNode)) {
            if (leaf.astNode === node && !leaf.hidden && numberTerminals.has(leaf.tokenType.name)) {
                acceptor({ cst: leaf, type: SemanticTokenTypes.number });
            }
        }
    }
}
