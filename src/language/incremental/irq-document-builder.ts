// Langium's document builder, telling the incremental build phases when a document is rebuilt for a reason other
// than its own edit (another document changed, several changed at once, a deletion, new build options).
import { DefaultDocumentBuilder, DocumentState, type AstNode, type LangiumDocument, type URI } from 'langium';
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

    override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
        if (!(state === DocumentState.Changed && this.soleChange === document.uri.toString())) invalidateAll(document);
        super.resetToState(document, state);
    }
}
