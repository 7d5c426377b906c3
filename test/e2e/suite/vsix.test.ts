// The packaged build: run only by `node test/e2e/run-code-server.mjs --vsix out/irq-topology.vsix`, which
// installs the .vsix into code-server's extensions directory and starts VS Code with an empty development
// extension (test/e2e/fixtures/vsix-host) instead of the repository. The runner sets IRQ_E2E_VSIX (the
// file) and IRQ_E2E_EXTENSIONS_DIR; without them (the development run) this file registers no tests.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixture, waitFor } from './support.js';

const vsix = process.env.IRQ_E2E_VSIX;
const extensionsDir = process.env.IRQ_E2E_EXTENSIONS_DIR;

if (vsix && extensionsDir) {
    describe('irq-topology packaged VSIX', function () {
        this.timeout(90_000);

        it('is the extension installed from the .vsix, not the development folder', () => {
            const extension = vscode.extensions.getExtension(EXTENSION_ID);
            assert.ok(extension, `${EXTENSION_ID} is not installed (from ${vsix})`);
            const installed = path.resolve(extension.extensionPath);
            assert.ok(installed.startsWith(path.resolve(extensionsDir) + path.sep), `${installed} is not under ${extensionsDir}`);
            assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
            assert.ok(vscode.extensions.getExtension('irq-topology-e2e.irq-e2e-vsix-host'), 'the stand-in development extension is missing');
        });

        it('activates on an .irq file and its packaged language server publishes the layering diagnostics', async () => {
            const doc = await vscode.workspace.openTextDocument(fixture('broken-ims-sibling.irq'));
            await vscode.window.showTextDocument(doc);
            assert.equal(doc.languageId, 'irq');
            const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
            await waitFor(() => extension.isActive, 30_000, `${EXTENSION_ID} to activate`);
            const codes = await waitFor(() => {
                const c = vscode.languages.getDiagnostics(doc.uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
                return c.length ? c : undefined;
            }, 45_000, 'diagnostics from the packaged language server');
            assert.deepEqual(codes, ['R-IMS-SIBLING']);
        });

        it('runs a scenario with the packaged debug adapter (irq.runScenario)', async () => {
            let exitCode: number | undefined;
            const tracker = vscode.debug.registerDebugAdapterTrackerFactory('irq', {
                createDebugAdapterTracker: () => ({
                    onDidSendMessage: (m: { type: string; event?: string; body?: { exitCode?: number } }) => {
                        if (m.type === 'event' && m.event === 'exited') exitCode = m.body?.exitCode;
                    }
                })
            });
            try {
                const ended = new Promise<void>((resolve) => {
                    const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s.type === 'irq') { sub.dispose(); resolve(); } });
                });
                const ok = await vscode.commands.executeCommand<boolean>('irq.runScenario', { uri: fixture('t3-idxd-ims.irq').toString(), scenario: 't3-siblings' });
                assert.equal(ok, true);
                await ended;
                await waitFor(() => exitCode !== undefined, 5_000, 'the exited event');
                assert.equal(exitCode, 0);
            } finally {
                tracker.dispose();
            }
        });
    });
}
