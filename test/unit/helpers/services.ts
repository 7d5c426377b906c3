// Shared test helpers: real Langium services on an in-memory file system, and building several
// documents (with imports between them) at once.
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createIrqServices, type IrqServices } from '../../../src/language/irq-module.js';
import type { Model } from '../../../src/language/generated/ast.js';
import type { LangiumSharedServices } from 'langium/lsp';

/** Fresh services for one test (or one describe block). */
export function createTestServices(): { shared: LangiumSharedServices; Irq: IrqServices } {
    return createIrqServices(EmptyFileSystem);
}

let counter = 0;

/**
 * Builds the given files (path → text) together, validated, and returns their documents by path.
 * Paths are relative to a per-call virtual folder, so `import "platform.irq"` works between them.
 */
export async function buildFiles(
    services: { shared: LangiumSharedServices },
    files: Record<string, string>
): Promise<Record<string, LangiumDocument<Model>>> {
    const folder = `/virtual/t${++counter}`;
    const documents = services.shared.workspace.LangiumDocuments;
    const result: Record<string, LangiumDocument<Model>> = {};
    for (const [name, text] of Object.entries(files)) {
        result[name] = documents.createDocument(URI.file(`${folder}/${name}`), text) as LangiumDocument<Model>;
    }
    await services.shared.workspace.DocumentBuilder.build(Object.values(result), { validation: true });
    return result;
}

/** Builds one file and returns its document. */
export async function buildOne(services: { shared: LangiumSharedServices }, text: string, name = 'main.irq'): Promise<LangiumDocument<Model>> {
    return (await buildFiles(services, { [name]: text }))[name];
}

/** Diagnostics of a document as `line:col severity code message` strings (1-based), for readable assertions. */
export function diagnosticLines(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).map(d =>
        `${d.range.start.line + 1}:${d.range.start.character + 1} ${['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1]} ${d.code ?? ''} ${d.message}`);
}

/** Only the errors (severity 1) of a document. */
export function errorsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).filter(d => (d.severity ?? 1) === 1).map(d => `${d.range.start.line + 1}: ${d.message}`);
}
