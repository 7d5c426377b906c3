// `irqt dump` end to end (the built CLI as a child process), compared field by field with a real kernel's
// dumps (x86_64 q35, Linux 6.12): same files, field names, order, indentation and flag vocabulary, apart from numbers.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_VOCABULARY, decodeBits } from '../../../src/emulator/kernel-format/index.js';
import { IRQCHIP_FLAGS } from '../../../src/emulator/kernel-format/bit-tables.js';
import { bitList } from '../../../src/emulator/kernel-format/printf.js';
import { irqt, noStackTrace, ROOT, T1_TOPOLOGY, tempFiles } from './cli-harness.js';

/** The real machine's dumps: shared/ sits beside the clone (on developers' machines and in CI). */
const REAL = join(ROOT, '../shared/data/kernel-dumps/x86_64-q35-no-iommu-6.12');
const FIXTURE = join(ROOT, 'test/fixtures/q35.irq');
/** Domains of the real machine the fixture does not model (HPET is left out on purpose). */
const NOT_MODELLED = ['HPET-MSI-0'];
/** Values the kernel prints right-aligned (`%5u`, `%6u`): their end column is the structure, not their start. */
const RIGHT_ALIGNED = new Set(['Vector', 'Target', 'Previous vector', 'Previous target', 'Online bitmaps', 'Global available', 'Global reserved', 'Total allocated']);
const FLAG_LINE = /^(IRQ_|IRQD_|IRQS_|_IRQ_|IRQCHIP_)[A-Z_]+$/;

let dir = '';
let out = '';

/**
 * The structure of a debugfs file: per line its indentation and field name with the column where the value
 * starts (or ends, when right-aligned); a run of decoded flag names becomes one FLAGS token; other lines
 * (the vector matrix table) keep their text with numbers replaced.
 */
function shape(text: string): string[] {
    const out: string[] = [];
    for (const line of text.split('\n')) {
        const indent = line.length - line.trimStart().length;
        const body = line.slice(indent);
        if (FLAG_LINE.test(body)) {
            const token = `${indent}|FLAGS`;
            if (out.at(-1) !== token) out.push(token);
            continue;
        }
        const field = /^([A-Za-z_][A-Za-z_ ]*?):( *)(.*)$/.exec(body);
        if (field) {
            const [, key, spaces, value] = field;
            const where = RIGHT_ALIGNED.has(key) && /^\d+$/.test(value) ? `end@${line.length}` : `at@${indent + key.length + 1 + spaces.length}`;
            out.push(`${indent}|${key}|${value === '' ? 'empty' : where}`);
            continue;
        }
        out.push(`${indent}|${body.replace(/\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*/g, '#').replace(/\s+/g, ' ')}`);
    }
    return out;
}

function read(path: string): string {
    return readFileSync(path, 'utf8');
}

/** Maps `(leaf domain, leaf hwirq)` to the irq number, from a folder of debugfs irq files. */
function irqsByLeaf(folder: string): Map<string, string> {
    const map = new Map<string, string>();
    for (const n of readdirSync(folder)) {
        const text = read(join(folder, n));
        const domain = /^domain: {2}(.*)$/m.exec(text)?.[1];
        const hwirq = /^ hwirq: {3}(.*)$/m.exec(text)?.[1];
        if (domain) map.set(`${domain} ${hwirq}`, n);
    }
    return map;
}

beforeAll(() => {
    dir = tempFiles({
        't1.irq': `${T1_TOPOLOGY}
scenario up on t1 {
  allocate nic0.q
  request nic0.q
  raise nic0.q
}
`,
        'arm.irq': `topology arm {
  arch arm64
  cpus 2
  domain GIC : gic-v3
  domain ITS : gic-its parent GIC
}
`
    });
    out = join(dir, 'tree');
    const result = irqt(['dump', FIXTURE, '--after', 'boot', '--out', out]);
    if (result.code !== 0) throw new Error(`dump failed: ${result.stderr}`);
}, 120_000);

afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('irqt dump against the real q35 dumps', () => {
    const realDomains = join(REAL, 'debugfs-irq/domains');
    const ourDomains = () => join(out, 'sys/kernel/debug/irq/domains');

    it('writes the kernel tree: debugfs domains and irqs, /proc/interrupts, /sys/kernel/irq', () => {
        expect(existsSync(join(out, 'proc/interrupts'))).toBe(true);
        expect(readdirSync(join(out, 'sys/kernel/debug/irq/irqs')).length).toBeGreaterThan(20);
        expect(readdirSync(join(out, 'sys/kernel/irq')).length).toBe(readdirSync(join(out, 'sys/kernel/debug/irq/irqs')).length);
    });

    it('names every modelled domain exactly as the kernel does (bus-token suffixes, IO-APIC, VECTOR, default)', () => {
        const real = readdirSync(realDomains).filter(n => !NOT_MODELLED.includes(n)).sort();
        expect(readdirSync(ourDomains()).sort()).toEqual(real);
    });

    it('prints each domain file with the real file\'s fields, order, indentation and flag positions', () => {
        for (const name of readdirSync(ourDomains())) {
            expect(shape(read(join(ourDomains(), name))), `domains/${name}`).toEqual(shape(read(join(realDomains, name))));
        }
    });

    it('prints each irq file like the real irq with the same leaf domain and hwirq', () => {
        const real = irqsByLeaf(join(REAL, 'debugfs-irq/irqs'));
        const ours = irqsByLeaf(join(out, 'sys/kernel/debug/irq/irqs'));
        const pairs = [...ours].filter(([leaf]) => real.has(leaf)).map(([leaf, n]) => [leaf, real.get(leaf)!, n] as const);
        expect(pairs.map(p => p[0])).toEqual(expect.arrayContaining([
            'IO-APIC-0 0x2', 'IO-APIC-0 0x9', 'PCI-MSIX-0000:00:02.0-12 0x3', 'PCI-MSIX-0000:00:06.0-12 0x0',
            'PCI-MSIX-0000:00:07.0-12 0x4', 'PCI-MSI-0000:00:1f.2-11 0x0', 'PCI-MSIX-0000:01:00.0-12 0x1'
        ]));
        for (const [leaf, realIrq, ourIrq] of pairs) {
            const theirs = read(join(REAL, 'debugfs-irq/irqs', realIrq));
            const mine = read(join(out, 'sys/kernel/debug/irq/irqs', ourIrq));
            expect(shape(mine), `${leaf}: irqs/${ourIrq} vs real irqs/${realIrq}`).toEqual(shape(theirs));
            for (const field of ['device', 'chip', 'handler']) {
                const pick = (t: string) => new RegExp(`^ ?${field}: +(.*)$`, 'm').exec(t)?.[1];
                expect(pick(mine), `${leaf} ${field}`).toBe(pick(theirs));
            }
        }
    });

    it('uses only the kernel\'s flag vocabulary, and the real dumps use only names the printers know', () => {
        const flagsOf = (folder: string) => readdirSync(folder).flatMap(n => read(join(folder, n)).split('\n').map(l => l.trim()).filter(l => FLAG_LINE.test(l)));
        const real = [...flagsOf(realDomains), ...flagsOf(join(REAL, 'debugfs-irq/irqs'))];
        const ours = [...flagsOf(ourDomains()), ...flagsOf(join(out, 'sys/kernel/debug/irq/irqs'))];
        expect(real.length).toBeGreaterThan(50);
        expect(real.filter(n => !FLAG_VOCABULARY.has(n))).toEqual([]);
        expect(ours.filter(n => !FLAG_VOCABULARY.has(n))).toEqual([]);
    });

    it('prints /proc/interrupts with the real header, column positions and arch rows', () => {
        const real = read(join(REAL, 'proc-interrupts.txt')).split('\n');
        const ours = read(join(out, 'proc/interrupts')).split('\n');
        expect(ours[0]).toBe(real[0]);
        const arch = (lines: string[]) => lines.filter(l => /^ *[A-Z]{3}:/.test(l));
        const skeleton = (l: string) => `${l.length}|${l.replace(/[\d ]/g, '')}`;
        expect(arch(ours).map(skeleton)).toEqual(arch(real).map(skeleton));
        const row = /^( *\d+): ((?: *\d+ )+) +(\S+) +(\d+)-(\S+) +(\S.*)$/;
        const columns = (l: string) => {
            const m = row.exec(l);
            if (!m) return undefined;
            const chipAt = l.indexOf(m[3], m[1].length + 2 + m[2].length);
            const dash = l.indexOf('-', chipAt + m[3].length);
            return { chip: m[3], hwirq: m[4], name: m[5], prefix: m[1].length, counts: m[2].length, chipAt, dash, actionAt: l.indexOf(m[6], dash) - dash };
        };
        const realRows = real.map(columns).filter(r => r !== undefined);
        const ourRows = ours.map(columns).filter(r => r !== undefined);
        expect(ourRows.length).toBeGreaterThan(10);
        let compared = 0;
        for (const mine of ourRows) {
            const theirs = realRows.find(r => r.chip === mine.chip && r.hwirq === mine.hwirq);
            if (!theirs) continue;
            compared++;
            expect({ ...mine, actionAt: mine.actionAt }, `${mine.chip} ${mine.hwirq}`).toEqual({ ...theirs, actionAt: theirs.actionAt });
        }
        expect(compared).toBeGreaterThan(8);
    });

    it('writes the /sys/kernel/irq attribute files with the real names and value formats', () => {
        const real = irqsByLeaf(join(REAL, 'debugfs-irq/irqs'));
        const ours = irqsByLeaf(join(out, 'sys/kernel/debug/irq/irqs'));
        let compared = 0;
        for (const [leaf, n] of ours) {
            const realIrq = real.get(leaf);
            if (!realIrq || !existsSync(join(REAL, 'sys-kernel-irq', realIrq))) continue;
            const realDir = join(REAL, 'sys-kernel-irq', realIrq);
            const ourDir = join(out, 'sys/kernel/irq', n);
            expect(readdirSync(ourDir).sort()).toEqual(readdirSync(realDir).sort());
            for (const file of ['chip_name', 'hwirq', 'type', 'name', 'wakeup']) {
                expect(read(join(ourDir, file)), `${leaf} ${file}`).toBe(read(join(realDir, file)));
            }
            expect(read(join(ourDir, 'per_cpu_count'))).toMatch(/^\d+,\d+,\d+,\d+\n$/);
            const actions = read(join(realDir, 'actions'));
            expect(read(join(ourDir, 'actions')) === '').toBe(actions === '');
            compared++;
        }
        expect(compared).toBeGreaterThan(8);
    });
});

describe('irqt dump output', () => {
    it('prints the MSI debug_show block (blank line, address_hi/lo, msg_data) on kernels that have it', () => {
        const result = irqt(['dump', 't1.irq', '--after', 'up', '--what', 'irqs'], dir);
        expect(result.code).toBe(0);
        const lines = result.stdout.split('\n');
        const at = lines.indexOf('  address_hi: 0x00000000');
        expect(at).toBeGreaterThan(0);
        expect(lines[at - 1]).toBe('');
        expect(lines[at - 2]).toMatch(/^ {13}IRQCHIP_/);
        expect(lines[at + 1]).toBe('  address_lo: 0xfee02000');
        expect(lines[at + 2]).toMatch(/^ {2}msg_data: {3}0x000000[0-9a-f]{2}$/);
        expect(lines[at + 3]).toBe(' parent:');
        expect(result.stdout).toMatch(/^effectiv: 2$/m);
    });

    it('prints a single file raw and several files with headers', () => {
        const one = irqt(['dump', 't1.irq', '--after', 'up', '--what', 'interrupts'], dir);
        expect(one.code).toBe(0);
        expect(one.stdout.split('\n')[0]).toBe(`${' '.repeat(11)}CPU0       CPU1       CPU2       CPU3       `);
        expect(one.stdout).toMatch(/^ 24: {10}0 {10}0 {10}1 {10}0  PCI-MSIX-0000:03:00\.0 {3}3-edge {6}nic0\.q$/m);
        const several = irqt(['dump', 't1.irq', '--what', 'domains'], dir);
        expect(several.code).toBe(0);
        expect(several.stdout).toContain('==> /sys/kernel/debug/irq/domains/VECTOR <==\nname:   VECTOR\n size:   0\n mapped: 0\n');
        expect(several.stdout).toContain('==> /sys/kernel/debug/irq/domains/default <==\nname:   VECTOR');
    });

    it('dumps an arm64 machine without an x86 default domain or arch rows', () => {
        const result = irqt(['dump', 'arm.irq', '--what', 'all'], dir);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('==> /sys/kernel/debug/irq/domains/default <==\n\n');
        expect(result.stdout).not.toContain('NMI:');
    });

    it('answers bad input with exit 1 or 2 and a message', () => {
        const noScenario = irqt(['dump', 't1.irq', '--after', 'nope'], dir);
        expect(noScenario.code).toBe(2);
        expect(noScenario.stderr).toContain("no scenario named 'nope' in t1.irq (scenarios: up)");
        const what = irqt(['dump', 't1.irq', '--what', 'everything'], dir);
        expect(what.code).toBe(2);
        const missing = irqt(['dump', 'missing.irq'], dir);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('irqt dump: missing.irq: no such file or directory');
        const topology = irqt(['dump', 't1.irq', '--topology', 'other'], dir);
        expect(topology.code).toBe(2);
        expect(topology.stderr).toContain("no topology named 'other' in t1.irq (topologies: t1)");
        for (const r of [noScenario, what, missing, topology]) expect(noStackTrace(r)).toBe(true);
    });
});

describe('kernel-format helpers', () => {
    it('prints CPU lists as %*pbl ranges', () => {
        expect(bitList([])).toBe('');
        expect(bitList([3, 0, 1, 2, 6, 8, 9])).toBe('0-3,6,8-9');
        expect(bitList([48, 32, 33, 34, 35, 36, 37, 38])).toBe('32-38,48');
    });

    it('decodes chip flags in table order, IRQCHIP_MOVE_DEFERRED only from 6.13 and never AFFINITY_PRE_STARTUP', () => {
        expect(decodeBits(0x1430, IRQCHIP_FLAGS, 6012)).toEqual(['IRQCHIP_SKIP_SET_WAKE', 'IRQCHIP_ONESHOT_SAFE']);
        expect(decodeBits(0x1430, IRQCHIP_FLAGS, 6017)).toEqual(['IRQCHIP_SKIP_SET_WAKE', 'IRQCHIP_ONESHOT_SAFE', 'IRQCHIP_MOVE_DEFERRED']);
    });
});
