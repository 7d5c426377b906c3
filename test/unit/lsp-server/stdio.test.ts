// The built language server (out/language-server.cjs) over a real stdio LSP connection: initialize on a workspace
// with two files (one importing the other), diagnostics for a good and a broken file, completion, hover and
// definition into the imported file, bad inputs (5 MB of garbage, unbalanced braces), the editor's views of a newly
// opened large file after its diagnostics, then shutdown and exit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CompletionRequest, DefinitionRequest, DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, FoldingRangeRequest,
    HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, SemanticTokensRequest, ShutdownRequest,
    StreamMessageReader, StreamMessageWriter, createProtocolConnection, type DocumentSymbol, type CompletionItem, type CompletionList, type Diagnostic, type Hover, type Location, type LocationLink, type ProtocolConnection
} from 'vscode-languageserver-protocol/node';
import { nicIrq, platformIrq } from '../lsp/fixtures.js';
// @ts-expect-error plain JavaScript module without types
import { singleFile } from '../../../bench/generate-topology.mjs';

const root = resolve(__dirname, '..', '..', '..');
const serverPath = join(root, 'out', 'language-server.cjs');

const broken = `import "platform.irq"
extend xeon {
  device bad pci 0000:09:00.0 { domain B : pci-msix parent NO-SUCH-DOMAIN }
}
`;

/** A running server, its connection and the diagnostics it published, by URI. */
interface Session {
    process: ChildProcess;
    connection: ProtocolConnection;
    published: Map<string, Diagnostic[][]>;
    waitForDiagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
    stderr: string[];
}

function startServer(): Session {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.on('data', chunk => stderr.push(String(chunk)));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const published = new Map<string, Diagnostic[][]>();
    const waiters: Array<() => void> = [];
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        published.set(params.uri, [...(published.get(params.uri) ?? []), params.diagnostics]);
        for (const wake of [...waiters]) wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const waitForDiagnostics = (uri: string, accept: (d: Diagnostic[]) => boolean, timeoutMs = 60_000) => new Promise<Diagnostic[]>((done, fail) => {
        const check = () => {
            const match = (published.get(uri) ?? []).find(accept);
            if (!match) return false;
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(wake), 1);
            done(match);
            return true;
        };
        const wake = () => { check(); };
        const timer = setTimeout(() => {
            waiters.splice(waiters.indexOf(wake), 1);
            fail(new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(published.get(uri) ?? [])}`));
        }, timeoutMs);
        waiters.push(wake);
        check();
    });
    return { process: child, connection, published, waitForDiagnostics, stderr };
}

function errors(diagnostics: Diagnostic[]): Diagnostic[] {
    return diagnostics.filter(d => (d.severity ?? 1) === 1);
}

function positionOf(text: string, word: string, delta = 1): { line: number; character: number } {
    const offset = text.indexOf(word) + delta;
    expect(offset).toBeGreaterThan(delta - 1);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over stdio', () => {
    let folder: string;
    let session: Session;
    const uri = (name: string) => pathToFileURL(join(folder, name)).toString();
    const open = (name: string, text: string) => session.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uri(name), languageId: 'irq', version: 1, text }
    });

    beforeAll(async () => {
        expect(readFileSync(serverPath, 'utf8').length).toBeGreaterThan(1000);
        folder = mkdtempSync(join(tmpdir(), 'irq-lsp-'));
        writeFileSync(join(folder, 'platform.irq'), platformIrq);
        writeFileSync(join(folder, 'nic.irq'), nicIrq);
        writeFileSync(join(folder, 'broken.irq'), broken);
        session = startServer();
        const result = await session.connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri: pathToFileURL(folder).toString(),
            workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'irq-test' }],
            capabilities: {
                workspace: { workspaceFolders: true, configuration: true },
                textDocument: {
                    publishDiagnostics: {},
                    completion: { completionItem: { snippetSupport: false } },
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    definition: { linkSupport: true }
                }
            }
        });
        expect(result.capabilities.completionProvider).toBeDefined();
        expect(result.capabilities.hoverProvider).toBeTruthy();
        expect(result.capabilities.definitionProvider).toBeTruthy();
        expect(result.capabilities.documentFormattingProvider).toBeTruthy();
        expect(result.capabilities.foldingRangeProvider).toBeTruthy();
        await session.connection.sendNotification(InitializedNotification.type, {});
    }, 120_000);

    afterAll(() => {
        if (session && session.process.exitCode === null) session.process.kill();
        if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('publishes a real error for the broken file and none for the good one', async () => {
        await open('nic.irq', nicIrq);
        await open('broken.irq', broken);
        const bad = await session.waitForDiagnostics(uri('broken.irq'), d => errors(d).length > 0);
        expect(errors(bad).map(d => d.message)).toContain(`Could not resolve reference to Domain named 'NO-SUCH-DOMAIN'.`);
        const good = await session.waitForDiagnostics(uri('nic.irq'), d => errors(d).length === 0);
        expect(errors(good)).toEqual([]);
    }, 90_000);

    it('completes domains of the imported file', async () => {
        const text = nicIrq.replace('parent INTEL-IR-0 {', 'parent  {');
        await session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: uri('nic.irq'), version: 2 }, contentChanges: [{ text }]
        });
        const result = await session.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri: uri('nic.irq') }, position: positionOf(text, 'parent  {', 'parent '.length)
        });
        const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList).items;
        expect(items.map(i => i.label)).toEqual(expect.arrayContaining(['VECTOR', 'INTEL-IR-0', 'DMAR-MSI']));
        // Only a publication after this change counts: the clean one from the first open is still in `published`.
        const before = session.published.get(uri('nic.irq'))?.length ?? 0;
        await session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: uri('nic.irq'), version: 3 }, contentChanges: [{ text: nicIrq }]
        });
        await session.waitForDiagnostics(uri('nic.irq'), d => session.published.get(uri('nic.irq'))!.indexOf(d) >= before && errors(d).length === 0);
    }, 60_000);

    it('re-parses an edited device and reports its errors, and later positions, where they now are', async () => {
        // A line inserted inside the device: the server re-parses only that device (incremental re-parse).
        const line = '    irq extra : NO-SUCH-MSIX index 9\n';
        const at = nicIrq.indexOf('    irq misc');
        const edited = nicIrq.slice(0, at) + line + nicIrq.slice(at);
        const insertAt = positionOf(nicIrq, '    irq misc', 0);
        // Only diagnostics published after this edit count (earlier ones are kept in `published`).
        const seen = session.published.get(uri('nic.irq'))?.length ?? 0;
        const isNew = (d: Diagnostic[]) => session.published.get(uri('nic.irq'))!.indexOf(d) >= seen;
        await session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: uri('nic.irq'), version: 4 },
            contentChanges: [{ range: { start: insertAt, end: insertAt }, text: line }]
        });
        const published = await session.waitForDiagnostics(uri('nic.irq'), d => isNew(d) && errors(d).length > 0);
        expect(errors(published).map(d => [d.message, d.range.start])).toEqual([
            [`Could not resolve reference to Domain named 'NO-SUCH-MSIX'.`, positionOf(edited, 'NO-SUCH-MSIX', 0)]
        ]);
        // A definition below the edit lands on the moved text.
        const result = await session.connection.sendRequest(DefinitionRequest.type, {
            textDocument: { uri: uri('nic.irq') }, position: positionOf(edited, 'expect hwirq nic0.q3 at NIC0-MSIX', 'expect hwirq nic0.q3 at N'.length)
        });
        const target = (Array.isArray(result) ? result : [result])[0] as Location | LocationLink;
        const range = 'targetSelectionRange' in target ? target.targetSelectionRange : target.range;
        expect(range.start).toEqual(positionOf(edited, 'NIC0-MSIX : pci-msix', 0));
        await session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: uri('nic.irq'), version: 5 }, contentChanges: [{ text: nicIrq }]
        });
        const reverted = session.published.get(uri('nic.irq'))!.length;
        await session.waitForDiagnostics(uri('nic.irq'), d => session.published.get(uri('nic.irq'))!.indexOf(d) >= reverted && errors(d).length === 0);
    }, 60_000);

    it('answers a hover with the kernel summary of an imported domain', async () => {
        const hover = await session.connection.sendRequest(HoverRequest.type, {
            textDocument: { uri: uri('nic.irq') }, position: positionOf(nicIrq, 'behind INTEL-IR-0', 'behind I'.length)
        }) as Hover;
        const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
        expect(value).toMatch(/\*\*domain\*\* `INTEL-IR-0` : `intel-ir`/);
        expect(value).toMatch(/Kernel name: `INTEL-IR-0-13`/);
    }, 60_000);

    it('goes to the definition in the imported file', async () => {
        const result = await session.connection.sendRequest(DefinitionRequest.type, {
            textDocument: { uri: uri('nic.irq') }, position: positionOf(nicIrq, 'parent INTEL-IR-0', 'parent I'.length)
        });
        const targets = (Array.isArray(result) ? result : [result]) as Array<Location | LocationLink>;
        expect(targets).toHaveLength(1);
        const target = targets[0];
        const targetUri = 'targetUri' in target ? target.targetUri : target.uri;
        const range = 'targetSelectionRange' in target ? target.targetSelectionRange : target.range;
        expect(targetUri).toBe(uri('platform.irq'));
        expect(range.start).toEqual(positionOf(platformIrq, 'INTEL-IR-0 : intel-ir', 0));
    }, 60_000);

    it('survives 5 MB of garbage and unbalanced braces and still answers a hover', async () => {
        let seed = 7;
        const chars = '{}[]:;."/*-_ \nabcdefXYZ0123456789';
        const garbage = Array.from({ length: 5 * 1024 * 1024 }, () => chars[(seed = (seed * 1103515245 + 12345) % 2147483648) % chars.length]).join('');
        await open('braces.irq', 'topology t {{{{}');
        await open('garbage.irq', garbage);
        const braces = await session.waitForDiagnostics(uri('braces.irq'), d => errors(d).length > 0);
        expect(errors(braces).length).toBeGreaterThan(0);
        const noise = await session.waitForDiagnostics(uri('garbage.irq'), d => errors(d).length > 0, 150_000);
        expect(errors(noise).length).toBeGreaterThan(0);
        const hover = await session.connection.sendRequest(HoverRequest.type, {
            textDocument: { uri: uri('nic.irq') }, position: positionOf(nicIrq, 'irq q3', 'irq q'.length)
        }) as Hover;
        expect(JSON.stringify(hover.contents)).toMatch(/Completion queue 3\./);
        const garbageHover = await session.connection.sendRequest(HoverRequest.type, {
            textDocument: { uri: uri('garbage.irq') }, position: { line: 0, character: 1 }
        });
        expect(garbageHover === null || typeof garbageHover === 'object').toBe(true);
        expect(session.process.exitCode).toBeNull();
    }, 240_000);

    it('answers the outline, folding and semantic tokens an editor asks for with didOpen after the diagnostics, colouring and folding first', async () => {
        // A build lets waiting requests run between its steps; these three wait until the document is validated and
        // its diagnostics are out, so that a large file's diagnostics are not held back by them. The outline, asked
        // first (as VS Code does), lets the colouring and the folding go before it.
        const text = singleFile(300) as string;
        const name = 'large.irq';
        await open(name, text);
        const textDocument = { uri: uri(name) };
        const diagnosticsBefore = (): boolean => (session.published.get(uri(name)) ?? []).length > 0;
        const answered: string[] = [];
        const [symbols, foldings, tokens] = await Promise.all([
            session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }).then(r => ({ r, after: diagnosticsBefore(), at: answered.push('outline') })),
            session.connection.sendRequest(FoldingRangeRequest.type, { textDocument }).then(r => ({ r, after: diagnosticsBefore(), at: answered.push('folding') })),
            session.connection.sendRequest(SemanticTokensRequest.type, { textDocument }).then(r => ({ r, after: diagnosticsBefore(), at: answered.push('tokens') }))
        ]);
        expect([symbols.after, foldings.after, tokens.after]).toEqual([true, true, true]);
        expect(answered).toEqual(['folding', 'tokens', 'outline']);
        const outline = symbols.r as DocumentSymbol[];
        expect(outline[0].name).toBe('bench');
        expect(outline[0].children!.filter(c => c.name.startsWith('nic')).length).toBe(300);
        expect(foldings.r!.length).toBeGreaterThan(600);
        expect(tokens.r!.data.length / 5).toBeGreaterThan(3000);
    }, 60_000);

    it('shuts down and exits when asked', async () => {
        const exited = new Promise<number | null>(done => session.process.on('exit', code => done(code)));
        await session.connection.sendRequest(ShutdownRequest.type);
        await session.connection.sendNotification(ExitNotification.type);
        expect(await exited).toBe(0);
        session.connection.dispose();
    }, 60_000);
});
