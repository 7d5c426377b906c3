// The V8 tuning the language server applies: after stopYoungGenerationGrowth the young generation keeps its size
// while survivors pile up, and raiseFirstOldGenerationLimit puts off the first full collection to its limit, not
// beyond. Each case runs in a child process, so this process keeps V8's defaults.
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

/** Full collections counted by `fullCollections`: the forced ones, and the others until the heap held 40 MB. */
interface FullCollections {
    forced: number;
    to40MiB: number;
}

/**
 * Full collections (besides the forced ones) counted in a fresh `node` that first makes short-lived garbage (as a
 * start-up does: V8 then lowers its first old-generation limit), then, as asked, raises that limit to 64 MB and
 * hands growth back or not, then keeps objects until the heap holds 40 MB (and, with the limit raised, 120 MB and
 * 500 MB): the count at each.
 */
function fullCollections(raise: 'no'): FullCollections;
function fullCollections(raise: 'raise' | 'raise, no hand-back'): FullCollections & { to120MiB: number; to500MiB: number };
function fullCollections(raise: 'no' | 'raise' | 'raise, no hand-back'): FullCollections {
    const script = `
const module = { exports: {} }; (function (exports, module, require) { ${tuning} })(module.exports, module, require);
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { getHeapStatistics } = require('node:v8');
const full = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full.push(entry); }).observe({ entryTypes: ['gc'] });
let sink = 0; for (let i = 0; i < 3000000; i++) sink += [i, i + 1].length;
if ('${raise}' !== 'no') {
    const handBack = module.exports.raiseFirstOldGenerationLimit(64);
    if ('${raise}' === 'raise') handBack();
}
const kept = [];
const keepUntil = mib => { while (getHeapStatistics().used_heap_size < mib * 2 ** 20) for (let i = 0; i < 10000; i++) kept.push({ index: i, name: 'n' + i, list: [i] }); };
// GC entries reach observers a little after the collection.
const settle = () => new Promise(resolve => setTimeout(resolve, 50));
(async () => {
    await settle(); const forced = full.length;
    const counts = { forced };
    for (const mib of '${raise}' === 'no' ? [40] : [40, 120, 500]) { keepUntil(mib); await settle(); counts['to' + mib + 'MiB'] = full.length - forced; }
    process.stdout.write(JSON.stringify({ ...counts, kept: kept.length, sink }));
})();`;
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

    it('after start-up garbage V8 collects the old generation before it holds 40 MB (the default the server changes)', () => {
        const { forced, to40MiB } = fullCollections('no');
        expect(forced).toBe(0);
        expect(to40MiB).toBeGreaterThan(0);
    });

    it('raiseFirstOldGenerationLimit puts the first full collection off to its limit, then V8 sets the limits again', () => {
        const { forced, to40MiB, to120MiB, to500MiB } = fullCollections('raise');
        expect(forced).toBe(2);
        expect(to40MiB).toBe(0);
        expect(to120MiB).toBeGreaterThan(0);
        // V8's own growing factor is at most 4: the limit after a collection at about 64 MB stays under 500 MB.
        expect(to500MiB).toBeGreaterThan(to120MiB);
    });

    it('without the hand-back the raised growing factor would put the next collection past 500 MB', () => {
        const { to120MiB, to500MiB } = fullCollections('raise, no hand-back');
        expect(to120MiB).toBeGreaterThan(0);
        expect(to500MiB).toBe(to120MiB);
    });
});
