// What a token of an .irq document is: the AST node it belongs to, the property it is assigned to, the keyword
// it is. Hover and rename find tokens with it; the outline and semantic tokens read visible leaves with it.
import { CstUtils, GrammarAST, GrammarUtils, type AstNode, type CstNode, type LeafCstNode } from 'langium';

/** The classification of one leaf token. */
export interface LeafContext {
    /** The leaf itself. */
    readonly leaf: LeafCstNode;
    /** The AST node the token belongs to. */
    readonly node: AstNode;
    /** The property the token is (part of) the value of, e.g. `flags`, `kind`, `name`. */
    readonly property?: string;
    /** The keyword text when the token is a keyword. */
    readonly keyword?: string;
}

/** The non-hidden leaf at `offset`, also when the cursor sits right after the token. */
export function leafAt(root: CstNode | undefined, offset: number): LeafCstNode | undefined {
    if (!root) return undefined;
    const text = root.root.fullText;
    const at = offset < text.length && /\S/.test(text.charAt(offset)) ? offset : offset - 1;
    if (at < 0) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, at);
    if (!leaf || leaf.hidden || at < leaf.offset || at >= leaf.end) return undefined;
    return leaf;
}

/** Classifies a leaf token. */
export function classify(leaf: LeafCstNode): LeafContext {
    const source = leaf.grammarSource;
    return {
        leaf,
        node: leaf.astNode,
        property: GrammarUtils.findAssignment(leaf)?.feature,
        keyword: GrammarAST.isKeyword(source) ? source.value : undefined
    };
}

/** The non-hidden leaves of a CST node, in order. */
export function visibleLeaves(node: CstNode | undefined): LeafCstNode[] {
    return node ? CstUtils.flattenCst(node).filter(l => !l.hidden).toArray() : [];
}
