// The same end-to-end suite in desktop VS Code, for machines with internet access:
// @vscode/test-electron downloads VS Code (into .vscode-test/) and runs the bundled suite
// (out/e2e/index.cjs) in its extension host. It cannot run on the project's machines (no
// download possible there): those use test/e2e/run-code-server.mjs.
//
//   npm run build && npm run build:e2e && node out/e2e/run-electron.mjs
//   (on Linux without a display: xvfb-run -a node out/e2e/run-electron.mjs)
//
// IRQ_E2E_VSCODE_VERSION picks the VS Code version (default 1.100.3, as code-server's).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

/** The repository: this file runs from test/e2e/ (source) or out/e2e/ (bundled). */
function repoRoot(): string {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'e2e') {
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error('repository root not found');
        }
        dir = parent;
    }
    return dir;
}

async function main(): Promise<number> {
    const root = repoRoot();
    const extensionTestsPath = path.join(root, 'out', 'e2e', 'index.cjs');
    if (!fs.existsSync(extensionTestsPath)) {
        console.error(`${extensionTestsPath} not found: run \`npm run build:e2e\` first`);
        return 2;
    }
    const workspace = path.join(root, 'test', 'e2e', 'fixtures', 'workspace');
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'irq-e2e-electron-'));
    try {
        return await runTests({
            version: process.env.IRQ_E2E_VSCODE_VERSION ?? '1.100.3',
            extensionDevelopmentPath: root,
            extensionTestsPath,
            launchArgs: [
                workspace,
                '--disable-extensions', // other extensions; the one under development still loads
                '--disable-workspace-trust',
                '--skip-welcome',
                '--skip-release-notes',
                '--disable-telemetry',
                '--disable-updates',
                `--user-data-dir=${userDataDir}`,
            ],
            extensionTestsEnv: {
                IRQ_E2E_TEST_TIMEOUT_MS: process.env.IRQ_E2E_TEST_TIMEOUT_MS,
                IRQ_E2E_GREP: process.env.IRQ_E2E_GREP,
            },
        });
    } catch (err) {
        if (err instanceof TestRunFailedError) {
            return err.code ?? 1;
        }
        throw err;
    } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err);
        process.exit(2);
    },
);
