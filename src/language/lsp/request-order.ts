// When the views an editor asks for on opening a file (outline, folding, semantic colouring) are computed: after
// the file's diagnostics have gone out, so that they do not hold back the diagnostics of a large file.
import { DocumentState } from 'langium';
import { createRequestHandler, createServerRequestHandler, type LangiumSharedServices } from 'langium/lsp';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensRangeParams } from 'vscode-languageserver';

/** Lets everything already queued (the diagnostics notification is written in a few promise steps) go first. */
function afterQueuedWork(): Promise<void> {
    return new Promise(resolve => setImmediate(resolve));
}

/**
 * Registers the outline, folding and semantic-token requests again (replacing Langium's handlers): each waits
 * until the document is validated instead of parsed or linked, then until the diagnostics are written. The editor
 * sends them together with `didOpen`; a build lets waiting requests run between its steps, so an outline request
 * that waited only for the parse ran in the middle of validation. For a 10,000-device file the three cost seconds
 * (their answers are tens of MB), all of which came before the first diagnostics. Call after `startLanguageServer`.
 */
export function answerEditorViewsAfterValidation(shared: LangiumSharedServices): void {
    const connection = shared.lsp.Connection;
    if (!connection) return;
    const validated = DocumentState.Validated;
    connection.onDocumentSymbol(createRequestHandler(async (services, document, params, cancelToken) => {
        await afterQueuedWork();
        return services.lsp?.DocumentSymbolProvider?.getSymbols(document, params, cancelToken);
    }, shared, validated));
    connection.onFoldingRanges(createRequestHandler(async (services, document, params, cancelToken) => {
        await afterQueuedWork();
        return services.lsp?.FoldingRangeProvider?.getFoldingRanges(document, params, cancelToken);
    }, shared, validated));
    const none: SemanticTokens = { data: [] };
    type TokensHandler = Parameters<typeof connection.languages.semanticTokens.on>[0];
    type DeltaHandler = Parameters<typeof connection.languages.semanticTokens.onDelta>[0];
    type RangeHandler = Parameters<typeof connection.languages.semanticTokens.onRange>[0];
    connection.languages.semanticTokens.on(createServerRequestHandler(async (services, document, params, cancelToken) => {
        await afterQueuedWork();
        return services.lsp?.SemanticTokenProvider?.semanticHighlight(document, params, cancelToken) ?? none;
    }, shared, validated) as unknown as TokensHandler);
    // A delta request is answered with the whole tokens when the provider has no earlier result to compare with.
    connection.languages.semanticTokens.onDelta(createServerRequestHandler<SemanticTokensDeltaParams, SemanticTokens | SemanticTokensDelta, never>(
        async (services, document, params, cancelToken) => {
            await afterQueuedWork();
            return services.lsp?.SemanticTokenProvider?.semanticHighlightDelta(document, params, cancelToken) ?? none;
        }, shared, validated) as unknown as DeltaHandler);
    connection.languages.semanticTokens.onRange(createServerRequestHandler<SemanticTokensRangeParams, SemanticTokens, never>(async (services, document, params, cancelToken) => {
        await afterQueuedWork();
        return services.lsp?.SemanticTokenProvider?.semanticHighlightRange(document, params, cancelToken) ?? none;
    }, shared, validated) as unknown as RangeHandler);
}
