// Helpers shared by the rule tests: reading the rule fixtures, building them, requesting and applying quick fixes.
// Fixtures live in test/fixtures/rules/<RULE>.{bad,good}.irq (rule ids with '/' use '-').
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument, type LangiumDocument } from 'langium';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { ruleFileName } from '../../../src/kernel/rules.js';
import type { IrqServices } from '../../../src/language/irq-module.js';

/** Folder of the rule fixtures. */
export const FIXTURES = join(__dirname, '../../fixtures/rules');

/** The text of a rule fixture (`bad`, `good`) or of another fixture file in the folder. */
export function fixture(rule: string, kind: 'bad' | 'good'): string {
    return readFileSync(join(FIXTURES, `${ruleFileName(rule)}.${kind}.irq`), 'utf8');
}

/** The text of a named fixture file. */
export function fixtureFile(name: string): string {
    return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The diagnostics of a document with the given code. */
export function withCode(document: LangiumDocument, code: string): Diagnostic[] {
    return (document.diagnostics ?? []).filter(d => d.code === code);
}

/** The sorted set of issue codes of a document. */
export function codesOf(document: LangiumDocument): string[] {
    return [...new Set((document.diagnostics ?? []).map(d => String(d.code ?? 'no-code')))].sort();
}

/** Asks the code action provider for the actions of one diagnostic. */
export async function actionsFor(services: IrqServices, document: LangiumDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], triggerKind: 1 }
    });
    return (result ?? []).filter((a): a is CodeAction => 'edit' in a || 'kind' in a);
}

/** Applies a code action's edits to the document text. */
export function applyAction(document: LangiumDocument, action: CodeAction): string {
    const edits = action.edit?.changes?.[document.textDocument.uri] ?? [];
    return TextDocument.applyEdits(document.textDocument, edits);
}
