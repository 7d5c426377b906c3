// Langium's document builder, telling the incremental build phases when a document is rebuilt for a reason other
// than its own edit (another document changed, several at once, a deletion, new build options); cheaper per file.
import { DefaultDocumentBuilder, DocumentState, type AstNode, type BuildOptions, type LangiumDocument, type URI, type ValidationCategory } from 'langium';
import type { LangiumSharedCoreServices } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { invalidateAll } from './change-tracker.js';

/**
 * The document builder. An update that changes exactly one document, and deletes none, lets that document's
 * phases redo only what its incremental re-parse replaced; every other reset makes them redo the whole document.
 */
export class IrqDocumentBuilder extends DefaultDocumentBuilder {
    /** The one document the running update changes, when it changes only one and deletes none. */
    private soleChange: string | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async update(changed: URI[], deleted: URI[], cancelToken?: CancellationToken): Promise<void> {
        this.soleChange = changed.length === 1 && deleted.length === 0 ? changed[0].toString() : undefined;
        try {
            await super.update(changed, deleted, cancelToken);
        } finally {
            this.soleChange = undefined;
        }
    }

    /**
     * Langium's computation, without looking up the services by URI for every document of the workspace on every
     * edit (the categories are the same for all documents of the one language).
     */
    protected override findMissingValidationCategories(document: LangiumDocument, options: BuildOptions | undefined): ValidationCategory[] {
        const languages = this.serviceRegistry.all;
        if (languages.length !== 1) return super.findMissingValidationCategories(document, options);
        const state = this.buildState.get(document.uri.toString());
        const all = languages[0].validation.ValidationRegistry.getAllValidationCategories(document);
        const executed: ReadonlySet<string> = state?.result?.validationChecks ? new Set(state.result.validationChecks) : state?.completed ? all : new Set();
        const requested = options === undefined || options.validation === true ? all
            : typeof options.validation === 'object' ? (options.validation.categories ?? all) : [];
        return [...requested].filter(category => !executed.has(category));
    }

    override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
        if (!(state === DocumentState.Changed && this.soleChange === document.uri.toString())) invalidateAll(document);
        super.resetToState(document, state);
    }
}
