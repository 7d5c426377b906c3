// How fast this machine is at the moment, in the two ways the language-server figures depend on: the first write to
// memory a process has not touched before (page faults), and plain computation. Printed beside the LSP figures.
import { execFileSync } from 'node:child_process';

/**
 * Runs in a fresh `node`: writes one byte to every 4 KiB page of a new `freshMiB` buffer (each write is a first
 * touch), then runs a fixed integer loop of `loopIterations` steps that allocates nothing. Prints both times as JSON,
 * with what was done (pages written, the loop's result), which keeps the work from being optimised away.
 */
const probe = `
const freshMiB = Number(process.argv[1]), loopIterations = Number(process.argv[2]);
let start = performance.now();
const buffer = Buffer.allocUnsafeSlow(freshMiB * 1048576);
let pages = 0;
for (let i = 0; i < buffer.length; i += 4096, pages++) buffer[i] = 1;
const freshMs = performance.now() - start;
start = performance.now();
let x = 0;
for (let i = 0; i < loopIterations; i++) x = (x * 31 + i) | 0;
const loopMs = performance.now() - start;
process.stdout.write(JSON.stringify({ freshMs, pages, loopMs, loopResult: x }));
`;

/**
 * The machine's speed now, measured in a fresh child process (so that its memory is untouched):
 * `freshMsPerMiB`, the time per MiB of first writes; `loopMs`, the time of the reference loop; `pages` and
 * `loopResult`, what the probe did. A first open of a large file touches about 100 MB and computes for most of a
 * second, and on a virtual machine both speeds drift; the figures tell a quiet phase from a slow one (they do not
 * predict one open: README, Performance, "Machine phases").
 */
export function measureMachine({ freshMiB = 64, loopIterations = 30_000_000 } = {}) {
    const output = execFileSync(process.execPath, ['-e', probe, String(freshMiB), String(loopIterations)], { encoding: 'utf8' });
    const { freshMs, pages, loopMs, loopResult } = JSON.parse(output);
    return { freshMiB, freshMs, freshMsPerMiB: freshMs / freshMiB, pages, loopMs, loopResult };
}

/** `3.4 ms/MiB, loop 184 ms`: one measurement, as the benchmark prints it. */
export function describeMachine(speed) {
    return `${speed.freshMsPerMiB.toFixed(1)} ms/MiB, loop ${speed.loopMs.toFixed(0)} ms`;
}
