// `irqt test` end to end (the built CLI as a child process): failures at their source line with expected and
// actual values, the `N passed, M failed` summary line, JSON output, folders with imports, and refusals.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irqt, noStackTrace, T1_TOPOLOGY, tempFiles } from './cli-harness.js';

let dir = '';

beforeAll(() => {
    dir = tempFiles({
        'mixed.irq': `${T1_TOPOLOGY}
scenario mixed on t1 {
  allocate nic0.q
  request nic0.q
  raise nic0.q
  expect delivered nic0.q to cpu 2
  expect nic0.q on cpu 7
}
`,
        'green/platform.irq': `topology box {
  arch x86_64
  cpus 2
  domain VECTOR : vector
}
`,
        'green/nic.irq': `import "platform.irq"
extend box {
  device nic0 pci 0000:03:00.0 {
    msix table 4
    domain PCI-MSIX-nic0 : pci-msix parent VECTOR
    irq q : PCI-MSIX-nic0 index 1 affinity cpu 1
  }
}
`,
        'green/run.irq': `import "nic.irq"
import "platform.irq"
scenario green on box {
  allocate nic0.q
  expect ok
  request nic0.q
  raise nic0.q
  expect delivered nic0.q to cpu 1
  expect hwirq nic0.q at PCI-MSIX-nic0 1
}
`,
        'broken.irq': `${T1_TOPOLOGY}
scenario broken on t1 {
  raise nic0.nothing
  expect ok
}
`,
        'storm.irq': T1_TOPOLOGY.replace('kernel 6.17', 'kernel 6.17\n  option event-limit 40') + `
scenario storm on t1 {
  allocate nic0.q
  request nic0.q
  raise nic0.q times 100
  expect ok
}
`
    });
}, 120_000);

afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('irqt test', () => {
    it('reports a failed expectation at file:line:col with expected and actual, and the summary line', () => {
        const result = irqt(['test', 'mixed.irq'], dir);
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('mixed.irq:19:3 FAIL expect nic0.q on cpu 7\n    expected: on cpu 7\n    actual:   on cpu 2 vector 0x');
        expect(result.stdout).toMatch(/^FAIL  mixed\.irq:14 mixed \(1\/2 expectations\)$/m);
        expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed');
    });

    it('passes a folder whose scenario file sees a device through imports; exit 0', () => {
        const result = irqt(['test', 'green'], dir);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^PASS  green\/run\.irq:3 green \(3\/3 expectations\)$/m);
        expect(result.stdout).toMatch(/^3 passed, 0 failed$/m);
    });

    it('prints per-expectation results as JSON', () => {
        const result = irqt(['test', 'mixed.irq', 'green', '--format', 'json'], dir);
        expect(result.code).toBe(1);
        const report = JSON.parse(result.stdout) as {
            files: { file: string; scenarios: { name: string; status: string; expectations: { line: number; column: number; text: string; pass: boolean; expected: string; actual: string }[] }[] }[];
            summary: { passed: number; failed: number; scenarios: number; errors: number };
        };
        expect(report.summary).toEqual({ passed: 4, failed: 1, scenarios: 2, errors: 0 });
        const mixed = report.files.find(f => f.file === 'mixed.irq')!.scenarios[0];
        expect(mixed.status).toBe('failed');
        expect(mixed.expectations).toEqual([
            { line: 18, column: 3, text: 'expect delivered nic0.q to cpu 2', pass: true, expected: 'nic0.q delivered to cpu 2', actual: expect.stringMatching(/^delivered to cpu 2/) },
            { line: 19, column: 3, text: 'expect nic0.q on cpu 7', pass: false, expected: 'on cpu 7', actual: expect.stringMatching(/^on cpu 2 vector 0x/) }
        ]);
        expect(report.files.map(f => f.file).sort()).toEqual(['green/nic.irq', 'green/platform.irq', 'green/run.irq', 'mixed.irq']);
    });

    it('counts a refused scenario as a failure and prints why, at the line', () => {
        const result = irqt(['test', 'broken.irq'], dir);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^broken\.irq:15:9 error linking-error .*nic0\.nothing/m);
        expect(result.stdout).toMatch(/^ERROR broken\.irq:14 broken \(not run\)$/m);
        expect(result.stdout).toMatch(/^0 passed, 1 failed$/m);
        expect(noStackTrace(result)).toBe(true);
    });

    it('reports an event-limit stop at the step and fails the scenario', () => {
        const result = irqt(['test', 'storm.irq'], dir);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^storm\.irq:18:3 error event limit of 40 reached \(interrupt storm or retrigger loop\): the step was stopped$/m);
        expect(result.stdout).toMatch(/^storm\.irq:19:3 FAIL expect ok\n    expected: ok\n    actual:   ELIMIT$/m);
        expect(result.stdout).toMatch(/^0 passed, 2 failed$/m);
    });

    it('answers usage and input problems with exit 2', () => {
        const none = irqt(['test'], dir);
        expect(none.code).toBe(2);
        const format = irqt(['test', 'mixed.irq', '--format', 'xml'], dir);
        expect(format.code).toBe(2);
        expect(format.stderr).toContain("unknown --format 'xml'");
        const missing = irqt(['test', 'nowhere'], dir);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('irqt test: nowhere: no such file or directory');
        expect(missing.stdout).toMatch(/^0 passed, 0 failed$/m);
        for (const r of [none, format, missing]) expect(noStackTrace(r)).toBe(true);
    });
});
