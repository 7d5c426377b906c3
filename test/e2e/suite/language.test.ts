// Language features end to end, through VS Code's own command API against the real language server:
// layering diagnostics on a broken topology and their quick fix, completion, hover, go to definition,
// rename and Format Document. Documents edited by a test are reverted (the fixtures stay untouched on disk).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixture, waitFor } from './support.js';
import { report, screenshot } from './index.js';


async function open(name: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(fixture(name));
    return vscode.window.showTextDocument(doc, { preview: false });
}

/** The position of the `nth` (0-based) occurrence of `needle` in the document, plus `shift` characters. */
function positionOf(doc: vscode.TextDocument, needle: string, shift = 0, nth = 0): vscode.Position {
    let offset = -1;
    for (let i = 0; i <= nth; i++) {
        offset = doc.getText().indexOf(needle, offset + 1);
        assert.ok(offset >= 0, `'${needle}' (occurrence ${nth}) not found in ${doc.uri.path}`);
    }
    return doc.positionAt(offset + shift);
}

function codeOf(d: vscode.Diagnostic): string {
    return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

function ruleDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d).startsWith('R-'));
}

/** Reverts the document's unsaved changes (what the test applied) and closes its editor. */
async function revert(doc: vscode.TextDocument): Promise<void> {
    if (!doc.isDirty) return;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !doc.isDirty, 10_000, `${doc.uri.path} reverted`);
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** `irqt check --format json` of one file, run with the repository's CLI build (out/e2e/index.cjs -> repo). */
function irqtCheck(file: string): string[] {
    const repo = path.resolve(__dirname, '..', '..');
    // Exit status 1 = the file has errors: the JSON report is on stdout either way.
    const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'irqt.cjs'), 'check', file, '--format', 'json'], {
        encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000
    });
    assert.ok(r.status === 0 || r.status === 1, `irqt check exited with ${r.status}: ${r.stderr}`);
    const out = r.stdout;
    const json = JSON.parse(out) as { files: { diagnostics: { line: number; column: number; endLine: number; endColumn: number; severity: string; code: string }[] }[] };
    return json.files.flatMap((f) => f.diagnostics).map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}`).sort();
}

function asCli(d: vscode.Diagnostic): string {
    const r = d.range;
    return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${SEVERITY[d.severity]} ${codeOf(d)}`;
}

function markdown(hovers: vscode.Hover[]): string {
    return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** The fixtures this file edits in memory; their text on disk must be the same after the tests. */
const EDITED = ['broken-ims-sibling.irq', 't3-idxd-ims.irq', 'unformatted.irq'];
const onDisk = async (name: string): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture(name)));

describe('irq-topology language features', function () {
    this.timeout(90_000);
    const original = new Map<string, string>();

    before(async () => {
        for (const name of EDITED) original.set(name, await onDisk(name));
        await open('t3-idxd-ims.irq');
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `extension ${EXTENSION_ID} not found`);
        await waitFor(() => extension.isActive, 30_000, `${EXTENSION_ID} to activate`);
    });

    after(async () => {
        for (const doc of vscode.workspace.textDocuments) await revert(doc);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('reports nothing on a correct example (t3-idxd-ims.irq)', async () => {
        const uri = fixture('t3-idxd-ims.irq');
        // The server validates every open document; give it the time to publish, then require silence.
        const broken = await open('broken-ims-sibling.irq');
        await waitFor(() => ruleDiagnostics(broken.document.uri).length > 0, 45_000, 'diagnostics of broken-ims-sibling.irq (server alive)');
        const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.deepEqual(errors.map((d) => `${codeOf(d)} ${d.message}`), []);
    });

    it('reports R-IMS-SIBLING on the broken topology with its range and related sibling, fixes it with the quick fix', async () => {
        const editor = await open('broken-ims-sibling.irq');
        const doc = editor.document;
        const diagnostics = await waitFor(() => { const d = ruleDiagnostics(doc.uri); return d.length ? d : undefined; }, 45_000, 'R-* diagnostics on broken-ims-sibling.irq');
        report(`      diagnostics: ${diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ')}`);
        assert.deepEqual(diagnostics.map(codeOf), ['R-IMS-SIBLING']);
        const [sibling] = diagnostics;
        assert.equal(sibling.severity, vscode.DiagnosticSeverity.Error);
        // The range is the parent reference of the IMS domain.
        const start = positionOf(doc, 'ims parent IR-PCI-MSIX-dsa0', 'ims parent '.length);
        assert.deepEqual([sibling.range.start.line, sibling.range.start.character, sibling.range.end.line, sibling.range.end.character],
            [start.line, start.character, start.line, start.character + 'IR-PCI-MSIX-dsa0'.length]);
        assert.equal(doc.getText(sibling.range), 'IR-PCI-MSIX-dsa0');
        assert.match(sibling.message, /IR-PCI-IDXD-dsa0 \(ims\) is parented on IR-PCI-MSIX-dsa0/);
        const related = sibling.relatedInformation ?? [];
        assert.equal(related.length, 1, 'related information: the sibling');
        assert.equal(related[0].location.uri.toString(), doc.uri.toString());
        assert.equal(related[0].location.range.start.line, positionOf(doc, 'domain IR-PCI-MSIX-dsa0').line);

        // Screenshot: the error in the editor and the Problems view.
        editor.selection = new vscode.Selection(sibling.range.start, sibling.range.start);
        editor.revealRange(sibling.range, vscode.TextEditorRevealType.InCenter);
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        await screenshot('e2e-layering-diagnostics-problems', { settleMs: 1500 });

        // itemResolveCount 1: an action whose edit comes from codeAction/resolve gets it filled in.
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
            'vscode.executeCodeActionProvider', doc.uri, sibling.range, vscode.CodeActionKind.QuickFix.value, 10);
        report(`      quick fixes: ${actions.map((a) => a.title).join(' | ')}`);
        // (The API command does not hand back a code action's `diagnostics`: the fix is recognised by its title.)
        const fixes = actions.filter((a): a is vscode.CodeAction => 'edit' in a && !!a.edit && /^Reparent IR-PCI-IDXD-dsa0 onto INTEL-IR-0$/.test(a.title));
        assert.equal(fixes.length, 1, `no 'Reparent IR-PCI-IDXD-dsa0 onto INTEL-IR-0' quick fix among: ${actions.map((a) => a.title).join(', ')}`);
        const [fix] = fixes;
        assert.equal(fix.isPreferred, true, 'the reparenting fix should be the preferred one');
        assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit refused the quick fix');
        assert.match(doc.lineAt(start.line).text, /domain IR-PCI-IDXD-dsa0 : ims parent INTEL-IR-0 \{/);
        await waitFor(() => vscode.languages.getDiagnostics(doc.uri).length === 0, 45_000,
            `diagnostics of broken-ims-sibling.irq to clear (still: ${vscode.languages.getDiagnostics(doc.uri).map(codeOf).join(', ')})`);
        await revert(doc);
        await waitFor(() => ruleDiagnostics(doc.uri).length === 1, 45_000, 'R-IMS-SIBLING back after reverting the fix');
    });

    it('shows the same layering diagnostics as `irqt check` on dev-msi-2020.irq (codes, severities, ranges)', async () => {
        const editor = await open('dev-msi-2020.irq');
        const uri = editor.document.uri;
        const expected = irqtCheck(uri.fsPath);
        const codes = new Set(expected.map((e) => e.split(' ').at(-1)));
        for (const rule of ['R-NO-PLATFORM-MSI', 'R-MSIDESC-NO-DRIVERDATA', 'R-SLOT-IN-DOMAIN']) assert.ok(codes.has(rule), `irqt check no longer reports ${rule}: ${[...codes].join(', ')}`);
        await waitFor(() => vscode.languages.getDiagnostics(uri).length >= expected.length, 45_000, `${expected.length} diagnostics on dev-msi-2020.irq`);
        await new Promise((resolve) => setTimeout(resolve, 500)); // no late extras
        const actual = vscode.languages.getDiagnostics(uri).map(asCli).sort();
        report(`      ${actual.length} diagnostics: ${[...new Set(actual.map((a) => a.split(' ').at(-1)))].join(', ')}`);
        assert.deepEqual(actual, expected);

        const first = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'R-SLOT-IN-DOMAIN')!;
        editor.selection = new vscode.Selection(first.range.start, first.range.start);
        editor.revealRange(first.range, vscode.TextEditorRevealType.InCenter);
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        await screenshot('e2e-layering-diagnostics-dev-msi-2020', { settleMs: 1500 });
    });

    it('completes domain names after `parent` and domain kinds after the colon', async () => {
        const { document: doc } = await open('t3-idxd-ims.irq');
        const afterParent = positionOf(doc, 'ims parent INTEL-IR-0', 'ims parent '.length);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, afterParent);
        const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        for (const name of ['VECTOR', 'INTEL-IR-0', 'IR-PCI-MSIX-dsa0']) assert.ok(labels.includes(name), `no '${name}' in ${labels.join(', ')}`);
        assert.ok(!labels.includes('t3-ims-mask-pending'), 'a scenario offered as a parent domain');

        const afterColon = positionOf(doc, 'IR-PCI-IDXD-dsa0 : ims', 'IR-PCI-IDXD-dsa0 : '.length);
        const kinds = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, afterColon);
        const kindLabels = kinds.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        for (const kind of ['vector', 'intel-ir', 'pci-msix', 'ims']) assert.ok(kindLabels.includes(kind), `no kind '${kind}' in ${kindLabels.join(', ')}`);
    });

    it('hovers a domain kind and a chip callback with their kernel meaning', async () => {
        const { document: doc } = await open('t3-idxd-ims.irq');
        const onKind = positionOf(doc, 'IR-PCI-IDXD-dsa0 : ims', 'IR-PCI-IDXD-dsa0 : '.length + 1);
        const kindHover = markdown(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onKind));
        assert.match(kindHover, /`ims`/);
        assert.match(kindHover, /pci_create_ims_domain/);

        const onCallback = positionOf(doc, 'write_msi_msg: self "idxd_write_msi_msg"', 2);
        const callbackHover = markdown(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onCallback));
        assert.match(callbackHover, /irq_write_msi_msg|write_msi_msg/);
    });

    it('goes to the definition of a parent domain', async () => {
        const { document: doc } = await open('t3-idxd-ims.irq');
        const onRef = positionOf(doc, 'ims parent INTEL-IR-0', 'ims parent '.length + 3);
        const result = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, onRef);
        assert.equal(result.length, 1, `definitions: ${JSON.stringify(result)}`);
        const target = result[0];
        const uri = 'targetUri' in target ? target.targetUri : target.uri;
        const range = 'targetUri' in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
        assert.equal(uri.toString(), doc.uri.toString());
        const declaration = positionOf(doc, 'domain INTEL-IR-0 : intel-ir');
        assert.equal(range.start.line, declaration.line);
        assert.equal(doc.getText(range).includes('INTEL-IR-0'), true, `target text: ${doc.getText(range)}`);
    });

    it('renames a domain at its declaration and every reference, and the result still validates', async () => {
        const { document: doc } = await open('t3-idxd-ims.irq');
        const onDecl = positionOf(doc, 'domain INTEL-IR-0 :', 'domain '.length + 2);
        const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, onDecl, 'INTEL-IR-7');
        const edits = edit.get(doc.uri);
        assert.equal(edit.entries().length, 1, 'edits in one file only');
        for (const e of edits) {
            assert.equal(e.newText, 'INTEL-IR-7');
            assert.equal(doc.getText(e.range), 'INTEL-IR-0');
        }
        const lines = new Set(edits.map((e) => e.range.start.line));
        for (const needle of ['domain INTEL-IR-0 :', 'behind INTEL-IR-0', 'pci-msix parent INTEL-IR-0', 'ims parent INTEL-IR-0', 'not masked at INTEL-IR-0']) {
            assert.ok(lines.has(positionOf(doc, needle).line), `no rename edit on the line of '${needle}'`);
        }
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.doesNotMatch(doc.getText().replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''), /\bINTEL-IR-0\b(?!-)/, 'a reference left out of the rename');
        // Still links: no unresolved-reference error appears after the server has seen the change.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
        await revert(doc);
    });

    it('formats a badly laid out document (Format Document), idempotently', async () => {
        const { document: doc } = await open('unformatted.irq');
        const options: vscode.FormattingOptions = { tabSize: 2, insertSpaces: true };
        const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
        assert.ok(edits && edits.length > 0, 'no formatting edits for unformatted.irq');
        const before = doc.getText();
        const edit = new vscode.WorkspaceEdit();
        edit.set(doc.uri, edits);
        assert.ok(await vscode.workspace.applyEdit(edit));
        const text = doc.getText();
        assert.equal(text.replace(/\s+/g, ''), before.replace(/\s+/g, ''), 'formatting changed more than whitespace');
        const lines = text.split('\n');
        assert.ok(lines.includes('  arch x86_64'), `no '  arch x86_64' line in:\n${text}`);
        assert.ok(lines.includes('  cpus 8'), `no '  cpus 8' line in:\n${text}`);
        assert.ok(lines.some((l) => /^ {4}msix table 64$/.test(l)), `msix table not indented by 4 in:\n${text}`);
        assert.deepEqual(lines.filter((l) => / +$/.test(l)), [], 'trailing spaces');
        const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, options);
        const changing = (again ?? []).filter((e) => doc.getText(e.range) !== e.newText);
        assert.deepEqual(changing.map((e) => `${e.range.start.line}: ${JSON.stringify(e.newText)}`), [], 'formatting twice changes the text again');
        await revert(doc);
    });

    it('leaves the fixture files on disk as they were (edits are applied in memory and reverted)', async () => {
        const changed: string[] = [];
        for (const [name, text] of original) {
            if (await onDisk(name) === text) continue;
            changed.push(name);
            await vscode.workspace.fs.writeFile(fixture(name), new TextEncoder().encode(text)); // repair the fixture
        }
        assert.deepEqual(changed, [], 'fixtures saved by a test (restored now)');
    });
});
