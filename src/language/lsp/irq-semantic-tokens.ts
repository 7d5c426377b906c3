// Semantic tokens for .irq documents: domains (class), chips (struct), devices (variable), interrupts (property),
// topologies (namespace), scenarios (function), callbacks (method), callback modes (modifier), flags and bus tokens
// (enumMember), flow handlers (function), kinds (type), numbers; declarations carry the `declaration` modifier.
import { AstUtils, GrammarAST, interruptAndCheck, type AstNode, type CstNode, type LangiumDocument, type LeafCstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes, type CancellationToken } from 'vscode-languageserver';
import {
    isCallback, isChip, isDevice, isDomain, isExpectHwirq, isExpectResult, isExpectState, isExtension, isInterrupt, isIrqRef,
    isOption, isScenario, isTopology
} from '../generated/ast.js';
import { qualifiedParts } from './irq-qualified-names.js';

const declaration = SemanticTokenModifiers.declaration;
const library = SemanticTokenModifiers.defaultLibrary;
const numberTerminals = new Set(['NUMBER', 'BDF', 'VERSION']);

/** How the text of one property of a node is highlighted. */
interface TokenRule {
    readonly type: string;
    readonly modifier?: string;
}

type PropertyRules = Readonly<Record<string, TokenRule>>;

const flagRule: TokenRule = { type: SemanticTokenTypes.enumMember, modifier: library };

/** The highlighted properties of each kind of node, in the order the kinds are told apart (first match wins). */
const kindRules: Array<{ is: (node: AstNode) => boolean; rules: PropertyRules }> = [
    { is: isTopology, rules: { name: { type: SemanticTokenTypes.namespace, modifier: declaration } } },
    { is: isExtension, rules: { topology: { type: SemanticTokenTypes.namespace } } },
    { is: isScenario, rules: { name: { type: SemanticTokenTypes.function, modifier: declaration }, topology: { type: SemanticTokenTypes.namespace } } },
    {
        is: isDomain, rules: {
            name: { type: SemanticTokenTypes.class, modifier: declaration },
            kind: { type: SemanticTokenTypes.type, modifier: library },
            parents: { type: SemanticTokenTypes.class },
            chainedTo: { type: SemanticTokenTypes.class },
            flags: flagRule, msiFlags: flagRule, supports: flagRule, requires: flagRule, accepts: flagRule, busToken: flagRule,
            flow: { type: SemanticTokenTypes.function, modifier: library }
        }
    },
    { is: isChip, rules: { name: { type: SemanticTokenTypes.struct, modifier: declaration }, flags: flagRule } },
    {
        is: isCallback, rules: {
            name: { type: SemanticTokenTypes.method },
            mode: { type: SemanticTokenTypes.modifier },
            target: { type: SemanticTokenTypes.class },
            function: { type: SemanticTokenTypes.function, modifier: library }
        }
    },
    { is: isDevice, rules: { name: { type: SemanticTokenTypes.variable, modifier: declaration }, iommu: { type: SemanticTokenTypes.class } } },
    {
        is: isInterrupt, rules: {
            name: { type: SemanticTokenTypes.property, modifier: declaration },
            domain: { type: SemanticTokenTypes.class },
            flow: { type: SemanticTokenTypes.function, modifier: library },
            trigger: { type: SemanticTokenTypes.enumMember }
        }
    },
    // Qualified interrupt references are split into device and interrupt tokens (see `highlightIrqRef`).
    { is: isIrqRef, rules: {} },
    { is: isExpectState, rules: { level: { type: SemanticTokenTypes.class }, state: { type: SemanticTokenTypes.enumMember } } },
    { is: isExpectHwirq, rules: { level: { type: SemanticTokenTypes.class } } },
    { is: isExpectResult, rules: { errno: { type: SemanticTokenTypes.enumMember, modifier: library } } },
    { is: isOption, rules: { name: { type: SemanticTokenTypes.property }, value: { type: SemanticTokenTypes.enumMember } } }
];

/** CST nodes visited between two cancellation checks (each may yield to the event loop). */
const nodesPerCancellationCheck = 4096;

/**
 * Semantic highlighting for .irq documents in one walk over the CST: a CST node is highlighted as property P of
 * the AST node N whose CST holds it when the grammar assigns it to P (what Langium's per-node
 * `findNodesForProperty` finds, without searching each node's CST once per property); number, bus address and
 * version tokens as numbers.
 */
export class IrqSemanticTokenProvider extends AbstractSemanticTokenProvider {
    /** The property each grammar element is assigned to (undefined: none), looked up once per element. */
    private readonly features = new Map<object, string | undefined>();
    /** The highlighted properties of each node type, decided once per type. */
    private readonly rulesByType = new Map<string, PropertyRules | undefined>();

    /** Not used: `computeHighlighting` walks the CST once instead of visiting each AST node. */
    protected highlightElement(): void {}

    protected override async computeHighlighting(document: LangiumDocument, acceptor: SemanticTokenAcceptor, cancelToken: CancellationToken): Promise<void> {
        const model = document.parseResult.value;
        const root = model.$cstNode;
        if (!root) return;
        const range = (this as unknown as { currentRange?: { start: { line: number }; end: { line: number } } }).currentRange;
        // Each CST node with the AST node whose CST holds it, children in text order.
        const nodes: CstNode[] = [];
        const owners: AstNode[] = [];
        pushChildren(root, model, nodes, owners);
        let visited = 0;
        while (nodes.length > 0) {
            const cst = nodes.pop()!;
            const owner = owners.pop()!;
            if (++visited % nodesPerCancellationCheck === 0) await interruptAndCheck(cancelToken);
            if (cst.hidden) continue;
            const content = (cst as { content?: CstNode[] }).content;
            if (range && content && (cst.range.end.line < range.start.line || cst.range.start.line > range.end.line)) continue;
            const feature = this.featureOf(cst.grammarSource);
            if (feature !== undefined) {
                const rule = this.rulesOf(owner.$type)?.[feature];
                if (rule) acceptor({ cst, type: rule.type, modifier: rule.modifier });
            }
            if (!content) {
                if (numberTerminals.has((cst as LeafCstNode).tokenType.name)) acceptor({ cst, type: SemanticTokenTypes.number });
                continue;
            }
            const own = cst.astNode;
            if (own !== owner) {
                // A node left out of the AST (a single-valued member given twice) is not highlighted.
                if (own.$container === undefined && own !== model) continue;
                if (isIrqRef(own) && own.$cstNode === cst) highlightIrqRef(own, acceptor);
            }
            pushChildren(cst, own, nodes, owners);
        }
    }

    private featureOf(element: object | undefined): string | undefined {
        if (!element) return undefined;
        if (this.features.has(element)) return this.features.get(element);
        const feature = AstUtils.getContainerOfType(element as GrammarAST.AbstractElement, GrammarAST.isAssignment)?.feature;
        this.features.set(element, feature);
        return feature;
    }

    private rulesOf($type: string): PropertyRules | undefined {
        if (this.rulesByType.has($type)) return this.rulesByType.get($type);
        const probe = { $type } as AstNode;
        const rules = kindRules.find(kind => kind.is(probe))?.rules;
        this.rulesByType.set($type, rules);
        return rules;
    }
}

/** Pushes a composite's children so that the first is popped first. */
function pushChildren(cst: CstNode, owner: AstNode, nodes: CstNode[], owners: AstNode[]): void {
    const content = (cst as unknown as { content: CstNode[] }).content;
    for (let i = content.length - 1; i >= 0; i--) {
        nodes.push(content[i]);
        owners.push(owner);
    }
}

/** `device.irq`: the device part as a variable, the interrupt as a property. */
function highlightIrqRef(ref: Parameters<typeof qualifiedParts>[0], acceptor: SemanticTokenAcceptor): void {
    const parts = qualifiedParts(ref);
    for (const leaf of parts.device) acceptor({ cst: leaf, type: SemanticTokenTypes.variable });
    if (parts.irq) acceptor({ cst: parts.irq, type: SemanticTokenTypes.property });
}
