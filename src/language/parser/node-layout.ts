// Makes AST nodes that V8 lays out with room for every field their type can get in the object itself, instead of
// spilling the fields past the first few into a separate array that grows three at a time.
import type { AstReflection } from 'langium';

/** An AST node as the fast parser builds it: `$type` first, the other fields added as they are read. */
type NodeObject = Record<string, unknown> & { $type: string };

/** Fields a node gets besides its type's properties: `$container`, `$containerProperty`, `$containerIndex`, its CST. */
const linkFields = 4;

/**
 * Per node type and prototype, a constructor of nodes that sets only `$type`. V8 reserves room in an object for as
 * many fields as its constructor's body assigns (and keeps, after the first few objects, the room they used):
 * the constructor also assigns one field per property of the type in a branch that never runs, which reserves
 * the room without making the fields. A node's own keys and their order stay those of a node made as `{ $type }`.
 */
export class NodeLayouts {
    private readonly constructors = new Map<object, Map<string, new () => NodeObject>>();

    constructor(private readonly reflection: AstReflection) {}

    /** A node of `$type` with `prototype` (`Object.prototype` for a plain node). */
    make($type: string, prototype: object): NodeObject {
        let byType = this.constructors.get(prototype);
        if (!byType) this.constructors.set(prototype, byType = new Map());
        let make = byType.get($type);
        if (!make) {
            make = layoutConstructor($type, prototype, this.fieldCount($type));
            byType.set($type, make);
        }
        return new make();
    }

    /** The properties of the type (none for a type the reflection does not know) and the container links. */
    private fieldCount($type: string): number {
        return Object.keys(this.reflection.getTypeMetaData($type).properties).length + linkFields;
    }
}

function layoutConstructor($type: string, prototype: object, fields: number): new () => NodeObject {
    const reserved = Array.from({ length: fields }, (_, i) => `this.f${i} = 0;`).join(' ');
    // `this` is never null in a constructor: the branch only tells V8 how many fields to make room for.
    const constructor = new Function('$type', `return function Node() { this.$type = $type; if (this === null) { ${reserved} } };`)($type) as
        { prototype: object };
    constructor.prototype = prototype;
    return constructor as unknown as new () => NodeObject;
}
