// Validation benchmark: builds generated topologies in-process with the real Langium services and splits
// the time into parse, index (exports), link, reference index and validation (the R-* rules), then builds the CST the parse left for later
// and computes the outline, folding ranges and semantic tokens an editor asks for. Also prints the garbage
// collector's pauses from the parse to the validated document and the heap the built document keeps.
import '../language/node20-polyfills.cjs';
import { PerformanceObserver } from 'node:perf_hooks';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { createIrqServices } from '../src/language/irq-module.js';
import { materializeAll } from '../src/language/parser/lazy-cst.js';
// @ts-expect-error plain JavaScript module without types
import { singleFile } from './generate-topology.mjs';

/** Times one build of an N-device topology; milliseconds per phase. */
async function measure(devices: number): Promise<{
    devices: number; parseMs: number; indexMs: number; linkMs: number; referencesMs: number; validateMs: number; diagnostics: number; cstMs: number;
    outlineMs: number; foldingMs: number; tokensMs: number; gcMs: number; keptMiB: number | undefined;
}> {
    const { shared, Irq } = createIrqServices(EmptyFileSystem);
    const text: string = singleFile(devices);
    // With --expose-gc: the heap before the document exists, to tell what the built document keeps.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let gcMs = 0;
    const gcPauses = new PerformanceObserver(list => {
        for (const entry of list.getEntries()) gcMs += entry.duration;
    });
    gcPauses.observe({ entryTypes: ['gc'] });
    let mark = performance.now();
    const times = new Map<DocumentState, number>();
    for (const state of [DocumentState.IndexedContent, DocumentState.Linked, DocumentState.IndexedReferences, DocumentState.Validated]) {
        shared.workspace.DocumentBuilder.onBuildPhase(state, () => {
            const now = performance.now();
            times.set(state, now - mark);
            mark = now;
        });
    }
    const start = performance.now();
    const document = shared.workspace.LangiumDocuments.createDocument(URI.file(`/bench/${devices}.irq`), text);
    const parseMs = performance.now() - start;
    mark = performance.now();
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    // The observer is called back asynchronously: let the last pauses of the build arrive before it stops.
    await new Promise(resolve => setTimeout(resolve, 20));
    gcPauses.disconnect();
    collect?.();
    const keptMiB = collect ? (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 : undefined;
    const indexMs = times.get(DocumentState.IndexedContent) ?? 0;
    const linkMs = times.get(DocumentState.Linked) ?? 0;
    const referencesMs = times.get(DocumentState.IndexedReferences) ?? 0;
    // What the first request that reads the whole tree (an outline, say) pays: the CST of every device and domain.
    const cstStart = performance.now();
    materializeAll(document.parseResult.value.$cstNode!);
    const cstMs = performance.now() - cstStart;
    // The views an editor asks for on opening the file, once the CST is built.
    const textDocument = { uri: document.uri.toString() };
    const timed = async (view: () => unknown): Promise<number> => {
        const start = performance.now();
        await view();
        return performance.now() - start;
    };
    const outlineMs = await timed(() => Irq.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument }));
    const foldingMs = await timed(() => Irq.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument }));
    const tokensMs = await timed(() => Irq.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument }));
    return {
        devices, parseMs, indexMs, linkMs, referencesMs, validateMs: times.get(DocumentState.Validated) ?? 0, diagnostics: document.diagnostics?.length ?? 0, cstMs,
        outlineMs, foldingMs, tokensMs, gcMs, keptMiB
    };
}

/** Runs the validation benchmark for the given sizes. */
export async function runValidationBench(sizes: number[]): Promise<Array<Awaited<ReturnType<typeof measure>>>> {
    const rows = [];
    for (const devices of sizes) rows.push(await measure(devices));
    return rows;
}
