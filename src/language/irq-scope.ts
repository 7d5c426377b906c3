// Scoping for .irq files: what each document exports (topologies, scenarios, every domain, devices,
// interrupts by their qualified name `device.irq`) and a global scope limited to the import closure.
import {
    AstUtils, DefaultScopeComputation, DocumentState, DefaultScopeProvider, MultiMap, MultiMapScope, WorkspaceCache, type AstNode, type AstNodeDescription,
    type LangiumDocument, type LangiumDocuments, type LocalSymbols, type ReferenceInfo, type Scope
} from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { importClosure } from './imports.js';
import { forEachAstNode } from './ast-walk.js';
import { isUnit } from './incremental/element-units.js';
import { exportedName } from './exported-names.js';
import { ElementKind, elementKinds } from './element-kinds.js';

export { qualifiedInterruptName } from './exported-names.js';

/**
 * Elements whose contents export nothing (by the grammar: a domain holds chips and ops, an interrupt its affinity
 * ranges, a scenario its steps), so the export walk does not enter them.
 */
const exportsNothingInside = ElementKind.domain | ElementKind.interrupt | ElementKind.scenario;

/**
 * Exports every referencable element of a document; nothing is document-local. The descriptions of a unit (a
 * device, domain or scenario, see incremental/element-units.ts) are kept while the unit node lives: an incremental
 * re-parse replaces only the edited unit, so the others are not described again.
 */
export class IrqScopeComputation extends DefaultScopeComputation {
    private readonly unitExports = new WeakMap<AstNode, AstNodeDescription[]>();

    override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        const root = document.parseResult.value;
        let unitList: AstNodeDescription[] | undefined;
        const describe = (node: AstNode): 'skip' | undefined => {
            const name = exportedName(node);
            if (name) {
                const description = this.descriptions.createDescription(node, name, document);
                exports.push(description);
                unitList?.push(description);
            }
            return elementKinds(node) & exportsNothingInside ? 'skip' : undefined;
        };
        // The same order as Langium's streamAllContents (which scopes rely on for duplicates), walked faster.
        forEachAstNode(root, node => {
            if (node === root) return;
            if (!isUnit(node)) return describe(node);
            const cached = this.unitExports.get(node);
            if (cached) {
                for (const description of cached) exports.push(description);
                return 'skip';
            }
            unitList = [];
            forEachAstNode(node, describe);
            this.unitExports.set(node, unitList);
            unitList = undefined;
            return 'skip';
        });
        return exports;
    }

    override async collectLocalSymbols(): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}

/** Resolves references only against the referencing document and the documents it imports. */
export class IrqScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    private readonly closureCache: WorkspaceCache<string, Set<string>>;
    /** Per document URI, per reference type: the scope (two plain lookups per reference, no key string built). */
    private readonly scopeCache: WorkspaceCache<string, Map<string, Scope>>;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.closureCache = new WorkspaceCache(services.shared);
        this.scopeCache = new WorkspaceCache(services.shared);
        // A request that resolves a reference while a build re-indexes (after the update, before the exports are
        // in the index again) must not leave a scope without the rebuilt documents' elements for the linker.
        services.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, () => {
            this.scopeCache.clear();
            this.closureCache.clear();
        });
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        const uri = document.uri.toString();
        let scopes = this.scopeCache.get(uri);
        if (!scopes) {
            scopes = new Map();
            this.scopeCache.set(uri, scopes);
        }
        let scope = scopes.get(referenceType);
        if (!scope) {
            scope = new MultiMapScope(this.indexManager.allElements(referenceType, this.visibleUris(document)));
            scopes.set(referenceType, scope);
        }
        return scope;
    }

    /** The URIs whose exports the given document can see. */
    visibleUris(document: LangiumDocument): Set<string> {
        return this.closureCache.get(document.uri.toString(), () => importClosure(document, this.documents));
    }
}
