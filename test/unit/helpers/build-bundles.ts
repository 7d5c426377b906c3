// Vitest global setup: builds the bundles (out/*.cjs) once per test run, before any test file starts,
// so the tests that drive the built CLI, language server and debug adapter never build (or race) themselves.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Runs `node esbuild.js` in the repository root. */
export default function buildBundles(): void {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: resolve(__dirname, '../../..'), stdio: 'pipe' });
}
