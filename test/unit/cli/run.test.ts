// `irqt run` end to end (the built CLI as a child process): the aligned delivery trace, --scenario, the
// Chrome trace-event JSON of --trace, the event limit, and bad input answered without stack traces.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irqt, noStackTrace, T1_TOPOLOGY, tempFiles } from './cli-harness.js';

let dir = '';

const scenarios = `
scenario deliver on t1 {
  allocate nic0.q
  request nic0.q
  raise nic0.q
  expect delivered nic0.q to cpu 2
  expect message nic0.q address 0xFEE02000
}

scenario wrong on t1 {
  allocate nic0.q
  request nic0.q
  raise nic0.q
  expect delivered nic0.q to cpu 3
}

scenario flood on t1 {
  allocate nic0.q
  request nic0.q
  raise nic0.q times 200
}
`;

beforeAll(() => {
    dir = tempFiles({
        't1.irq': T1_TOPOLOGY + scenarios,
        'bad-topology.irq': `topology bad {
  arch x86_64
  domain VECTOR : vector
  domain IR : intel-ir parent VECTOR {
    chip INTEL-IR { ack: self  mask: VECTOR }
  }
}
scenario s on bad {
  cpu 1 offline
}
`,
        'missing-irq.irq': `${T1_TOPOLOGY}
scenario s on t1 {
  raise nic0.nothing
}
`,
        'no-scenarios.irq': T1_TOPOLOGY
    });
}, 120_000);

afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('irqt run', () => {
    it('prints one aligned row per event with level, kernel domain, kernel function, hwirq, irq and details', () => {
        const result = irqt(['run', 't1.irq', '--scenario', 'deliver'], dir);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const lines = result.stdout.split('\n');
        expect(lines[0]).toBe('scenario deliver on t1  (t1.irq:14:1)');
        const header = lines[1];
        expect(header).toMatch(/^\s+#\s+event\s+lvl\s+domain\s+function\s+hwirq\s+irq\s+detail$/);
        const rows = lines.filter(l => /^\s+#\d+\s/.test(l));
        expect(rows.length).toBeGreaterThan(10);
        for (const column of ['event', 'lvl', 'domain', 'function']) {
            const at = header.indexOf(` ${column}`) + 1;
            for (const row of rows) expect(row[at - 1], `${column} column of ${row}`).toBe(' ');
        }
        const domainAt = header.indexOf(' domain') + 1;
        const row = (fn: string) => rows.find(r => r.includes(` ${fn} `)) ?? '';
        expect(row('apic_ack_edge').slice(domainAt)).toMatch(/^VECTOR\s/);
        expect(row('irq_chip_ack_parent').slice(domainAt)).toMatch(/^PCI-MSIX-0000:03:00\.0-12\s/);
        expect(row('irq_chip_ack_parent')).toMatch(/\bL0\b.*\b0x3\s+24\s/);
        expect(rows.filter(r => r.includes(' x86_vector_msi_compose_msg ')).some(r => /address 0x00000000:0xfee02000 data 0x000000[0-9a-f]{2}$/.test(r))).toBe(true);
        expect(row('handle_irq_event')).toMatch(/cpu 2 vector 0x[0-9a-f]+/);
        expect(result.stdout).toContain('t1.irq:18:3  expect delivered nic0.q to cpu 2  PASS');
        expect(result.stdout).toContain('t1.irq:15:3  allocate nic0.q  -> ok');
        expect(result.stdout).toMatch(/^passed: deliver$/m);
    });

    it('exits 1 when an expectation fails and shows expected and actual', () => {
        const result = irqt(['run', 't1.irq', '--scenario', 'wrong'], dir);
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('t1.irq:26:3  expect delivered nic0.q to cpu 3  FAIL  expected nic0.q delivered to cpu 3, actual delivered to cpu 2');
        expect(result.stdout).toMatch(/^FAILED: wrong$/m);
    });

    it('writes Chrome trace-event JSON with named CPU and domain tracks', () => {
        const result = irqt(['run', 't1.irq', '--scenario', 'deliver', '--trace', 'out.json'], dir);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('trace written to out.json');
        const trace = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { traceEvents: Record<string, unknown>[] };
        expect(Array.isArray(trace.traceEvents)).toBe(true);
        for (const e of trace.traceEvents) {
            expect(typeof e.name).toBe('string');
            expect(['X', 'M', 'i']).toContain(e.ph);
            expect(typeof e.ts).toBe('number');
            expect(Number.isInteger(e.pid)).toBe(true);
            expect(Number.isInteger(e.tid)).toBe(true);
            expect(typeof e.args).toBe('object');
            if (e.ph === 'X') expect(e.dur).toBeGreaterThan(0);
        }
        const threadNames = trace.traceEvents.filter(e => e.ph === 'M' && e.name === 'thread_name').map(e => (e.args as { name: string }).name);
        expect(threadNames).toEqual(expect.arrayContaining(['scenario steps', 'CPU 0', 'CPU 1', 'CPU 2', 'CPU 3', 'domain VECTOR', 'domain PCI-MSIX-0000:03:00.0-12']));
        const process = trace.traceEvents.find(e => e.ph === 'M' && e.name === 'process_name');
        expect((process?.args as { name: string }).name).toBe('deliver on t1');
        const tidOf = (name: string) => trace.traceEvents.find(e => e.name === 'thread_name' && (e.args as { name: string }).name === name)?.tid;
        const handle = trace.traceEvents.find(e => e.ph === 'X' && e.name === 'handle handle_irq_event');
        expect(handle?.tid).toBe(tidOf('CPU 2'));
        const ack = trace.traceEvents.find(e => e.ph === 'X' && e.name === 'ack apic_ack_edge');
        expect(ack?.tid).toBe(tidOf('domain VECTOR'));
        expect(ack?.args).toMatchObject({ domain: 'VECTOR', function: 'apic_ack_edge', level: 1 });
        const steps = trace.traceEvents.filter(e => e.ph === 'X' && e.cat === 'step').map(e => e.name);
        expect(steps).toEqual(['allocate nic0.q', 'request nic0.q', 'raise nic0.q', 'expect delivered', 'expect message']);
        const timed = trace.traceEvents.filter(e => e.ph === 'X' && e.cat !== 'step').map(e => e.ts as number);
        expect(timed).toEqual([...timed].sort((a, b) => a - b));
    });

    it('stops a run at the event limit with a clear message and exit 1', () => {
        const result = irqt(['run', 't1.irq', '--scenario', 'flood', '--event-limit', '50'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/t1\.irq:32:3 error: event limit of 50 reached \(interrupt storm or retrigger loop\)/);
        expect(result.stdout).toContain('raise nic0.q times 200  -> stopped');
        expect(noStackTrace(result)).toBe(true);
    });

    it('runs every scenario of the file without --scenario', () => {
        const result = irqt(['run', 't1.irq', '--event-limit', '100000'], dir);
        expect(result.code).toBe(1);
        expect(result.stdout.match(/^scenario /gm)).toHaveLength(3);
    });

    it('refuses a topology with errors and prints the errors with their locations', () => {
        const result = irqt(['run', 'bad-topology.irq'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^bad-topology\.irq:5:\d+ error R-DELEGATE-EXISTS /m);
        expect(result.stderr).toContain('irqt run: scenario s (bad-topology.irq:8:1) not run');
        expect(result.stdout).toBe('');
        expect(noStackTrace(result)).toBe(true);
    });

    it('runs a topology with rule errors when --allow-errors is given', () => {
        const result = irqt(['run', 'bad-topology.irq', '--allow-errors'], dir);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('scenario s on bad');
    });

    it('refuses a scenario that names a missing interrupt (a linking error) with its line', () => {
        const result = irqt(['run', 'missing-irq.irq'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^missing-irq\.irq:15:9 error linking-error .*nic0\.nothing/m);
        expect(noStackTrace(result)).toBe(true);
    });

    it('answers input problems with exit 2 and the path', () => {
        const missing = irqt(['run', 'nope.irq'], dir);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('irqt run: nope.irq: no such file or directory');
        const unknown = irqt(['run', 't1.irq', '--scenario', 'nope'], dir);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toContain("no scenario named 'nope' in t1.irq (scenarios: deliver, wrong, flood)");
        const none = irqt(['run', 'no-scenarios.irq'], dir);
        expect(none.code).toBe(2);
        expect(none.stderr).toContain('no-scenarios.irq declares no scenario');
        const limit = irqt(['run', 't1.irq', '--event-limit', 'lots'], dir);
        expect(limit.code).toBe(2);
        const option = irqt(['run', 't1.irq', '--colour'], dir);
        expect(option.code).toBe(2);
        for (const r of [missing, unknown, none, limit, option]) expect(noStackTrace(r)).toBe(true);
    });
});
