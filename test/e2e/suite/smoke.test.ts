// Smoke test: the extension is present, activates when an .irq file is opened, and the
// document gets the `irq` language. Runs inside VS Code (see suite/index.ts).

import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './support.js';
import { screenshot } from './index.js';

describe('irq-topology smoke', () => {
    it('is installed in the VS Code under test', () => {
        assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `extension ${EXTENSION_ID} not found`);
    });

    it('activates when an .irq file is opened, with languageId irq', async () => {
        const folder = vscode.workspace.workspaceFolders?.[0];
        assert.ok(folder, 'no workspace folder is open (expected test/e2e/fixtures/workspace)');
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'smoke.irq'));
        await vscode.window.showTextDocument(doc);
        assert.equal(doc.languageId, 'irq');
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension);
        await waitFor(() => extension.isActive, 30_000, `${EXTENSION_ID} to activate`);
        await screenshot('e2e-smoke-open-irq');
    });
});

// The rest of the suite, registered after the smoke tests: suite/index.ts imports this file only, and
// `require` (unlike a hoisted import) runs here, after the describe above. esbuild bundles these files too.
require('./language.test.js');
require('./debug.test.js');
require('./commands.test.js');
require('./vsix.test.js');
