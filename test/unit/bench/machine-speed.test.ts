// Tests of the benchmark's machine-speed probe: it measures in a fresh child process, does the work it is asked to
// do, and prints its figures in the benchmark's format.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the benchmark
import { describeMachine, measureMachine } from '../../../bench/machine-speed.mjs';

interface MachineSpeed { freshMiB: number; freshMs: number; freshMsPerMiB: number; pages: number; loopMs: number; loopResult: number }
const measure = measureMachine as (options?: { freshMiB?: number; loopIterations?: number }) => MachineSpeed;

/** The reference loop's result, computed here. */
function loopResult(iterations: number): number {
    let x = 0;
    for (let i = 0; i < iterations; i++) x = (x * 31 + i) | 0;
    return x;
}

describe('measureMachine', () => {
    it('reports the time of first writes per MiB and of the reference loop', () => {
        const speed = measure({ freshMiB: 8, loopIterations: 1_000_000 });
        expect(speed.freshMiB).toBe(8);
        expect(speed.freshMs).toBeGreaterThan(0);
        expect(speed.freshMsPerMiB).toBeCloseTo(speed.freshMs / 8, 10);
        expect(speed.loopMs).toBeGreaterThan(0);
    });

    it('does the work it is given: a write to every 4 KiB page, and every step of the loop', () => {
        for (const [freshMiB, loopIterations] of [[1, 1_000], [16, 2_000_000]]) {
            const speed = measure({ freshMiB, loopIterations });
            expect(speed.pages).toBe(freshMiB * 256);
            expect(speed.loopResult).toBe(loopResult(loopIterations));
        }
    });

    it('prints one measurement as the benchmark shows it', () => {
        expect(describeMachine({ freshMiB: 64, freshMs: 217.6, freshMsPerMiB: 3.4, loopMs: 183.6 })).toBe('3.4 ms/MiB, loop 184 ms');
    });
});
