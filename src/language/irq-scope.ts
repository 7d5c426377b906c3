// Scoping for .irq files: what each document exports (topologies, scenarios, every domain, devices,
// interrupts by their qualified name `device.irq`) and a global scope limited to the import closure.
import {
    AstUtils, DefaultScopeComputation, DefaultScopeProvider, MultiMap, MultiMapScope, WorkspaceCache, type AstNode, type AstNodeDescription,
    type LangiumDocument, type LangiumDocuments, type LocalSymbols, type ReferenceInfo, type Scope
} from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { isDevice, isDomain, isInterrupt, isScenario, isTopology, type Interrupt } from './generated/ast.js';
import { importClosure } from './imports.js';
import { forEachAstNode } from './ast-walk.js';

/** The name under which an interrupt is referenced from scenarios: `device.irq`. */
export function qualifiedInterruptName(irq: Interrupt): string | undefined {
    const device = irq.$container;
    return device?.name && irq.name ? `${device.name}.${irq.name}` : undefined;
}

/** Exports every referencable element of a document; nothing is document-local. */
export class IrqScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        const root = document.parseResult.value;
        // The same order as Langium's streamAllContents (which scopes rely on for duplicates), walked faster.
        forEachAstNode(root, node => {
            if (node === root) return;
            const name = this.exportedName(node);
            if (name) exports.push(this.descriptions.createDescription(node, name, document));
        });
        return exports;
    }

    override async collectLocalSymbols(): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }

    private exportedName(node: AstNode): string | undefined {
        if (isInterrupt(node)) return qualifiedInterruptName(node);
        if (isTopology(node) || isScenario(node) || isDomain(node) || isDevice(node)) return node.name || undefined;
        return undefined;
    }
}

/** Resolves references only against the referencing document and the documents it imports. */
export class IrqScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    private readonly closureCache: WorkspaceCache<string, Set<string>>;
    private readonly scopeCache: WorkspaceCache<string, Scope>;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.closureCache = new WorkspaceCache(services.shared);
        this.scopeCache = new WorkspaceCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        const key = `${referenceType}\u0000${document.uri.toString()}`;
        return this.scopeCache.get(key, () => new MultiMapScope(
            this.indexManager.allElements(referenceType, this.visibleUris(document))
        ));
    }

    /** The URIs whose exports the given document can see. */
    visibleUris(document: LangiumDocument): Set<string> {
        return this.closureCache.get(document.uri.toString(), () => importClosure(document, this.documents));
    }
}
