// Hover for .irq documents: declarations and references show their doc comment and a one-line summary
// (kind, parent chain, kernel-style name); kinds, callbacks, modes, flags, handlers and steps show their kernel meaning.
import type { AstNode, LangiumDocument, LeafCstNode } from 'langium';
import { MultilineCommentHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { isChip, isDevice, isDomain, isInterrupt, isIrqRef, isScenario, isTopology, type Chip } from '../generated/ast.js';
import { classify, leafAt } from './irq-cst-context.js';
import { elementSummary } from './irq-element-info.js';
import { wordDocumentation } from './irq-word-docs.js';
import { qualifiedSegmentAt } from './irq-qualified-names.js';

/** Hover texts for .irq documents. */
export class IrqHoverProvider extends MultilineCommentHoverProvider {
    constructor(services: LangiumServices) {
        super(services);
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult?.value?.$cstNode;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = leafAt(root, offset);
        if (!leaf) return undefined;
        const context = classify(leaf);
        const markdown = this.referenceOrDeclarationHover(context.node, leaf) ?? wordDocumentation(context);
        if (markdown) return { contents: { kind: 'markdown', value: markdown }, range: leaf.range };
        return super.getHoverContent(document, params);
    }

    /** Doc comment and summary of the element a name token declares or refers to. */
    private referenceOrDeclarationHover(node: AstNode, leaf: LeafCstNode): string | undefined {
        if (isIrqRef(node)) {
            const segment = qualifiedSegmentAt(node, leaf.offset);
            if (segment?.part === 'device') {
                const device = node.irq.ref?.$container;
                return device ? this.elementHover(device) : undefined;
            }
        }
        const targets = this.references.findDeclarations(leaf);
        const target = targets.find(t => isDomain(t) || isDevice(t) || isInterrupt(t) || isTopology(t) || isScenario(t) || isChip(t));
        return target ? this.elementHover(target) : undefined;
    }

    private elementHover(node: AstNode): string | undefined {
        const summary = isChip(node) ? chipSummary(node) : elementSummary(node);
        if (summary.length === 0) return undefined;
        const comment = this.documentationProvider.getDocumentation(node);
        const parts = comment ? [comment, '---'] : [];
        parts.push(summary.join('  \n'));
        return parts.join('\n\n');
    }
}

function chipSummary(chip: Chip): string[] {
    const callbacks = chip.callbacks.map(c => `${c.name}: ${c.mode ?? c.target?.$refText ?? '?'}`).join(', ');
    const lines = [`**chip** \`${chip.name}\` of domain \`${chip.$container?.name}\` — \`struct irq_chip\``];
    if (callbacks) lines.push(`Callbacks: ${callbacks}`);
    if (chip.flags.length > 0) lines.push(`Flags: ${chip.flags.map(f => `IRQCHIP_${f.replace(/^IRQCHIP_/, '')}`).join(', ')}`);
    return lines;
}
