// Quick fixes for .irq diagnostics, keyed on the rule's issue code and the diagnostic's data.
// Placeholder until the fixes land.
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider, LangiumServices } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';

/** Code actions for .irq documents. */
export class IrqCodeActionProvider implements CodeActionProvider {
    constructor(_services: LangiumServices) {}

    getCodeActions(_document: LangiumDocument, _params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        return [];
    }
}
