// Helpers shared by the end-to-end test files: the extension's id, polling for a condition with a
// deadline, the URI of a file in the fixture workspace, and opening one with the extension active.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The extension under test (publisher.name from package.json). */
export const EXTENSION_ID = 'irq-topology.irq-topology';

/** Polls `probe` every 100 ms until it returns a truthy value, or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** The URI of a file in the open fixture workspace (test/e2e/fixtures/workspace). */
export function fixture(name: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open (expected test/e2e/fixtures/workspace)');
    return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture in an editor and waits until the extension is active. */
export async function openAndActivate(name: string): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(fixture(name));
    await vscode.window.showTextDocument(doc, { preview: false });
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found`);
    await waitFor(() => extension.isActive, 30_000, `${EXTENSION_ID} to activate`);
    return doc;
}
