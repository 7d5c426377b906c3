// Test harness for the `irqt` child-process tests: runs `node bin/irqt.cjs` (built once per run by the global
// setup, test/unit/helpers/build-bundles.ts) with captured output, in temporary folders of fixture files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The outcome of one `irqt` run. */
export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the built `irqt` with arguments, from `cwd` (default: the repository root). */
export function irqt(args: string[], cwd = ROOT): CliResult {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/irqt.cjs'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder with the given files (name → text); returns its path. */
export function tempFiles(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'irqt-test-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

/** No stack trace or internal error leaked to the user. */
export function noStackTrace(result: CliResult): boolean {
    const all = result.stdout + result.stderr;
    return !/internal error|\n\s+at .+\(.+:\d+:\d+\)/.test(all);
}

/** A small valid x86 topology (T1 shape) with one device and a scenario section appended by the caller. */
export const T1_TOPOLOGY = `topology t1 {
  arch x86_64
  cpus 4
  kernel 6.17
  domain VECTOR : vector
  device nic0 pci 0000:03:00.0 {
    msix table 8
    domain PCI-MSIX-nic0 : pci-msix parent VECTOR
    irq q : PCI-MSIX-nic0 index 3 affinity cpu 2
    irq misc : PCI-MSIX-nic0 index 0
  }
}
`;
