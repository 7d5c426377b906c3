// Debug adapter benchmark against the built out/debug-adapter.cjs over stdio: stepIn request → stopped event,
// and stepBack after a million events of history (medians over ~50 samples). Run: node bench/debug-bench.mjs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const adapter = resolve(root, 'out/debug-adapter.cjs');
const t3 = resolve(root, 'test/fixtures/debug/t3-idxd-ims.irq');
const SAMPLES = 50;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function client() {
    const dc = new DebugClient('node', adapter, 'irq');
    dc.defaultTimeout = 120000;
    await dc.start();
    return dc;
}

async function launch(dc, args, lines = [], file = args.program) {
    const stopped = dc.waitForEvent('stopped');
    await Promise.all([
        dc.waitForEvent('initialized').then(async () => {
            if (lines.length) await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
            await dc.configurationDoneRequest();
        }),
        dc.launch(args)
    ]);
    return stopped;
}

async function timed(dc, send) {
    const stopped = dc.waitForEvent('stopped');
    const t0 = performance.now();
    await send();
    await stopped;
    return performance.now() - t0;
}

/** T3 plus a scenario of `statements` statements `raise dsa0.wq times N`: about `events` events in all. */
function longScenario(events) {
    const base = readFileSync(t3, 'utf8');
    const topology = base.slice(0, base.indexOf('/**\n * The T3 trace'));
    const perRaise = 8;
    const times = 1000;
    const statements = Math.ceil(events / (perRaise * times));
    const body = Array.from({ length: statements }, () => `  raise dsa0.wq times ${times}`).join('\n');
    const text = `${topology}scenario long on t3-idxd-ims {\n  allocate dsa0.wq\n  request dsa0.wq\n${body}\n}\n`;
    const headerLines = text.slice(0, text.indexOf('  raise dsa0.wq times')).split('\n').length;
    return { text, statements, raiseLines: Array.from({ length: statements }, (_, i) => headerLines + i) };
}

/** Runs the benchmark and prints the figures; returns them. */
export async function runDebugBench(options = {}) {
    const samples = options.samples ?? SAMPLES;
    const figures = {};

    const dc = await client();
    try {
        await launch(dc, { program: t3, scenario: 't3-ims-mask-pending', stopOnEntry: true });
        for (let i = 0; i < 5; i++) await timed(dc, () => dc.stepInRequest({ threadId: 1 }));
        const steps = [];
        for (let i = 0; i < samples; i++) steps.push(await timed(dc, () => dc.stepInRequest({ threadId: 1 })));
        figures.stepInMedianMs = median(steps);
        figures.stepInMaxMs = Math.max(...steps);
    } finally {
        await dc.stop();
    }

    const dir = mkdtempSync(join(tmpdir(), 'irq-debug-bench-'));
    const long = longScenario(options.events ?? 1_050_000);
    const file = join(dir, 'long.irq');
    writeFileSync(file, long.text);
    const dl = await client();
    try {
        const t0 = performance.now();
        await launch(dl, { program: file, scenario: 'long' }, [long.raiseLines.at(-1)]);
        figures.runToLastStatementMs = performance.now() - t0;
        const frames = (await dl.stackTraceRequest({ threadId: 1 })).body.stackFrames;
        if (frames[0].line !== long.raiseLines.at(-1)) throw new Error(`bench: expected to stop on line ${long.raiseLines.at(-1)}, stopped on ${frames[0].line}`);
        const history = (await dl.evaluateRequest({ expression: 'seq', context: 'watch', frameId: 0 })).body.result;
        figures.historyEvents = Number(history.split(' ')[0]);
        await dl.setBreakpointsRequest({ source: { path: file }, breakpoints: long.raiseLines.map((line) => ({ line })) });
        const within = [];
        const across = [];
        for (let i = 0; i < samples; i++) {
            across.push(await timed(dl, () => dl.stepBackRequest({ threadId: 1 })));
            within.push(await timed(dl, () => dl.stepBackRequest({ threadId: 1 })));
            await timed(dl, () => dl.customRequest('reverseContinue', { threadId: 1 }));
        }
        figures.stepBackMedianMs = median([...within, ...across]);
        figures.stepBackAcrossStatementMedianMs = median(across);
        figures.stepBackWithinStatementMedianMs = median(within);
        figures.statements = long.statements + 2;
    } finally {
        await dl.stop();
        rmSync(dir, { recursive: true, force: true });
    }

    console.log('# Debug adapter (built adapter over stdio)');
    console.log(`stepIn → stopped: median ${figures.stepInMedianMs.toFixed(2)} ms (max ${figures.stepInMaxMs.toFixed(2)} ms, ${samples} samples; target 5 ms)`);
    console.log(`history: ${figures.historyEvents} events in ${figures.statements} statements; run to the last statement ${figures.runToLastStatementMs.toFixed(0)} ms (incl. launch)`);
    console.log(`stepBack → stopped after ${figures.historyEvents} events: median ${figures.stepBackMedianMs.toFixed(2)} ms `
        + `(across a statement boundary ${figures.stepBackAcrossStatementMedianMs.toFixed(2)} ms, within a statement ${figures.stepBackWithinStatementMedianMs.toFixed(2)} ms; target 20 ms)`);
    return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    await runDebugBench();
}
