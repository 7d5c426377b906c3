// When the views an editor asks for on opening a file (outline, folding, semantic colouring) are computed: after
// the file's diagnostics have gone out, then colouring and folding before the outline.
import { DocumentState } from 'langium';
import { createRequestHandler, createServerRequestHandler, type LangiumSharedServices } from 'langium/lsp';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensRangeParams } from 'vscode-languageserver';

/** Lets everything already queued (the diagnostics notification is written in a few promise steps) go first. */
function afterQueuedWork(): Promise<void> {
    return new Promise(resolve => setImmediate(resolve));
}

/**
 * The colouring and folding answers being computed (of any document): what an editor shows at once on the text.
 * The outline (a side view and the breadcrumbs, and for a large file an answer of tens of MB) lets those that are
 * in progress when it would start go first.
 */
class OnScreenViews {
    private readonly running = new Set<Promise<unknown>>();

    /** Runs an on-screen view's computation (after queued work), known here while it runs. */
    async compute<T>(compute: () => Promise<T>): Promise<T> {
        const running = (async () => {
            await afterQueuedWork();
            return compute();
        })();
        this.running.add(running);
        try {
            return await running;
        } finally {
            this.running.delete(running);
        }
    }

    /** Waits for queued work, then for the views in progress now (not later ones: a stream of them cannot hold the outline back). */
    async settled(): Promise<void> {
        await afterQueuedWork();
        if (this.running.size > 0) await Promise.allSettled([...this.running]);
    }
}

/**
 * Registers the outline, folding and semantic-token requests again (replacing Langium's handlers): each waits
 * until the document is validated instead of parsed or linked, then until the diagnostics are written. The editor
 * sends them together with `didOpen`; a build lets waiting requests run between its steps, so an outline request
 * that waited only for the parse ran in the middle of validation. For a 10,000-device file the three cost seconds
 * (their answers are tens of MB), all of which came before the first diagnostics. Colouring and folding then go
 * before the outline (see `OnScreenViews`). Call after `startLanguageServer`.
 */
export function answerEditorViewsAfterValidation(shared: LangiumSharedServices): void {
    const connection = shared.lsp.Connection;
    if (!connection) return;
    const validated = DocumentState.Validated;
    const onScreen = new OnScreenViews();
    connection.onDocumentSymbol(createRequestHandler(async (services, document, params, cancelToken) => {
        await onScreen.settled();
        return services.lsp?.DocumentSymbolProvider?.getSymbols(document, params, cancelToken);
    }, shared, validated));
    connection.onFoldingRanges(createRequestHandler((services, document, params, cancelToken) =>
        onScreen.compute(async () => services.lsp?.FoldingRangeProvider?.getFoldingRanges(document, params, cancelToken)), shared, validated));
    const none: SemanticTokens = { data: [] };
    type TokensHandler = Parameters<typeof connection.languages.semanticTokens.on>[0];
    type DeltaHandler = Parameters<typeof connection.languages.semanticTokens.onDelta>[0];
    type RangeHandler = Parameters<typeof connection.languages.semanticTokens.onRange>[0];
    connection.languages.semanticTokens.on(createServerRequestHandler((services, document, params, cancelToken) =>
        onScreen.compute(async () => services.lsp?.SemanticTokenProvider?.semanticHighlight(document, params, cancelToken) ?? none),
    shared, validated) as unknown as TokensHandler);
    // A delta request is answered with the whole tokens when the provider has no earlier result to compare with.
    connection.languages.semanticTokens.onDelta(createServerRequestHandler<SemanticTokensDeltaParams, SemanticTokens | SemanticTokensDelta, never>(
        (services, document, params, cancelToken) =>
            onScreen.compute(async () => services.lsp?.SemanticTokenProvider?.semanticHighlightDelta(document, params, cancelToken) ?? none),
        shared, validated) as unknown as DeltaHandler);
    connection.languages.semanticTokens.onRange(createServerRequestHandler<SemanticTokensRangeParams, SemanticTokens, never>((services, document, params, cancelToken) =>
        onScreen.compute(async () => services.lsp?.SemanticTokenProvider?.semanticHighlightRange(document, params, cancelToken) ?? none),
    shared, validated) as unknown as RangeHandler);
}
