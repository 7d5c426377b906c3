// The description objects of exported elements and of references, as classes whose lazy parts are prototype getters:
// an object literal with getters costs a closure and a slow property definition per getter, per element.
import { CstUtils, type AstNode, type AstNodeDescription, type AstNodeLocator, type DocumentSegment, type NameProvider, type Reference, type ReferenceDescription, type URI } from 'langium';

/** What the getters of an element description need from the provider that made it. */
export interface ElementDescriptionContext {
    readonly locator: AstNodeLocator;
    readonly names: NameProvider;
}

/**
 * Langium's description of an exported element with `path` computed on first read, and `nameSegment` and
 * `selectionSegment` computed at every read (an incremental re-parse moves the text of a unit whose
 * descriptions are kept; its path does not change).
 */
export class LazyElementDescription implements AstNodeDescription {
    readonly type: string;
    readonly #context: ElementDescriptionContext;
    #path: string | undefined;

    constructor(readonly node: AstNode, readonly name: string, readonly documentUri: URI, context: ElementDescriptionContext) {
        this.type = node.$type;
        this.#context = context;
    }

    get path(): string {
        return this.#path ??= this.#context.locator.getAstNodePath(this.node);
    }

    get nameSegment(): DocumentSegment | undefined {
        return CstUtils.toDocumentSegment(this.#context.names.getNameNode(this.node) ?? this.node.$cstNode);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return CstUtils.toDocumentSegment(this.node.$cstNode);
    }
}

/** Langium's description of a resolved reference, with `sourcePath` computed on first read and `segment` at every read. */
export class LazyReferenceDescription implements ReferenceDescription {
    readonly targetUri: URI;
    readonly #container: AstNode;
    readonly #target: AstNodeDescription;
    readonly #reference: Reference;
    readonly #locator: AstNodeLocator;
    #sourcePath: string | undefined;

    constructor(readonly sourceUri: URI, readonly local: boolean, container: AstNode, target: AstNodeDescription, reference: Reference, locator: AstNodeLocator) {
        this.targetUri = target.documentUri;
        this.#container = container;
        this.#target = target;
        this.#reference = reference;
        this.#locator = locator;
    }

    get sourcePath(): string {
        return this.#sourcePath ??= this.#locator.getAstNodePath(this.#container);
    }

    get targetPath(): string {
        return this.#target.path;
    }

    get segment(): DocumentSegment {
        // The reference's CST node, built on first read for a device or domain read without it (lazy-cst.ts).
        return CstUtils.toDocumentSegment(this.#reference.$refNode!);
    }
}
