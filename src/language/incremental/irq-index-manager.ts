// Langium's index manager, answering "does this document reference a changed one?" from a per-document set of the
// other documents it references, so that an edit does not re-read every reference of every file in the workspace.
import { DefaultIndexManager, type LangiumDocument, type LangiumSharedCoreServices, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';

/** The index manager, with the documents each document references kept as a set. */
export class IrqIndexManager extends DefaultIndexManager {
    /** Per document URI: the URIs of the other documents its references resolve into. */
    private readonly referencedDocuments = new Map<string, Set<string>>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override async updateReferences(document: LangiumDocument, cancelToken?: CancellationToken): Promise<void> {
        await super.updateReferences(document, cancelToken);
        const uri = document.uri.toString();
        const targets = new Set<string>();
        for (const reference of this.referenceIndex.get(uri) ?? []) {
            if (!reference.local) targets.add(reference.targetUri.toString());
        }
        this.referencedDocuments.set(uri, targets);
    }

    override removeReferences(uri: URI): void {
        super.removeReferences(uri);
        this.referencedDocuments.delete(uri.toString());
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        const targets = this.referencedDocuments.get(document.uri.toString());
        if (!targets || targets.size === 0) return false;
        for (const changed of changedUris) if (targets.has(changed)) return true;
        return false;
    }
}
