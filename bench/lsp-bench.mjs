// Language-server benchmark: for generated topologies of 100, 1,000 and 10,000 devices, the time from
// didOpen to first diagnostics (alone, and with the requests an editor sends on opening), from a one-line edit
// to new diagnostics (single file and split files), and the server's peak memory. Runs the BUILT server over stdio.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { singleFile, splitFiles } from './generate-topology.mjs';
import { startServer } from './lsp-client.mjs';

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const now = () => performance.now();

async function initialize(client, rootUri) {
    await client.request('initialize', {
        processId: process.pid, rootUri, capabilities: {},
        workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null
    });
    client.notify('initialized', {});
}

/** Edits the affinity CPU of one device line `edits` times and measures edit → diagnostics. */
async function measureEdits(client, uri, text, edits, firstVersion) {
    const lines = text.split('\n');
    const line = lines.findIndex(l => l.includes('irq tx :'));
    const original = lines[line];
    const times = [];
    for (let i = 0; i < edits; i++) {
        const replaced = original.replace(/affinity cpu \d+/, `affinity cpu ${i % 4}`);
        const waiting = client.nextDiagnostics(uri);
        const start = now();
        client.notify('textDocument/didChange', {
            textDocument: { uri, version: firstVersion + i },
            contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: original.length } }, text: replaced }]
        });
        await waiting;
        times.push(now() - start);
        lines[line] = replaced;
    }
    return times;
}

/** A generated N-device file on disk and a started, initialized server (no workspace folder). */
async function singleFileSession(serverPath, devices) {
    const folder = mkdtempSync(join(tmpdir(), 'irq-bench-'));
    const file = join(folder, `bench-${devices}.irq`);
    const text = singleFile(devices);
    writeFileSync(file, text);
    const client = startServer(serverPath);
    await initialize(client, null);
    return { folder, text, client, uri: pathToFileURL(file).toString() };
}

/** Opens the file and waits for its first diagnostics; returns them and the time taken. */
async function openAndTime(client, uri, text) {
    const first = client.nextDiagnostics(uri);
    const start = now();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'irq', version: 1, text } });
    const diagnostics = await first;
    return { diagnostics, ms: now() - start };
}

/** Single-file scenario for N devices. */
export async function singleFileRun(serverPath, devices, edits) {
    const { folder, text, client, uri } = await singleFileSession(serverPath, devices);
    const { diagnostics, ms: firstMs } = await openAndTime(client, uri, text);
    const editTimes = await measureEdits(client, uri, text, edits, 2);
    const peak = client.peakMiB();
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
    return { devices, bytes: text.length, firstMs, editMedianMs: median(editTimes), peakMiB: peak, diagnostics: diagnostics.diagnostics.length };
}

/**
 * Split scenario: platform + one file per device on disk, loaded by the workspace scan; the time from
 * initialize to the first diagnostics of one opened device file, then edits of that file.
 */
export async function splitRun(serverPath, devices, edits) {
    const folder = mkdtempSync(join(tmpdir(), 'irq-bench-split-'));
    const files = splitFiles(devices);
    for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), content);
    }
    const client = startServer(serverPath);
    const edited = `devices/nic${Math.floor(devices / 2)}.irq`;
    const uri = pathToFileURL(join(folder, edited)).toString();
    const text = files[edited];
    const start = now();
    await initialize(client, pathToFileURL(folder).toString());
    const opened = client.nextDiagnostics(uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'irq', version: 1, text } });
    await opened;
    const workspaceMs = now() - start;
    const editTimes = await measureEdits(client, uri, text, edits, 2);
    const peak = client.peakMiB();
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
    return { devices, workspaceMs, editMedianMs: median(editTimes), peakMiB: peak };
}

/**
 * Opening in an editor: didOpen together with the requests VS Code sends for a new editor (outline, folding,
 * semantic tokens, code lenses); the time to the first diagnostics, to each answer and to the last of them.
 */
export async function editorOpenRun(serverPath, devices) {
    const { folder, text, client, uri } = await singleFileSession(serverPath, devices);
    const start = now();
    const diagnostics = client.nextDiagnostics(uri).then(() => now() - start);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'irq', version: 1, text } });
    const textDocument = { uri };
    // In the order VS Code sends them; each answer's time is kept.
    const methods = ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/codeLens'];
    const answers = Promise.all(methods.map(method => client.request(method, { textDocument }).then(() => now() - start)));
    const [diagnosticsMs, [outlineMs, foldingMs, tokensMs, lensesMs]] = await Promise.all([diagnostics, answers]);
    await client.stop();
    rmSync(folder, { recursive: true, force: true });
    return { devices, diagnosticsMs, outlineMs, foldingMs, tokensMs, viewsMs: Math.max(outlineMs, foldingMs, tokensMs, lensesMs) };
}

/**
 * didOpen→first diagnostics of an N-device file, `runs` times, each in a fresh server, taking the servers in turn
 * (run 1 of each, run 2 of each, ...): on a machine whose speed drifts, alternating runs compare versions fairly.
 * Returns, per server path, the times in milliseconds.
 */
export async function firstOpenRuns(serverPaths, devices, runs) {
    const times = new Map(serverPaths.map(path => [path, []]));
    for (let run = 0; run < runs; run++) {
        for (const serverPath of serverPaths) {
            const { folder, text, client, uri } = await singleFileSession(serverPath, devices);
            times.get(serverPath).push((await openAndTime(client, uri, text)).ms);
            await client.stop();
            rmSync(folder, { recursive: true, force: true });
        }
    }
    return times;
}

/** Runs the language-server benchmark and returns its figures. */
export async function runLspBench(serverPath, sizes = [100, 1000, 10000]) {
    const rows = [];
    for (const devices of sizes) {
        const single = await singleFileRun(serverPath, devices, 9);
        const split = await splitRun(serverPath, devices, 9);
        const editor = await editorOpenRun(serverPath, devices);
        rows.push({
            ...single, splitWorkspaceMs: split.workspaceMs, splitEditMedianMs: split.editMedianMs, splitPeakMiB: split.peakMiB,
            editorDiagnosticsMs: editor.diagnosticsMs, editorFoldingMs: editor.foldingMs, editorTokensMs: editor.tokensMs,
            editorOutlineMs: editor.outlineMs, editorViewsMs: editor.viewsMs
        });
    }
    return rows;
}
