// Two parses as comparable data: the AST without back links (references by text) and the CST one line per node with
// grammar sources, positions and hidden flags; and a check of the AST's container links.
import { expect } from 'vitest';
import type { AstNode, CstNode } from 'langium';

/** The AST as plain data: references by their text, no back links. */
export function astShape(node: AstNode): string {
    return JSON.stringify(node, (key, value) => {
        if (key === '$container' || key === '$cstNode' || key === '$document' || key === '$containerIndex' || key === '$containerProperty') return undefined;
        if (value && typeof value === 'object' && '$refText' in value) return { ref: value.$refText };
        return value;
    });
}

/** Grammar elements numbered in the order first met, so that two CSTs can be compared by identity. */
const grammarIds = new Map<unknown, number>();

/**
 * The CST as one line per node: leaf or composite, grammar source, token type, offsets, range, hidden flag, AST
 * type, and whether the node's container link points at its parent.
 */
export function cstShape(node: CstNode, lines: string[] = [], parent?: CstNode): string[] {
    if (!grammarIds.has(node.grammarSource)) grammarIds.set(node.grammarSource, grammarIds.size);
    const content = (node as { content?: CstNode[] }).content;
    const r = node.range;
    lines.push([
        content ? 'C' : 'L', grammarIds.get(node.grammarSource), (node as { tokenType?: { name: string } }).tokenType?.name ?? '',
        node.offset, node.end, `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`, node.hidden, node.astNode.$type,
        parent === undefined || node.container === parent, JSON.stringify(node.text.slice(0, 30))
    ].join(' '));
    if (content) for (const child of content) cstShape(child, lines, node);
    return lines;
}

/** Checks the spliced AST's back links: every node's container holds it at the recorded property and index. */
export function checkContainers(node: AstNode): void {
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        const items = Array.isArray(value) ? value : [value];
        items.forEach((child, index) => {
            if (!child || typeof child !== 'object' || !('$type' in child)) return;
            expect((child as AstNode).$container).toBe(node);
            expect((child as AstNode).$containerProperty).toBe(key);
            if (Array.isArray(value)) expect((child as AstNode).$containerIndex).toBe(index);
            expect((child as AstNode).$cstNode!.astNode).toBe(child);
            checkContainers(child as AstNode);
        });
    }
}
