// Every example is also a test: `irqt test` on each example runs its scenarios with the emulator and all
// expectations pass; the 2020 DEV_MSI design is refused for its layering errors, as it should be.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { irqt, ROOT } from './cli-harness.js';

const examples = readdirSync(join(ROOT, 'examples')).filter(f => f.endsWith('.irq')).sort();

describe('irqt test on the examples', () => {
    it('finds the reference examples', () => {
        expect(examples.length).toBeGreaterThanOrEqual(10);
    });

    for (const file of examples.filter(f => f !== 'dev-msi-2020.irq')) {
        it(`${file}: every scenario's expectations pass`, () => {
            const result = irqt(['test', join('examples', file)]);
            expect(result.stdout).not.toMatch(/FAIL|ERROR/);
            expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^[1-9]\d* passed, 0 failed$/);
            expect(result.code).toBe(0);
        });
    }

    it('the split example (platform + per-device files + scenario file) passes as a folder', () => {
        const result = irqt(['test', join('examples', 'split')]);
        expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^[1-9]\d* passed, 0 failed$/);
        expect(result.code).toBe(0);
    });

    it('dev-msi-2020.irq is refused with the objections of the 2020 review, not run', () => {
        const result = irqt(['test', join('examples', 'dev-msi-2020.irq')]);
        expect(result.code).toBe(1);
        expect(result.stdout + result.stderr).toMatch(/R-SLOT-IN-DOMAIN/);
        expect(result.stdout).toMatch(/ERROR .*dev-msi-2020-wq \(not run\)/);
    });

    it('irqt check: dev-msi-2020.irq shows the objections of the 2020 review; every other example has no error', () => {
        const result = irqt(['check', 'examples', '--format', 'json']);
        const report = JSON.parse(result.stdout) as { files: Array<{ file: string; diagnostics: Array<{ severity: string; code: string }> }> };
        const codesOf = (name: string) => new Set(report.files.find(f => f.file.endsWith(name))!.diagnostics.map(d => d.code));
        expect([...codesOf('dev-msi-2020.irq')].sort()).toEqual([
            'R-IMS-PER-DEVICE', 'R-MSIDESC-NO-DRIVERDATA', 'R-NO-GLOBAL-PCIMSI', 'R-NO-PLATFORM-CALLBACKS', 'R-NO-PLATFORM-MSI', 'R-SLOT-IN-DOMAIN'
        ]);
        const errorsElsewhere = report.files.filter(f => !f.file.endsWith('dev-msi-2020.irq'))
            .flatMap(f => f.diagnostics.filter(d => d.severity === 'error').map(d => `${f.file} ${d.code}`));
        expect(errorsElsewhere).toEqual([]);
        expect(codesOf('per-device-msi-merged.irq').size).toBe(0);
    });
});
