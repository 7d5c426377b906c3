// `npm run bench`: runs every benchmark against the built bundles and prints the figures.
// Benchmarks print numbers; nothing here asserts a time (targets are compared by a person).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runLspBench } from './lsp-bench.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const server = resolve(root, 'out/language-server.cjs');
if (!existsSync(server)) {
    console.error('bench: out/language-server.cjs is missing; run `npm run build` first');
    process.exit(2);
}
const sizes = (process.env.IRQ_BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);

console.log('# Language server (built server over stdio)');
console.log('devices | file MB | didOpen→diagnostics ms | edit→diagnostics median ms | peak MiB | split: initialize→diagnostics ms | split: edit→diagnostics median ms | split peak MiB');
for (const row of await runLspBench(server, sizes)) {
    console.log([row.devices, (row.bytes / 1e6).toFixed(2), row.firstMs.toFixed(0), row.editMedianMs.toFixed(0), row.peakMiB.toFixed(0),
        row.splitWorkspaceMs.toFixed(0), row.splitEditMedianMs.toFixed(0), row.splitPeakMiB.toFixed(0)].join(' | '));
}
