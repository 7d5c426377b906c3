// A fast pre-order walk over an AST (every node once, children in property order), for the whole-document
// passes (validation, linking, reference index): Langium's stream-based `streamAst` allocates per node and property.
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
    while (stack.length > 0) {
        const node = stack.pop()!;
        if (visit(node) === 'skip') continue;
        // The children go on the stack in order, then that segment is reversed so that the first is popped first.
        const first = stack.length;
        for (const key in node) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (Array.isArray(value)) {
                // Indexed loops throughout: `for...of` allocates an iterator result per item until the code is optimised.
                for (let i = 0; i < value.length; i++) if (isAstNode(value[i])) stack.push(value[i] as AstNode);
            } else if (isAstNode(value)) {
                stack.push(value);
            }
        }
        reverseFrom(stack, first);
    }
}

/** Reverses `items[first..]` in place. */
function reverseFrom(items: AstNode[], first: number): void {
    for (let i = first, j = items.length - 1; i < j; i++, j--) {
        const item = items[i];
        items[i] = items[j];
        items[j] = item;
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

/**
 * Calls `visit` for every cross-reference held by `root` or the nodes it contains, in the order of
 * `forEachAstNode` and then `forEachReference` on each node, reading the properties of each node once.
 */
export function forEachReferenceIn(root: AstNode, visit: (reference: Reference, container: AstNode, property: string, index: number | undefined) => void): void {
    const stack: AstNode[] = [root];
    while (stack.length > 0) {
        const node = stack.pop()!;
        const first = stack.length;
        for (const key in node) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = (node as unknown as Record<string, unknown>)[key];
            if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++) {
                    const item: unknown = value[i];
                    if (isAstNode(item)) stack.push(item);
                    if (isReferenceObject(item)) visit(item, node, key, i);
                }
            } else {
                if (isAstNode(value)) stack.push(value);
                if (isReferenceObject(value)) visit(value, node, key, undefined);
            }
        }
        reverseFrom(stack, first);
    }
}
