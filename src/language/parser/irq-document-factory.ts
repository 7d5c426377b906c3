// The document factory of the language: on a change, re-parses only the element the edit falls inside when it
// can (see incremental-reparse.ts), and the whole text otherwise; tells the later build phases which it was.
import { DefaultLangiumDocumentFactory, type AstNode, type LangiumDocument, type ParseResult, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { tryIncrementalReparse } from './incremental-reparse.js';
import { changesOf, invalidateAll } from '../incremental/change-tracker.js';

/** Counts of how edits were parsed, for tests and the benchmark. */
export interface ReparseStatistics {
    incremental: number;
    full: number;
}

/** Langium's document factory with incremental re-parsing of one device, domain or scenario per edit. */
export class IrqDocumentFactory extends DefaultLangiumDocumentFactory {
    /** How the updates so far were parsed. */
    readonly statistics: ReparseStatistics = { incremental: 0, full: 0 };
    private updating: LangiumDocument | undefined;

    override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: CancellationToken): Promise<LangiumDocument<T>> {
        this.updating = document;
        try {
            return await super.update(document, cancellationToken);
        } finally {
            this.updating = undefined;
        }
    }

    protected override async parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: CancellationToken): Promise<ParseResult<T>> {
        const document = this.updating;
        if (document && document.uri.toString() === uri.toString()) {
            const result = document.parseResult as ParseResult<AstNode>;
            const oldText = result.value.$cstNode?.root.fullText;
            const parser = this.serviceRegistry.getServices(uri).parser.LangiumParser;
            const replacement = oldText !== undefined ? tryIncrementalReparse(result, oldText, text, parser) : undefined;
            if (replacement) {
                this.statistics.incremental++;
                const changes = changesOf(document);
                changes.linking.add(replacement);
                changes.validation.add(replacement);
                return result as ParseResult<T>;
            }
            invalidateAll(document);
        }
        this.statistics.full++;
        return super.parseAsync<T>(uri, text, cancellationToken);
    }
}
