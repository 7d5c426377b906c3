// Langium's document store, with the list of all documents kept between changes: Langium collects it from its URI
// trie on every read, and the document builder reads it several times per edit (10,000 files in a split workspace).
import { DefaultLangiumDocuments, stream, type LangiumDocument, type LangiumSharedCoreServices, type Stream, type URI } from 'langium';

/** The document store, whose `all` is computed once per change of the set of documents (same order as Langium's). */
export class IrqLangiumDocuments extends DefaultLangiumDocuments {
    private allCache: LangiumDocument[] | undefined;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    override get all(): Stream<LangiumDocument> {
        this.allCache ??= super.all.toArray();
        return stream(this.allCache);
    }

    override addDocument(document: LangiumDocument): void {
        this.allCache = undefined;
        super.addDocument(document);
    }

    override deleteDocument(uri: URI): LangiumDocument | undefined {
        this.allCache = undefined;
        return super.deleteDocument(uri);
    }

    override deleteDocuments(folder: URI): LangiumDocument[] {
        this.allCache = undefined;
        return super.deleteDocuments(folder);
    }
}
