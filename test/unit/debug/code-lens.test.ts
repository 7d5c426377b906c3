// The "Debug scenario" / "Run scenario" code lenses: two per scenario, on the scenario's name, carrying the
// commands the extension registers and {uri, scenario} arguments.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestServices, buildOne } from '../helpers/services.js';
import { T3, lineOf } from './dap-helpers.js';

describe('scenario code lenses', () => {
    it('offers Debug and Run on every scenario with {uri, scenario}', async () => {
        const services = createTestServices();
        const document = await buildOne(services, readFileSync(T3, 'utf8'), 't3.irq');
        const provider = services.Irq.lsp.CodeLensProvider!;
        const lenses = (await provider.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } })) ?? [];
        expect(lenses.map((l) => l.command?.command)).toEqual(['irq.debugScenario', 'irq.runScenario', 'irq.debugScenario', 'irq.runScenario']);
        expect(lenses.map((l) => (l.command?.arguments?.[0] as { scenario: string }).scenario)).toEqual(['t3-ims-mask-pending', 't3-ims-mask-pending', 't3-siblings', 't3-siblings']);
        expect(lenses[0].command?.arguments?.[0]).toEqual({ uri: document.uri.toString(), scenario: 't3-ims-mask-pending' });
        expect(lenses[0].range.start.line + 1).toBe(lineOf(T3, 'scenario t3-ims-mask-pending on'));
        expect(lenses[0].command?.title).toContain('Debug scenario');
        expect(lenses[1].command?.title).toContain('Run scenario');
    });

    it('offers nothing for a file without scenarios', async () => {
        const services = createTestServices();
        const document = await buildOne(services, 'topology empty {\n  arch x86_64\n}\n');
        expect(await services.Irq.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } })).toEqual([]);
    });
});
