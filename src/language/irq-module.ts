// Dependency injection for the IrqTopology language: the Langium module and `createIrqServices`.
// Every custom service is registered here; each lives in its own file next to this one.
import './node20-polyfills.js';
import { inject, type DeepPartial, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext,
    type LangiumServices, type LangiumSharedServices, type PartialLangiumServices
} from 'langium/lsp';
import { IrqTopologyGeneratedModule, IrqTopologyGeneratedSharedModule } from './generated/module.js';
import { IrqScopeComputation, IrqScopeProvider } from './irq-scope.js';
import { registerIrqValidationChecks } from './validation/register.js';
import { IrqFormatter } from './lsp/irq-formatter.js';
import { IrqHoverProvider } from './lsp/irq-hover.js';
import { IrqCompletionProvider } from './lsp/irq-completion.js';
import { IrqSemanticTokenProvider } from './lsp/irq-semantic-tokens.js';
import { IrqCodeActionProvider } from './lsp/irq-code-actions.js';
import { IrqDocumentSymbolProvider } from './lsp/irq-document-symbols.js';
import { IrqRenameProvider } from './lsp/irq-rename.js';
import { IrqCodeLensProvider } from './lsp/irq-code-lens.js';
import { IrqFoldingRangeProvider } from './lsp/irq-folding.js';
import { createGuardedParser } from './parser/irq-parser-guard.js';
import { IrqDocumentFactory } from './parser/irq-document-factory.js';
import { IrqDocumentValidator, IrqValidationRegistry } from './validation/irq-document-validator.js';
import { IrqAstNodeDescriptionProvider, IrqReferenceDescriptionProvider } from './irq-descriptions.js';
import { IrqLinker } from './irq-linker.js';
import { IrqDocumentBuilder } from './incremental/irq-document-builder.js';
import { IrqIndexManager } from './incremental/irq-index-manager.js';
import { IrqLangiumDocuments } from './incremental/irq-langium-documents.js';

/** Services added by this language on top of Langium's (none yet beyond overrides). */
export type IrqAddedServices = Record<never, never>;

/** All services of the IrqTopology language. */
export type IrqServices = LangiumServices & IrqAddedServices;

/** Overrides and additions to Langium's default services. */
export const IrqModule: Module<IrqServices, PartialLangiumServices & IrqAddedServices> = {
    parser: {
        LangiumParser: services => createGuardedParser(services)
    },
    workspace: {
        AstNodeDescriptionProvider: services => new IrqAstNodeDescriptionProvider(services),
        ReferenceDescriptionProvider: services => new IrqReferenceDescriptionProvider(services)
    },
    validation: {
        ValidationRegistry: services => new IrqValidationRegistry(services),
        DocumentValidator: services => new IrqDocumentValidator(services)
    },
    references: {
        Linker: services => new IrqLinker(services),
        ScopeComputation: services => new IrqScopeComputation(services),
        ScopeProvider: services => new IrqScopeProvider(services)
    },
    lsp: {
        Formatter: () => new IrqFormatter(),
        HoverProvider: services => new IrqHoverProvider(services),
        CompletionProvider: services => new IrqCompletionProvider(services),
        SemanticTokenProvider: services => new IrqSemanticTokenProvider(services),
        CodeActionProvider: services => new IrqCodeActionProvider(services),
        DocumentSymbolProvider: services => new IrqDocumentSymbolProvider(services),
        RenameProvider: services => new IrqRenameProvider(services),
        FoldingRangeProvider: services => new IrqFoldingRangeProvider(services),
        CodeLensProvider: services => new IrqCodeLensProvider(services)
    }
};

/** Overrides of Langium's shared (workspace-wide) services. */
export const IrqSharedModule: Module<LangiumSharedServices, DeepPartial<LangiumSharedServices>> = {
    workspace: {
        LangiumDocumentFactory: services => new IrqDocumentFactory(services),
        DocumentBuilder: services => new IrqDocumentBuilder(services),
        IndexManager: services => new IrqIndexManager(services),
        LangiumDocuments: services => new IrqLangiumDocuments(services)
    }
};

/**
 * Creates the shared and language services. Pass `NodeFileSystem` (from `langium/node`) for a server
 * or CLI that reads files, `EmptyFileSystem` for tests that only use in-memory documents.
 */
export function createIrqServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Irq: IrqServices } {
    const shared = inject(createDefaultSharedModule(context), IrqTopologyGeneratedSharedModule, IrqSharedModule);
    const Irq = inject(createDefaultModule({ shared }), IrqTopologyGeneratedModule, IrqModule);
    shared.ServiceRegistry.register(Irq);
    registerIrqValidationChecks(Irq);
    if (!context.connection) {
        // Without a language client nobody sends the configuration; mark it as settled.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Irq };
}
