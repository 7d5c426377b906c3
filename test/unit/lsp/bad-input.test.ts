// Bad input through the real services: an empty file, 5 MB of garbage, unbalanced and deeply nested braces, an
// import cycle with a parent cycle across it. Each builds with diagnostics, and every LSP feature answers at
// several offsets without throwing or hanging.
import { describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { buildFiles, createTestServices } from '../helpers/services.js';
import { parserOverflowMessage } from '../../../src/language/parser/irq-parser-guard.js';

/** Deterministic garbage: printable ASCII with the language's punctuation and keywords mixed in. */
function garbage(bytes: number): string {
    const pieces = ['{', '}', '"', '/*', '*/', '//', '\n', ' ', 'domain', 'irq', 'topology', ':', '.', '0x', '-E', '[', ']', '..', ','];
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const parts: string[] = [];
    let length = 0;
    while (length < bytes) {
        const piece = random() < 0.4 ? pieces[Math.floor(random() * pieces.length)] : String.fromCharCode(33 + Math.floor(random() * 94));
        parts.push(piece);
        length += piece.length;
    }
    return parts.join('');
}

/** Runs every LSP feature of the language at `offsets` and returns how many answered. */
async function exerciseFeatures(services: ReturnType<typeof createTestServices>, document: LangiumDocument, offsets: number[]): Promise<number> {
    const lsp = services.Irq.lsp;
    const textDocument = { uri: document.uri.toString() };
    const options = { insertSpaces: true, tabSize: 2 };
    let answered = 0;
    const count = (value: unknown) => { answered += value === undefined ? 0 : 1; };
    count(await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument }));
    count(await lsp.Formatter!.formatDocument(document, { textDocument, options }));
    count(await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument }));
    count(await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument }));
    for (const offset of offsets) {
        const position = document.textDocument.positionAt(offset);
        count(await lsp.CompletionProvider!.getCompletion(document, { textDocument, position }));
        await lsp.HoverProvider!.getHoverContent(document, { textDocument, position });
        await lsp.DefinitionProvider!.getDefinition(document, { textDocument, position });
        await lsp.ReferencesProvider!.findReferences(document, { textDocument, position, context: { includeDeclaration: true } });
        await lsp.RenameProvider!.prepareRename(document, { textDocument, position });
        await lsp.RenameProvider!.rename(document, { textDocument, position, newName: 'renamed' });
    }
    return answered;
}

/** Offsets at the start, the end and spread over the document. */
function offsetsIn(text: string, samples = 6): number[] {
    const offsets = [0, text.length];
    for (let i = 1; i < samples; i++) offsets.push(Math.floor((text.length * i) / samples));
    return offsets;
}

describe('bad input', () => {
    it('an empty file builds without diagnostics and every feature answers', async () => {
        const services = createTestServices();
        const { 'empty.irq': document } = await buildFiles(services, { 'empty.irq': '' });
        expect(document.diagnostics).toEqual([]);
        expect(await exerciseFeatures(services, document, [0])).toBeGreaterThanOrEqual(5);
    });

    it('5 MB of garbage gives diagnostics and no feature throws', async () => {
        const services = createTestServices();
        const text = garbage(5 * 1024 * 1024);
        const { 'garbage.irq': document } = await buildFiles(services, { 'garbage.irq': text });
        expect(document.diagnostics!.length).toBeGreaterThan(0);
        expect(document.diagnostics!.some(d => d.severity === 1)).toBe(true);
        expect(document.diagnostics!.length).toBeLessThanOrEqual(101);
        expect(document.diagnostics!.map(d => d.message)).toContain(parserOverflowMessage);
        expect(await exerciseFeatures(services, document, [0, 17, 4096, text.length >> 1, text.length - 1, text.length])).toBeGreaterThanOrEqual(5);
    }, 180_000);

    it('unbalanced braces give a syntax error and no feature throws', async () => {
        for (const text of ['{{{{}', 'topology t {{{{}', 'topology t { domain V : vector {{{ } ', '}}}}', 'scenario s on t { raise x. }}}']) {
            const services = createTestServices();
            const { 'braces.irq': document } = await buildFiles(services, { 'braces.irq': text });
            expect(document.diagnostics!.some(d => d.severity === 1), text).toBe(true);
            expect(await exerciseFeatures(services, document, offsetsIn(text, text.length))).toBeGreaterThanOrEqual(5);
        }
    });

    it('deeply nested braces give diagnostics and no feature throws', async () => {
        for (const text of ['{'.repeat(20000) + '}'.repeat(20000), `topology t { domain V : vector ${'{ chip C '.repeat(2000)}${'}'.repeat(2000)} }`]) {
            const services = createTestServices();
            const { 'deep.irq': document } = await buildFiles(services, { 'deep.irq': text });
            expect(document.diagnostics!.some(d => d.severity === 1)).toBe(true);
            expect(await exerciseFeatures(services, document, offsetsIn(text))).toBeGreaterThanOrEqual(5);
        }
    });

    it('the parser keeps working after a file overflowed it', async () => {
        const services = createTestServices();
        await buildFiles(services, { 'garbage.irq': garbage(3 * 1024 * 1024) });
        const { 'good.irq': good } = await buildFiles(services, { 'good.irq': 'topology t { arch x86_64 domain V : vector }' });
        expect(good.parseResult.parserErrors).toEqual([]);
        expect(good.diagnostics).toEqual([]);
    }, 120_000);

    it('an import cycle with a parent cycle across it gives diagnostics and no feature hangs', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'a.irq': 'import "b.irq"\ntopology t { arch x86_64 domain A : custom parent B }\nscenario s on t { raise d.q }',
            'b.irq': 'import "a.irq"\nextend t { domain B : custom parent A device d pci 0000:00:01.0 { irq q : A } }'
        });
        for (const document of Object.values(docs)) {
            expect(document.diagnostics!.map(d => d.code)).toContain('irq-import-cycle');
            const text = document.textDocument.getText();
            expect(await exerciseFeatures(services, document, offsetsIn(text, 12))).toBeGreaterThanOrEqual(5);
        }
        const hover = await services.Irq.lsp.HoverProvider!.getHoverContent(docs['a.irq'], {
            textDocument: { uri: docs['a.irq'].uri.toString() },
            position: docs['a.irq'].textDocument.positionAt(docs['a.irq'].textDocument.getText().indexOf('parent B') + 8)
        });
        expect(JSON.stringify(hover)).toMatch(/B → A → …/);
    });
});
