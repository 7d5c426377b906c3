// Helpers for the debug adapter tests: build the standalone adapter once, start a DebugClient on it, launch
// with breakpoints, and wait for the stop a request causes (subscribing before the request is sent).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { expect } from 'vitest';

export const ROOT = resolve(__dirname, '../../..');
export const ADAPTER = resolve(ROOT, 'out/debug-adapter.cjs');
export const FIXTURES = resolve(ROOT, 'test/fixtures/debug');
export const T2 = resolve(FIXTURES, 't2-x86-intel-ir.irq');
export const T3 = resolve(FIXTURES, 't3-idxd-ims.irq');

const LOCK = resolve(ROOT, 'out/.debug-tests-build.lock');
const STAMP = resolve(ROOT, 'out/.debug-tests-build.stamp');

/** A lock older than this was left by a killed build and is broken. */
const STALE_LOCK_MS = 30_000;

function lockAge(): number {
    try {
        return Date.now() - statSync(LOCK).mtimeMs;
    } catch {
        return 0;
    }
}

function sleep(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds out/debug-adapter.cjs with the project's esbuild script, once per vitest run: test files run in
 * parallel forks of one vitest process, so the first takes a lock and builds, the others wait for its stamp.
 */
export function buildAdapter(): void {
    const run = String(process.ppid);
    mkdirSync(resolve(ROOT, 'out'), { recursive: true });
    for (let waited = 0; ; waited += 100) {
        if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === run && existsSync(ADAPTER)) return;
        try {
            mkdirSync(LOCK);
        } catch {
            if (lockAge() > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
            if (waited > 3 * STALE_LOCK_MS) throw new Error(`the adapter build lock ${LOCK} is stuck`);
            sleep(100);
            continue;
        }
        try {
            execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'pipe' });
            if (!existsSync(ADAPTER) || statSync(ADAPTER).size === 0) throw new Error('the adapter bundle was not built');
            writeFileSync(STAMP, run);
        } finally {
            rmSync(LOCK, { recursive: true, force: true });
        }
        return;
    }
}

/** 1-based line of the n-th line containing `marker` (after the line containing `after`, when given). */
export function lineOf(file: string, marker: string, after?: string, nth = 1): number {
    const lines = readFileSync(file, 'utf8').split('\n');
    let from = 0;
    if (after) {
        from = lines.findIndex((l) => l.includes(after));
        if (from < 0) throw new Error(`no line with ${after} in ${file}`);
    }
    let seen = 0;
    for (let i = from; i < lines.length; i++) if (lines[i].includes(marker) && ++seen === nth) return i + 1;
    throw new Error(`no line with ${marker} in ${file}`);
}

/** A started client on the built adapter (stdio). */
export async function startClient(): Promise<DebugClient> {
    const dc = new DebugClient('node', ADAPTER, 'irq');
    dc.defaultTimeout = 20000;
    await dc.start();
    return dc;
}

/** Launches with source/function breakpoints set during the configuration phase; returns the first stop. */
export async function launch(
    dc: DebugClient,
    args: Record<string, unknown>,
    bps: { path?: string; breakpoints?: DebugProtocol.SourceBreakpoint[]; functions?: string[] } = {},
    waitForStop = true
): Promise<{ stopped?: DebugProtocol.StoppedEvent; breakpoints: DebugProtocol.Breakpoint[] }> {
    let breakpoints: DebugProtocol.Breakpoint[] = [];
    const stopped = waitForStop ? dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent> : Promise.resolve(undefined);
    await Promise.all([
        dc.waitForEvent('initialized').then(async () => {
            if (bps.path) breakpoints = (await dc.setBreakpointsRequest({ source: { path: bps.path }, breakpoints: bps.breakpoints ?? [] })).body.breakpoints;
            if (bps.functions) await dc.setFunctionBreakpointsRequest({ breakpoints: bps.functions.map((name) => ({ name })) });
            await dc.configurationDoneRequest();
        }),
        dc.launch(args)
    ]);
    return { stopped: await stopped, breakpoints };
}

/** Sends a request and waits for the stopped event it causes. */
export async function stopAfter(dc: DebugClient, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await send();
    return stopped;
}

/** The current stack as `name @line`. */
export async function stack(dc: DebugClient): Promise<{ names: string[]; lines: number[]; frames: DebugProtocol.StackFrame[] }> {
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    return { names: frames.map((f) => f.name), lines: frames.map((f) => f.line), frames };
}

/** Variables of a scope (by name prefix) of frame `frameId`. */
export async function scopeVars(dc: DebugClient, frameId: number, scope: string): Promise<DebugProtocol.Variable[]> {
    const scopes = (await dc.scopesRequest({ frameId })).body.scopes;
    const s = scopes.find((x) => x.name.startsWith(scope));
    expect(s, `scope ${scope} in ${scopes.map((x) => x.name).join(', ')}`).toBeDefined();
    return (await dc.variablesRequest({ variablesReference: s!.variablesReference })).body.variables;
}

/** A variable's value by name. */
export function valueOf(vars: DebugProtocol.Variable[], name: string): string | undefined {
    return vars.find((v) => v.name === name)?.value;
}

/** Evaluates in the watch context. */
export async function evaluate(dc: DebugClient, expression: string, context = 'watch'): Promise<string> {
    return (await dc.evaluateRequest({ expression, context, frameId: 0 })).body.result;
}

/** Collects output events (text) from now on. */
export function collectOutput(dc: DebugClient): string[] {
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
    return out;
}
