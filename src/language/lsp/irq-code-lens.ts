// Code lenses for .irq documents: "Debug scenario" and "Run scenario" above each scenario, running the
// client commands irq.debugScenario / irq.runScenario with arguments {uri, scenario}.
import { GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeLensProvider, LangiumServices } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { isScenario, type Model } from '../generated/ast.js';

/** Command ids the lenses run (contributed and registered by the extension). */
export const DEBUG_SCENARIO_COMMAND = 'irq.debugScenario';
export const RUN_SCENARIO_COMMAND = 'irq.runScenario';

/** Code lenses for .irq documents. */
export class IrqCodeLensProvider implements CodeLensProvider {
    constructor(_services: LangiumServices) {}

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[] | undefined> {
        const model = document.parseResult.value as Model;
        const lenses: CodeLens[] = [];
        for (const scenario of (model.elements ?? []).filter(isScenario)) {
            const cst = scenario.$cstNode;
            if (!cst || !scenario.name) continue;
            const range = (GrammarUtils.findNodeForProperty(cst, 'name') ?? cst).range;
            const args = [{ uri: document.uri.toString(), scenario: scenario.name }];
            lenses.push(
                { range, command: { title: '$(debug-alt) Debug scenario', command: DEBUG_SCENARIO_COMMAND, arguments: args } },
                { range, command: { title: '$(play) Run scenario', command: RUN_SCENARIO_COMMAND, arguments: args } }
            );
        }
        return lenses;
    }
}
