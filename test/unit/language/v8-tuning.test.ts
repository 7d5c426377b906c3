// The V8 tuning the language server applies: after stopYoungGenerationGrowth the young generation keeps its size
// while survivors pile up; without it V8 grows it. Each case runs in a child process, so this process keeps V8's defaults.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const tuning = buildSync({
    entryPoints: [resolve(__dirname, '../../../src/language/v8-tuning.ts')],
    bundle: true, platform: 'node', format: 'cjs', write: false
}).outputFiles[0].text;

/** Young-generation size (bytes) before and after allocating about 40 MB that all survives, in a fresh `node`. */
function youngGenerationGrowth(stopGrowth: boolean): { before: number; after: number } {
    const script = `
const module = { exports: {} }; (function (exports, module, require) { ${tuning} })(module.exports, module, require);
const { getHeapSpaceStatistics } = require('node:v8');
const youngSize = () => getHeapSpaceStatistics().find(space => space.space_name === 'new_space').space_size;
// Garbage first: a few collections commit both semi-spaces without growing them (nothing survives).
let sink = 0; for (let i = 0; i < 200000; i++) sink += [i, i + 1].length;
const before = youngSize();
if (${stopGrowth}) module.exports.stopYoungGenerationGrowth();
const kept = [];
for (let i = 0; i < 500000; i++) kept.push({ index: i, name: 'n' + i, list: [i] });
process.stdout.write(JSON.stringify({ before, after: youngSize(), kept: kept.length, sink }));`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('V8 tuning', () => {
    it('V8 grows the young generation while allocations survive (the default the server changes)', () => {
        const { before, after } = youngGenerationGrowth(false);
        expect(after).toBeGreaterThan(before);
    });

    it('after stopYoungGenerationGrowth the young generation keeps its size', () => {
        const { before, after } = youngGenerationGrowth(true);
        expect(after).toBe(before);
    });
});
