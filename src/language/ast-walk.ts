// A fast pre-order walk over an AST (every node once, children in property order), for the whole-document
// passes (validation, reference index): Langium's stream-based `streamAst` allocates per node and per property.
import type { AstNode, Reference } from 'langium';

function isAstNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/**
 * Calls `visit` for `root` and every node it contains, in the same order as Langium's `streamAst`: a node, then
 * the contents of its properties in key order. `$`-prefixed properties (container, CST, document) and
 * references are not followed. When `visit` returns `'skip'`, the node's contents are not visited.
 */
export function forEachAstNode(root: AstNode, visit: (node: AstNode) => unknown): void {
    const stack: AstNode[] = [root];
    const children: AstNode[] = [];
    while (stack.length > 0) {
        const node = stack.pop()!;
        if (visit(node) === 'skip') continue;
        children.length = 0;
        for (const key in node) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (Array.isArray(value)) {
                for (const item of value) if (isAstNode(item)) children.push(item);
            } else if (isAstNode(value)) {
                children.push(value);
            }
        }
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
}

function isReferenceObject(value: unknown): value is Reference {
    return typeof value === 'object' && value !== null && typeof (value as { $refText?: unknown }).$refText === 'string';
}

/** Calls `visit` for each cross-reference held directly by `node` (not by its children), in property order. */
export function forEachReference(node: AstNode, visit: (reference: Reference, property: string, index: number | undefined) => void): void {
    for (const key in node) {
        if (key.charCodeAt(0) === 36 /* $ */) continue;
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) if (isReferenceObject(value[i])) visit(value[i] as Reference, key, i);
        } else if (isReferenceObject(value)) {
            visit(value, key, undefined);
        }
    }
}
