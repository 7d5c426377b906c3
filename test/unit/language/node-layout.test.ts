// Nodes made with room for their type's fields: only `$type` is theirs at first, with the prototype asked for.
import { describe, expect, it } from 'vitest';
import { NodeLayouts } from '../../../src/language/parser/node-layout.js';
import { pendingNodePrototype } from '../../../src/language/parser/lazy-cst.js';
import { createTestServices } from '../helpers/services.js';

describe('node layouts', () => {
    const layouts = new NodeLayouts(createTestServices().shared.AstReflection);

    it('make nodes whose only own key is $type, with the given prototype, one constructor per type and prototype', () => {
        const plain = layouts.make('Domain', Object.prototype);
        expect(Object.keys(plain)).toEqual(['$type']);
        expect(plain.$type).toBe('Domain');
        expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
        expect(JSON.stringify(plain)).toBe('{"$type":"Domain"}');
        const pending = layouts.make('Domain', pendingNodePrototype);
        expect(Object.getPrototypeOf(pending)).toBe(pendingNodePrototype);
        expect(Object.getPrototypeOf(layouts.make('Interrupt', Object.prototype))).toBe(Object.prototype);
        expect(Object.getPrototypeOf(plain).constructor).toBe(Object);
    });

    it('keep the fields in the order they are added, for any type name (also one the grammar does not have)', () => {
        const node = layouts.make('No such type', Object.prototype);
        node.name = 'x';
        node.items = [];
        node.$container = undefined;
        expect(Object.keys(node)).toEqual(['$type', 'name', 'items', '$container']);
        expect(node.$type).toBe('No such type');
        const odd = layouts.make('"); throw new Error("x', Object.prototype);
        expect(odd.$type).toBe('"); throw new Error("x');
    });
});
