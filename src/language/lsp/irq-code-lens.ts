// Code lenses for .irq documents: "Debug scenario" / "Run scenario" on each scenario.
// Placeholder until the debugger lands.
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider, LangiumServices } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';

/** Code lenses for .irq documents. */
export class IrqCodeLensProvider implements CodeLensProvider {
    constructor(_services: LangiumServices) {}

    provideCodeLens(_document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[] | undefined> {
        return [];
    }
}
