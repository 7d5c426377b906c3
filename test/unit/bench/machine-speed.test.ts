// Tests of the benchmark's machine-speed probe: it measures in a fresh child process, scales with what it is asked
// to do, and prints its figures in the benchmark's format.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module of the benchmark
import { describeMachine, measureMachine } from '../../../bench/machine-speed.mjs';

interface MachineSpeed { freshMiB: number; freshMs: number; freshMsPerMiB: number; loopMs: number }
const measure = measureMachine as (options?: { freshMiB?: number; loopIterations?: number }) => MachineSpeed;

describe('measureMachine', () => {
    it('reports the time of first writes per MiB and of the reference loop', () => {
        const speed = measure({ freshMiB: 8, loopIterations: 1_000_000 });
        expect(speed.freshMiB).toBe(8);
        expect(speed.freshMs).toBeGreaterThan(0);
        expect(speed.freshMsPerMiB).toBeCloseTo(speed.freshMs / 8, 10);
        expect(speed.loopMs).toBeGreaterThan(0);
    });

    it('does the work it is given: 64 times the memory and 100 times the steps take several times longer', () => {
        const small = measure({ freshMiB: 1, loopIterations: 200_000 });
        const large = measure({ freshMiB: 64, loopIterations: 20_000_000 });
        expect(large.freshMs).toBeGreaterThan(5 * small.freshMs);
        expect(large.loopMs).toBeGreaterThan(5 * small.loopMs);
    });

    it('prints one measurement as the benchmark shows it', () => {
        expect(describeMachine({ freshMiB: 64, freshMs: 217.6, freshMsPerMiB: 3.4, loopMs: 183.6 })).toBe('3.4 ms/MiB, loop 184 ms');
    });
});
