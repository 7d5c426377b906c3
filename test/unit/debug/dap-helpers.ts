// Helpers for the debug adapter tests (the adapter is built by the global setup): start a DebugClient, launch
// with breakpoints, and wait for the stop a request causes (subscribing before the request is sent).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { expect } from 'vitest';

export const ROOT = resolve(__dirname, '../../..');
export const ADAPTER = resolve(ROOT, 'out/debug-adapter.cjs');
export const FIXTURES = resolve(ROOT, 'test/fixtures/debug');
export const T2 = resolve(FIXTURES, 't2-x86-intel-ir.irq');
export const T3 = resolve(FIXTURES, 't3-idxd-ims.irq');

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
