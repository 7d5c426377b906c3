// The CST of a device or domain, built when something first reads it: the fast parser makes such a unit's AST
// nodes and references at once, and its CST nodes (leaves, composites, `$cstNode`, `$refNode`) on first demand.
import { CompositeCstNodeImpl, type AstNode, type CstNode, type Linker, type Reference } from 'langium';
import type { Range } from 'vscode-languageserver-types';

/**
 * What the fast parser keeps of a unit it read without building its CST: where the unit's text is (first token's
 * start, last token's end), the AST nodes in the order the rules began them, the references in the order they were
 * made, and how to build the CST by reading the text again.
 */
export interface PendingUnit {
    offset: number;
    line: number;
    column: number;
    end: number;
    endLine: number;
    endColumn: number;
    /** The grammar rule the unit was read with. */
    readonly rule: 'Device' | 'Domain';
    /** Every AST node the unit's rules began, the unit's own node first (copied at its exact size once read). */
    nodes: AstNode[];
    /** Every reference made inside the unit, in text order (copied at its exact size once read). */
    refs: Reference[];
    /** Whether some node of the unit was given a single-valued member twice (see duplicate-member-checks.ts). */
    mayRepeatMembers: boolean;
    /** Reads the unit's text again, building its CST onto the nodes and references above. */
    readonly build: (unit: LazyUnitCstNode, pending: PendingUnit) => void;
}

/**
 * The composite CST node of a device or domain whose inner CST is built on first read of `content`. Until then its
 * position comes from the pending record, so text order and ranges of whole units need no CST inside them.
 */
export class LazyUnitCstNode extends CompositeCstNodeImpl {
    /** Set while the inner CST is not built. */
    pending: PendingUnit | undefined;
    private building = false;

    /** Builds the inner CST now if it is still pending. */
    materialize(): void {
        const pending = this.pending;
        if (!pending || this.building) return;
        this.building = true;
        try {
            pending.build(this, pending);
            this.pending = undefined;
        } finally {
            this.building = false;
        }
    }

    override get offset(): number {
        return this.pending ? this.pending.offset : super.offset;
    }

    override get end(): number {
        return this.pending ? this.pending.end : super.end;
    }

    override get length(): number {
        return this.end - this.offset;
    }

    override get range(): Range {
        const pending = this.pending;
        if (!pending) return super.range;
        return { start: { line: pending.line, character: pending.column }, end: { line: pending.endLine, character: pending.endColumn } };
    }
}

/** The content array lives in `ownContent`; reading `content` builds a pending unit first. */
interface ContentHolder { ownContent: CstNode[] }
Object.defineProperty(LazyUnitCstNode.prototype, 'content', {
    get(this: LazyUnitCstNode & ContentHolder): CstNode[] {
        if (this.pending) this.materialize();
        return this.ownContent;
    },
    set(this: ContentHolder, value: CstNode[]) {
        this.ownContent = value;
    },
    configurable: true
});

/** Whether `cst` is a unit whose inner CST has not been built yet (reading its `content` would build it). */
export function isPendingUnit(cst: unknown): cst is LazyUnitCstNode {
    return cst instanceof LazyUnitCstNode && cst.pending !== undefined;
}

/**
 * Where an AST node read inside a unit keeps its CST node: a symbol-keyed field, which no walk over the node's
 * keys (Langium's, JSON) sees, and which needs no property redefinition when the unit's CST is built.
 */
const cstOf = Symbol('cstNode');

interface PendingNode { [cstOf]?: CstNode; $container?: AstNode }

/**
 * The prototype of AST nodes made inside a unit read without its CST. Their `$cstNode` is an accessor over the
 * symbol-keyed field; reading it before the unit's CST is built builds it, which assigns the field.
 */
export const pendingNodePrototype: object = Object.create(Object.prototype, {
    $cstNode: {
        get(this: PendingNode): CstNode | undefined {
            const cst = this[cstOf];
            if (cst !== undefined) return cst;
            enclosingUnit(this)?.materialize();
            return this[cstOf];
        },
        set(this: PendingNode, value: CstNode | undefined) {
            this[cstOf] = value;
        },
        configurable: true,
        enumerable: false
    }
});

/** Whether `node` was made inside a unit read without its CST (its `$cstNode` is the accessor above). */
function isPendingNode(node: object): boolean {
    return Object.getPrototypeOf(node) === pendingNodePrototype;
}

/** The unit CST node above an AST node made inside a unit read without its CST: the unit node's own `$cstNode`. */
function enclosingUnit(node: PendingNode): LazyUnitCstNode | undefined {
    for (let n: AstNode | undefined = node.$container; n; n = n.$container) {
        if (isPendingNode(n)) continue;
        const cst = n.$cstNode;
        return cst instanceof LazyUnitCstNode ? cst : undefined;
    }
    return undefined;
}

/** A reference made inside a pending unit: its CST node is kept in `$refCst`, and `$pendingUnit` builds it. */
interface PendingReferenceFields {
    $refCst: CstNode | undefined;
    $pendingUnit: LazyUnitCstNode;
}

/** Makes a pending copy of a reference (see `pendingReference`). */
type PendingReferenceConstructor = new (built: Reference, unit: LazyUnitCstNode) => Reference;

/**
 * Per reference class of the linker, the prototype of pending references: the same class with a `$refNode` that
 * builds the reference's unit's CST when read.
 */
const pendingReferencePrototypes = new WeakMap<object, object>();

function pendingReferencePrototype(base: object): object {
    let prototype = pendingReferencePrototypes.get(base);
    if (!prototype) {
        prototype = Object.create(base, {
            $refNode: {
                get(this: PendingReferenceFields): CstNode | undefined {
                    if (this.$refCst === undefined) this.$pendingUnit.materialize();
                    return this.$refCst;
                },
                set(this: PendingReferenceFields, value: CstNode | undefined) {
                    this.$refCst = value;
                },
                configurable: true,
                enumerable: false
            }
        }) as object;
        pendingReferencePrototypes.set(base, prototype);
    }
    return prototype;
}

/**
 * Per reference class of the linker, a constructor of pending copies. Made by a constructor (not
 * `Object.create`), a copy keeps its fields in the object itself instead of in a separate array.
 */
const pendingReferenceConstructors = new WeakMap<object, PendingReferenceConstructor>();

function pendingReferenceConstructor(base: object): PendingReferenceConstructor {
    let make = pendingReferenceConstructors.get(base);
    if (!make) {
        const constructor = function (this: Record<string, unknown>, built: Reference, unit: LazyUnitCstNode) {
            // `for...in` (own enumerable keys here: the reference classes' accessors are not enumerable) makes no key array.
            for (const key in built) {
                if (key !== '$refNode') this[key] = (built as unknown as Record<string, unknown>)[key];
            }
            this.$refCst = undefined;
            this.$pendingUnit = unit;
            // The field linking adds, made here (last, so that deleting it on unlink stays cheap): V8 sizes objects
            // by the fields the first few have when they are made, and a field added later goes to a separate array.
            if ('_ref' in this && !('_nodeDescription' in this)) this._nodeDescription = undefined;
        };
        constructor.prototype = pendingReferencePrototype(base);
        make = constructor as unknown as PendingReferenceConstructor;
        pendingReferenceConstructors.set(base, make);
    }
    return make;
}

/**
 * A copy of `built` (a reference the linker made without a CST node) whose `$refNode` builds `unit`'s CST when it
 * is first read; building the unit assigns it.
 */
export function pendingReference(built: Reference, unit: LazyUnitCstNode): Reference {
    const make = pendingReferenceConstructor(Object.getPrototypeOf(built) as object);
    return new make(built, unit);
}

/** Makes the reference `linker.buildReference(node, property, undefined, refText)` would make, pending in `unit`. */
export type PendingReferenceMaker = (node: AstNode, property: string, refText: string, unit: LazyUnitCstNode) => Reference;

/** The own fields of Langium's single-target reference, in the order its constructor makes them. */
const langiumReferenceFields = ['resolver', 'node', 'property', '_ref', '$refNode', '$refText'].join();

/**
 * Pending references of `linker`, made in one step when its references are Langium's own single-target
 * references (checked on the first one it builds): the same fields and prototype as `pendingReference`'s copy of
 * a built one, without building one first. Any other kind of reference is built and copied.
 */
export function pendingReferenceMaker(linker: Linker): PendingReferenceMaker {
    let make: PendingReferenceMaker | undefined;
    return (node, property, refText, unit) => {
        if (make) return make(node, property, refText, unit);
        const sample = linker.buildReference(node, property, undefined, refText) as unknown as Record<string, unknown>;
        const direct = Object.keys(sample).join() === langiumReferenceFields && sample.node === node && sample.property === property
            && sample.$refText === refText && sample._ref === undefined && sample.$refNode === undefined;
        if (direct) {
            const resolver = sample.resolver;
            const constructor = function (this: Record<string, unknown>, node: AstNode, property: string, refText: string, unit: LazyUnitCstNode) {
                this.resolver = resolver;
                this.node = node;
                this.property = property;
                this._ref = undefined;
                this.$refText = refText;
                this.$refCst = undefined;
                this.$pendingUnit = unit;
                this._nodeDescription = undefined;
            };
            constructor.prototype = pendingReferencePrototype(Object.getPrototypeOf(sample) as object);
            const Direct = constructor as unknown as new (node: AstNode, property: string, refText: string, unit: LazyUnitCstNode) => Reference;
            make = (n, p, text, u) => new Direct(n, p, text, u);
        } else {
            make = (n, p, text, u) => pendingReference(linker.buildReference(n, p, undefined, text) as Reference, u);
        }
        return pendingReference(sample as unknown as Reference, unit);
    };
}

/** Whether a reference has a CST node, built or still pending, without building it. */
export function hasRefNode(reference: Reference): boolean {
    if (Object.prototype.hasOwnProperty.call(reference, '$pendingUnit')) return true;
    return reference.$refNode !== undefined;
}

/**
 * The unit CST node of `node` if `node` or the unit it was read in still has its CST pending; undefined when the
 * node's CST is built (or it was never read lazily). Reads no `$cstNode` that would build anything.
 */
export function pendingUnitOf(node: AstNode): LazyUnitCstNode | undefined {
    if (!isPendingNode(node)) {
        const cst = node.$cstNode;
        return isPendingUnit(cst) ? cst : undefined;
    }
    if ((node as PendingNode)[cstOf] !== undefined) return undefined;
    const unit = enclosingUnit(node as PendingNode);
    return unit?.pending ? unit : undefined;
}

/** Builds every pending unit's CST under `cst` (for tests, and before walking a whole tree by hand). */
export function materializeAll(cst: CstNode): void {
    const stack: CstNode[] = [cst];
    while (stack.length > 0) {
        const node = stack.pop()!;
        const content = (node as { content?: CstNode[] }).content;
        if (content) for (const child of content) stack.push(child);
    }
}

/** Moves a pending unit's recorded positions as `incremental-reparse.ts` moves the leaves after an edit. */
export function shiftPending(unit: LazyUnitCstNode, delta: number, oldEndLine: number, lineDelta: number, columnDelta: number): void {
    const pending = unit.pending!;
    pending.offset += delta;
    pending.end += delta;
    if (pending.line === oldEndLine) pending.column += columnDelta;
    if (pending.endLine === oldEndLine) pending.endColumn += columnDelta;
    pending.line += lineDelta;
    pending.endLine += lineDelta;
}
