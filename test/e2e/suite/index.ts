// Entry of the end-to-end suite, loaded by VS Code's extension host (code-server's or a
// downloaded VS Code's) through `extensionTestsPath`. Bundled with esbuild into
// out/e2e/index.cjs (CommonJS, `vscode` external, mocha inside; see run-code-server.mjs).
//
// Test files are imported lazily, after mocha's 'pre-require' event, so `describe`/`it`
// (imported from 'mocha' or global) register into this run's root suite.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * Under run-code-server.mjs, console output reaches the runner through VS Code's log, mixed
 * with the workbench's own lines: the runner prints the lines with this prefix (and errors).
 * Elsewhere (run-electron) there is no prefix.
 */
const OUT_PREFIX = process.env.IRQ_E2E_CONTROL_DIR ? 'IRQ_E2E_OUT ' : '';

/** Prints a line of the suite's output (tests may use it for their own messages too). */
export function report(...args: unknown[]): void {
    console.log(OUT_PREFIX + format(...args));
}

/** Called by VS Code's extension host; rejects when a test failed (VS Code then exits 1). */
export async function run(): Promise<void> {
    const mocha = new Mocha({
        ui: 'bdd',
        reporter: 'spec',
        color: false, // the output travels through VS Code's log, not a terminal
        timeout: Number(process.env.IRQ_E2E_TEST_TIMEOUT_MS ?? 60_000),
        grep: process.env.IRQ_E2E_GREP || undefined,
    });
    // Reporters print through Base.consoleLog (console.log at load time): one formatted string.
    Mocha.reporters.Base.consoleLog = report;
    mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
    // One line per test file (static paths, so esbuild bundles them).
    await import('./smoke.test.js');

    const failures = await new Promise<number>((resolve, reject) => {
        try {
            mocha.run(resolve);
        } catch (err) {
            reject(err);
        }
    });
    if (failures > 0) {
        throw new Error(`${failures} end-to-end test(s) failed`);
    }
}

let shotSeq = 0;

/** Options of {@link screenshot}. */
export interface ScreenshotOptions {
    /** Extra time for the UI to paint before the shot (ms, default 500). */
    settleMs?: number;
    /** Give up waiting for the runner after this long (ms, default 30 000). */
    timeoutMs?: number;
}

/**
 * Asks the runner (test/e2e/run-code-server.mjs) for a screenshot of the whole VS Code
 * page and waits until it has been written: to $IRQ_E2E_SCREENSHOTS/<name>.png when the run
 * was started with IRQ_E2E_SCREENSHOTS=<dir>, otherwise the request is acknowledged without a
 * shot. Outside that runner (e.g. run-electron) it does nothing. Resolves with the PNG's path
 * or undefined; rejects if the runner failed to take it or did not answer in time.
 *
 * Call it after the suite has awaited whatever must be visible (an editor shown, diagnostics
 * published, a view revealed...): the runner waits settleMs plus two animation frames.
 */
export async function screenshot(name: string, options: ScreenshotOptions = {}): Promise<string | undefined> {
    const controlDir = process.env.IRQ_E2E_CONTROL_DIR;
    if (!controlDir) {
        return undefined;
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        throw new Error(`screenshot name must be [A-Za-z0-9._-]+ (no extension): ${name}`);
    }
    const id = `${process.pid}-${Date.now()}-${++shotSeq}`;
    const settleMs = options.settleMs ?? 500;
    const timeoutMs = options.timeoutMs ?? 30_000;
    // The runner watches VS Code's log for this prefix.
    console.log(`IRQ_E2E_SCREENSHOT ${JSON.stringify({ id, name, settleMs })}`);
    const ackFile = path.join(controlDir, `${id}.json`);
    const deadline = Date.now() + timeoutMs;
    while (!fs.existsSync(ackFile)) {
        if (Date.now() > deadline) {
            throw new Error(`screenshot '${name}': no answer from the runner within ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ack = JSON.parse(fs.readFileSync(ackFile, 'utf8')) as { status: 'ok' | 'skipped' | 'error'; file?: string; error?: string };
    if (ack.status === 'error') {
        throw new Error(`screenshot '${name}' failed: ${ack.error}`);
    }
    return ack.file;
}
