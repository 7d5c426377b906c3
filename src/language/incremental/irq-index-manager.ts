// Langium's index manager, answering "does this document reference a changed one?" from a per-document set of the
// other documents it references, "what do these few files export?" without a pass over every file's entry, and
// describing a document's references only when someone looks for references.
import {
    AstUtils, DefaultIndexManager, UriUtils, stream, type AstNode, type AstNodeDescription, type LangiumDocument, type LangiumSharedCoreServices,
    type Reference, type ReferenceDescription, type Stream, type URI
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { IrqReferenceDescriptionProvider } from '../irq-descriptions.js';


/**
 * The symbol index (a map by document URI) that also numbers its keys in the map's own iteration order: a key keeps
 * its number when set again, and a new key gets a higher one, so sorting by number gives that order.
 */
class SequencedIndex<V> extends Map<string, V> {
    private readonly sequence = new Map<string, number>();
    private next = 0;

    override set(key: string, value: V): this {
        if (!this.sequence.has(key)) this.sequence.set(key, this.next++);
        return super.set(key, value);
    }

    override delete(key: string): boolean {
        this.sequence.delete(key);
        return super.delete(key);
    }

    override clear(): void {
        this.sequence.clear();
        super.clear();
    }

    /** The given keys that are in the index, in its iteration order. */
    inOrder(keys: Iterable<string>): string[] {
        const present: string[] = [];
        for (const key of keys) if (this.sequence.has(key)) present.push(key);
        return present.sort((a, b) => this.sequence.get(a)! - this.sequence.get(b)!);
    }
}

/** The index manager, with the documents each document references kept as a set. */
export class IrqIndexManager extends DefaultIndexManager {
    /** Per document URI: the URIs of the other documents its references resolve into. */
    private readonly referencedDocuments = new Map<string, Set<string>>();
    /** Per document URI: its reference descriptions, made on first call (instead of Langium's `referenceIndex`). */
    private readonly pendingReferences = new Map<string, () => ReferenceDescription[]>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        (this as unknown as { symbolIndex: Map<string, AstNodeDescription[]> }).symbolIndex = new SequencedIndex<AstNodeDescription[]>();
    }

    /**
     * Langium's `allElements`, which passes over every file's entry to keep those in `uris`; a document importing a
     * platform file sees two of 10,000 files. For such a small set the files are taken directly, in the same order.
     */
    override allElements(nodeType?: string, uris?: Set<string>): Stream<AstNodeDescription> {
        const index = this.symbolIndex as unknown as SequencedIndex<AstNodeDescription[]>;
        if (!uris || uris.size * 8 > index.size) return super.allElements(nodeType, uris);
        return stream(index.inOrder(uris)).map(uri => this.getFileDescriptions(uri, nodeType)).flat();
    }

    /**
     * Notes the other documents the document's references resolve into (for `isAffected`), and describes the
     * references themselves (Langium's reference index) only when the index is first read: a find-references, a
     * rename. The descriptions are those of the document as it is then.
     */
    override async updateReferences(document: LangiumDocument, _cancelToken?: CancellationToken): Promise<void> {
        const uri = document.uri.toString();
        const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider as IrqReferenceDescriptionProvider;
        const describe = provider.prepareDescriptions(document);
        let described: ReferenceDescription[] | undefined;
        this.pendingReferences.set(uri, () => described ??= describe());
        const targets = new Set<string>();
        for (const reference of document.references) {
            if (reference.error) continue;
            const target = (reference as Reference).$nodeDescription?.documentUri;
            if (target && target.toString() !== uri) targets.add(target.toString());
        }
        this.referencedDocuments.set(uri, targets);
    }

    /** The reference descriptions of one document (described now if they were not yet). */
    referencesOf(uri: string): ReferenceDescription[] {
        return this.pendingReferences.get(uri)?.() ?? [];
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        const targetUri = AstUtils.getDocument(targetNode).uri;
        const result: ReferenceDescription[] = [];
        const visit = (descriptions: readonly ReferenceDescription[]): void => {
            for (const description of descriptions) {
                if (description.targetPath === astNodePath && UriUtils.equals(description.targetUri, targetUri)) result.push(description);
            }
        };
        this.pendingReferences.forEach(describe => visit(describe()));
        return stream(result);
    }

    override removeReferences(uri: URI): void {
        super.removeReferences(uri);
        this.pendingReferences.delete(uri.toString());
        this.referencedDocuments.delete(uri.toString());
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        const targets = this.referencedDocuments.get(document.uri.toString());
        if (!targets || targets.size === 0) return false;
        for (const changed of changedUris) if (targets.has(changed)) return true;
        return false;
    }
}
