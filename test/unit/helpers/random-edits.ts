// Helpers shared by the randomized differential tests of the language server: the .irq files under a folder, and a
// small seeded PRNG so that a failure names a reproducible edit.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.irq` file under `dir`, in sorted order (recursively). */
export function irqFiles(dir: string): string[] {
    const out: string[] = [];
    for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) out.push(...irqFiles(path));
        else if (name.endsWith('.irq')) out.push(path);
    }
    return out;
}

/** A deterministic pseudo-random generator in [0, 1) (a 32-bit LCG). */
export function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}
