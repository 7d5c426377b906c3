// The ancestor chains the kind-default agreement tests (emulator, validation) put every domain kind on, so that
// both check the same positions of the hierarchy.
import type { DomainKind } from '../../../src/kernel/model.js';

/** Ancestor chains (immediate parent first) a level can sit on, with the architecture they belong to. */
export const ANCESTOR_CHAINS: ReadonlyArray<{ arch: 'x86_64' | 'arm64' | 'riscv64'; ancestors: DomainKind[] }> = [
    { arch: 'x86_64', ancestors: [] },
    { arch: 'x86_64', ancestors: ['vector'] },
    { arch: 'x86_64', ancestors: ['intel-ir', 'vector'] },
    { arch: 'x86_64', ancestors: ['amd-ir', 'vector'] },
    { arch: 'x86_64', ancestors: ['ioapic', 'vector'] },
    { arch: 'arm64', ancestors: ['gic-v3'] },
    { arch: 'arm64', ancestors: ['gic-its', 'gic-v3'] },
    { arch: 'arm64', ancestors: ['wired', 'gic-v3'] },
    { arch: 'riscv64', ancestors: ['imsic'] },
    { arch: 'riscv64', ancestors: ['riscv-intc'] }
];
