// `npm run bench`: runs every benchmark against the built bundles and prints the figures.
// Benchmarks print numbers; nothing here asserts a time (targets are compared by a person).
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { firstOpenRuns, runLspBench } from './lsp-bench.mjs';
import { describeMachine, measureMachine } from './machine-speed.mjs';

const root = resolve(new URL('.', import.meta.url).pathname, '..');
const server = resolve(root, 'out/language-server.cjs');
if (!existsSync(server)) {
    console.error('bench: out/language-server.cjs is missing; run `npm run build` first');
    process.exit(2);
}
const sizes = (process.env.IRQ_BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const only = process.env.IRQ_BENCH_ONLY?.split(',');
const wanted = name => !only || only.includes(name);

/** Bundles a TypeScript benchmark into out/bench/ and imports it. */
async function load(entry) {
    mkdirSync(resolve(root, 'out/bench'), { recursive: true });
    const outfile = resolve(root, 'out/bench', entry.replace(/\.ts$/, '.mjs'));
    await esbuild.build({
        entryPoints: [resolve(root, 'bench', entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
        logLevel: 'error', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
    });
    return import(pathToFileURL(outfile).href);
}

if (wanted('lsp')) {
    console.log('# Language server (built server over stdio)');
    console.log('devices | file MB | didOpen→diagnostics ms | edit→diagnostics median ms | peak MiB | split: initialize→diagnostics ms | split: edit→diagnostics median ms | split peak MiB');
    const machineBefore = measureMachine();
    const rows = await runLspBench(server, sizes);
    const machineAfter = measureMachine();
    for (const row of rows) {
        console.log([row.devices, (row.bytes / 1e6).toFixed(2), row.firstMs.toFixed(0), row.editMedianMs.toFixed(0), row.peakMiB.toFixed(0),
            row.splitWorkspaceMs.toFixed(0), row.splitEditMedianMs.toFixed(0), row.splitPeakMiB.toFixed(0)].join(' | '));
    }
    console.log(`machine before and after these sessions (first writes to fresh memory; reference loop): ${describeMachine(machineBefore)} · ${describeMachine(machineAfter)}`);
    console.log('\n# Opening in an editor (didOpen with the outline, folding, semantic-token and code-lens requests)');
    console.log('devices | didOpen→diagnostics ms | →folding ms | →semantic tokens ms | →outline ms | →all four answers ms');
    for (const row of rows) {
        console.log([row.devices, row.editorDiagnosticsMs, row.editorFoldingMs, row.editorTokensMs, row.editorOutlineMs, row.editorViewsMs]
            .map(value => value.toFixed(0)).join(' | '));
    }
}

if (wanted('lsp') || wanted('first-open')) {
    // The first open of the largest file again in fresh servers; with IRQ_BENCH_COMPARE=<other language-server.cjs>
    // (a build of another version), alternating with that server.
    const devices = Math.max(...sizes);
    const runs = Number(process.env.IRQ_BENCH_OPENS ?? 5);
    const other = process.env.IRQ_BENCH_COMPARE ? resolve(process.env.IRQ_BENCH_COMPARE) : undefined;
    const servers = other ? [server, other] : [server];
    console.log(`\n# First open of ${devices} devices, ${runs} fresh servers${other ? ' each, alternating' : ''}: didOpen→diagnostics ms`);
    // One round at a time, each after a measurement of the machine's speed, which drifts on this virtual machine:
    // it tells which phase a set of rounds ran in (README, Performance, "Machine phases").
    const all = new Map(servers.map(path => [path, []]));
    const machine = [];
    for (let run = 0; run < runs; run++) {
        machine.push(measureMachine());
        for (const [path, times] of await firstOpenRuns(servers, devices, 1)) all.get(path).push(...times);
    }
    console.log('server | min | median | max | runs');
    for (const [path, times] of all) {
        const sorted = [...times].sort((a, b) => a - b);
        const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        console.log([path === server ? 'this build' : path, sorted[0].toFixed(0), median.toFixed(0), sorted[sorted.length - 1].toFixed(0),
            times.map(t => t.toFixed(0)).join(' ')].join(' | '));
    }
    console.log(`machine before each round (first writes to fresh memory; reference loop): ${machine.map(describeMachine).join(' · ')}`);
}

if (wanted('validation')) {
    const { runValidationBench } = await load('validation-bench.ts');
    console.log('\n# Validation (in-process, one build per size)');
    console.log('devices | parse ms | index ms | link ms | reference index ms | validation (all rules) ms | GC pauses, parse to validated ms | heap the document keeps MiB | diagnostics | CST of every unit afterwards ms | outline ms | folding ms | semantic tokens ms');
    for (const r of await runValidationBench(sizes)) {
        console.log([r.devices, r.parseMs.toFixed(0), r.indexMs.toFixed(0), r.linkMs.toFixed(0), r.referencesMs.toFixed(0), r.validateMs.toFixed(0), r.gcMs.toFixed(0),
            r.keptMiB === undefined ? 'n/a (no --expose-gc)' : r.keptMiB.toFixed(1), r.diagnostics, r.cstMs.toFixed(0),
            r.outlineMs.toFixed(0), r.foldingMs.toFixed(0), r.tokensMs.toFixed(0)].join(' | '));
    }
}

if (wanted('emulator')) {
    const { runEmulatorBench } = await load('emulator-bench.ts');
    console.log('\n# Emulator');
    for (const [key, value] of Object.entries(await runEmulatorBench())) console.log(`${key.padEnd(44)} ${value}`);
}

if (wanted('debug') && existsSync(resolve(root, 'out/debug-adapter.cjs'))) {
    const { runDebugBench } = await import('./debug-bench.mjs');
    console.log('');
    await runDebugBench();
}
