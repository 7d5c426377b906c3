// The emulator's kind defaults are the kernel model's (src/kernel/model.ts) for every kind in every position of a
// hierarchy, and the corrected defaults are visible where users see them: emulator traces and dumps, hover, validation.
import { describe, expect, it } from 'vitest';
import {
    DOMAIN_KINDS, KINDS, decidingParent, defaultChip, defaultFlowHandler, defaultMsiFlags, effectiveKindDefaults,
    type DomainKind
} from '../../../src/kernel/model.js';
import { elaborateDocument } from '../../../src/elaborate/index.js';
import {
    CHIP_OPS, DOMAIN_FLAG, IRQCHIP, MSI_FLAG, Machine, kindDefaults, normalizeChipOp, resolveTopology, t5Aia, t8MultiIommu,
    type Arch, type SystemSpec
} from '../../../src/emulator/index.js';
import { domainLines, irqLines, procInterrupts, KstatCounter } from '../../../src/emulator/kernel-format/index.js';
import type { Topology } from '../../../src/language/generated/ast.js';
import { buildOne, createTestServices } from '../helpers/services.js';
import { ANCESTOR_CHAINS } from '../helpers/kind-chains.js';
import { act, boot, desc, events, hops, ofKind, run } from '../emulator/support.js';
import { withCode } from '../rules/fixtures.js';

const bits = (names: readonly string[], table: Record<string, number>): number => names.reduce((v, n) => v | (table[n] ?? 0), 0);

/** The model's chip callbacks that are machine chip ops, keyed by the machine's op name. */
function modelChipOps(kind: DomainKind, ancestors: DomainKind[]): Record<string, { mode: string; function: string }> {
    const out: Record<string, { mode: string; function: string }> = {};
    for (const [name, cb] of Object.entries(defaultChip(kind, ancestors).callbacks)) {
        const op = normalizeChipOp(name);
        if (op) out[op] = { mode: cb.mode, function: cb.fn };
    }
    return out;
}

/** A spec with the chain root..parent and the level under test as its leaf. */
function chainSpec(kind: DomainKind, arch: Arch, ancestors: DomainKind[]): SystemSpec {
    const names = ancestors.map((k, i) => `L${ancestors.length - i}-${k}`);
    const domains = ancestors.map((k, i) => ({ name: names[i], kind: k, parent: names[i + 1] })).reverse();
    domains.push({ name: `L0-${kind}`, kind, parent: names[0] });
    return { name: 'chain', arch, kernel: '6.17', cpuCount: 2, domains, devices: [], interrupts: [], scenarios: [] };
}

describe('kind defaults: the emulator takes every value from the kernel model', () => {
    for (const kind of DOMAIN_KINDS) {
        it(`${kind}: kindDefaults() equals effectiveKindDefaults() on every chain`, () => {
            for (const { arch, ancestors } of ANCESTOR_CHAINS) {
                const where = `${kind} on [${ancestors.join(' → ')}]`;
                const e = kindDefaults(kind, { arch, parentKind: ancestors[0], ancestors });
                const m = effectiveKindDefaults(kind, ancestors);
                expect(e.chipName, where).toBe(m.chip.name);
                expect(e.callbacks, where).toEqual(modelChipOps(kind, ancestors));
                expect([...e.chipFlags].sort(), where).toEqual([...m.chip.flags].sort());
                expect(e.busToken, where).toBe(m.busToken);
                expect(e.domainFlags.filter(f => f !== 'HIERARCHY' && f !== 'NAME_ALLOCATED').sort(), where).toEqual([...m.flags].sort());
                expect([...e.msiFlags].sort(), where).toEqual([...m.msiFlags].sort());
                expect(e.flow, where).toBe(m.flow ?? 'handle_edge_irq');
                expect(e.levelFlow, where).toBe(m.levelFlow ?? m.flow ?? 'handle_edge_irq');
                expect(e.prefix, where).toBe(m.prefix);
                expect(e.role, where).toBe(m.role);
                expect(e.allocOrder, where).toBe(m.allocOrder);
                expect(e.enforceIrqCtx, where).toBe(m.enforceIrqCtx);
                for (const op of ['alloc', 'free', 'activate', 'deactivate'] as const) {
                    if (m.ops[op]) expect(e.domainOps[op], `${where} ${op}`).toBe(m.ops[op].fn);
                }
            }
        });

        it(`${kind}: the resolved topology uses the model's defaults on every chain`, () => {
            for (const { arch, ancestors } of ANCESTOR_CHAINS) {
                const where = `${kind} on [${ancestors.join(' → ')}]`;
                const t = resolveTopology(chainSpec(kind, arch, ancestors));
                const d = t.domains[t.domains.length - 1];
                const m = effectiveKindDefaults(kind, ancestors);
                const ops = modelChipOps(kind, ancestors);
                for (const op of CHIP_OPS) {
                    expect(d.chip[op].mode, `${where} ${op}`).toBe(ops[op]?.mode ?? 'none');
                    if (ops[op]) expect(d.chip[op].fn, `${where} ${op}`).toBe(ops[op].function);
                }
                expect(d.chipName, where).toBe(m.chip.name);
                expect(d.chipFlags, where).toBe(bits(m.chip.flags, IRQCHIP));
                expect(d.busToken, where).toBe(m.busToken);
                expect(d.domainFlags, where).toBe(bits(['HIERARCHY', 'NAME_ALLOCATED', ...m.flags], DOMAIN_FLAG));
                expect(d.msiFlags, where).toBe(bits(m.msiFlags.filter(f => arch === 'x86_64' || f !== 'MUST_REACTIVATE'), MSI_FLAG));
                expect(d.prefix, where).toBe(m.prefix);
                expect(d.flow, where).toBe(m.flow ?? 'handle_edge_irq');
            }
        });
    }

    it('model callbacks the machine does not model are no machine chip ops (nothing is dropped silently)', () => {
        const dropped = new Set<string>();
        for (const kind of DOMAIN_KINDS) {
            for (const name of Object.keys(KINDS[kind].chip.callbacks)) if (!normalizeChipOp(name)) dropped.add(name);
        }
        expect([...dropped].sort()).toEqual(['force_complete_move', 'get_irqchip_state', 'nmi_setup', 'nmi_teardown', 'set_irqchip_state']);
    });
});

describe('kernel model: effective defaults (kernel-irq.md §2.1 step 4)', () => {
    it('an IR unit delegates init_dev_msi_info to the vector domain; only the bare vector domain is a direct decider', () => {
        expect(decidingParent(['intel-ir', 'vector'])).toEqual({ kind: 'vector', direct: false });
        expect(decidingParent(['vector'])).toEqual({ kind: 'vector', direct: true });
        expect(decidingParent(['gic-its', 'gic-v3'])).toEqual({ kind: 'gic-its', direct: true });
        expect(decidingParent(['ioapic', 'vector'])).toBeUndefined();
    });

    it('x86 device chips: SKIP_SET_WAKE | AFFINITY_PRE_STARTUP (q35 dump 0x430), msi_set_affinity + MOVE_DEFERRED only on VECTOR', () => {
        const direct = defaultChip('pci-msix', ['vector']);
        expect(direct.flags).toEqual(['SKIP_SET_WAKE', 'ONESHOT_SAFE', 'AFFINITY_PRE_STARTUP', 'MOVE_DEFERRED']);
        expect(direct.callbacks.set_affinity).toEqual({ mode: 'self', fn: 'msi_set_affinity' });
        const remapped = defaultChip('pci-msix', ['intel-ir', 'vector']);
        expect(remapped.flags).toEqual(['SKIP_SET_WAKE', 'ONESHOT_SAFE', 'AFFINITY_PRE_STARTUP']);
        expect(remapped.callbacks.set_affinity).toEqual({ mode: 'self', fn: 'msi_domain_set_affinity' });
    });

    it('msi-lib parents install no retrigger; IMSIC adds MOVE_DEFERRED to PCI children only', () => {
        expect(defaultChip('pci-msix', ['gic-its', 'gic-v3']).callbacks.retrigger).toBeUndefined();
        expect(defaultChip('pci-msix', ['imsic']).flags).toContain('MOVE_DEFERRED');
        expect(defaultChip('aplic-msi', ['imsic']).flags).toEqual(['SET_TYPE_MASKED', 'MASK_ON_SUSPEND', 'SKIP_SET_WAKE']);
        expect(defaultChip('aplic-msi', ['imsic']).callbacks.set_affinity).toEqual({ mode: 'parent', fn: 'irq_chip_set_affinity_parent' });
    });

    it('MSI flags: the real parent restricts and requires; DEVICE_MSI and WIRED_TO_MSI children do not mask at the parent', () => {
        expect(defaultMsiFlags('pci-msi', ['vector'])).not.toContain('MULTI_PCI_MSI');
        expect(defaultMsiFlags('pci-msi', ['intel-ir', 'vector'])).toContain('MULTI_PCI_MSI');
        expect(defaultMsiFlags('pci-msix', ['gic-its', 'gic-v3'])).toContain('PCI_MSI_MASK_PARENT');
        expect(defaultMsiFlags('device-msi', ['gic-its', 'gic-v3'])).not.toContain('PCI_MSI_MASK_PARENT');
        expect(defaultMsiFlags('aplic-msi', ['imsic'])).toEqual(['USE_DEV_FWNODE', 'USE_DEF_DOM_OPS', 'USE_DEF_CHIP_OPS']);
        expect(defaultMsiFlags('global-pci-msi', [])).toEqual(expect.arrayContaining(['ACTIVATE_EARLY', 'DEV_SYSFS', 'FREE_MSI_DESCS', 'MUST_REACTIVATE']));
    });

    it('HPET and DMAR keep their own chips: no parent additions, DMAR composes, only DMAR defers moves', () => {
        expect(defaultChip('hpet-msi', ['vector']).flags).toEqual(['SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP']);
        expect(defaultChip('hpet-msi', ['intel-ir', 'vector']).name).toBe('IR-HPET-MSI');
        expect(defaultChip('dmar-msi', ['vector']).flags).toEqual(['SKIP_SET_WAKE', 'AFFINITY_PRE_STARTUP', 'MOVE_DEFERRED']);
        expect(defaultChip('dmar-msi', ['vector']).callbacks.compose_msi_msg).toEqual({ mode: 'self', fn: 'dmar_msi_compose_msg' });
        expect([KINDS['hpet-msi'].busToken, KINDS['dmar-msi'].busToken, KINDS['dev-msi'].busToken]).toEqual(['ANY', 'ANY', 'PLATFORM_MSI']);
    });

    it('flow handlers: the GIC\'s fasteoi stays under a wired level; on x86 a wired level line uses handle_level_irq', () => {
        expect(defaultFlowHandler('wired', ['gic-v3'], false)).toBe('handle_fasteoi_irq');
        expect(defaultFlowHandler('wired', ['vector'], false)).toBe('handle_edge_irq');
        expect(defaultFlowHandler('wired', ['vector'], true)).toBe('handle_level_irq');
        expect(defaultFlowHandler('global-pci-msi', ['gic-its', 'gic-v3'])).toBe('handle_fasteoi_irq');
        expect(defaultFlowHandler('global-pci-msi', ['vector'])).toBe('handle_edge_irq');
    });
});

describe('corrected defaults in emulator traces and dumps', () => {
    it('HPET-MSI: kernel name without a bus-token suffix, flags MSI (no MSI_DEVICE), chip IR-HPET-MSI behind IR', () => {
        const m = boot(t8MultiIommu());
        const hpet = m.topo.domains[m.topo.domainByName.get('HPET-MSI-0')!];
        expect(hpet.kernelName).toBe('HPET-MSI-0');
        expect(hpet.chipName).toBe('IR-HPET-MSI');
        const lines = domainLines(m, hpet.index).map(l => l.trim());
        expect(lines).toEqual(expect.arrayContaining(['IRQ_DOMAIN_FLAG_HIERARCHY', 'IRQ_DOMAIN_NAME_ALLOCATED', 'IRQ_DOMAIN_FLAG_MSI']));
        expect(lines).not.toContain('IRQ_DOMAIN_FLAG_MSI_DEVICE');
        run(m, act('allocate', 'hpet.t0'), act('request', 'hpet.t0'));
        expect(procInterrupts(m, new KstatCounter())).toMatch(/ IR-HPET-MSI +0-edge +hpet\.t0/);
    });

    it('HPET-MSI on VECTOR moves at once (no IRQCHIP_MOVE_DEFERRED), DMAR-MSI defers', () => {
        const spec: SystemSpec = {
            name: 'hpet', arch: 'x86_64', kernel: '6.17', cpuCount: 4,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'HPET-MSI-0', kind: 'hpet-msi', parent: 'VECTOR' }, { name: 'DMAR-MSI', kind: 'dmar-msi', parent: 'VECTOR' }],
            devices: [], scenarios: [],
            interrupts: [{ name: 'hpet.t0', domain: 'HPET-MSI-0', index: 0, affinity: [0] }, { name: 'dmar.fault', domain: 'DMAR-MSI', index: 0, affinity: [0] }]
        };
        const m = boot(spec);
        run(m, act('allocate', 'hpet.t0'), act('request', 'hpet.t0'), act('allocate', 'dmar.fault'), act('request', 'dmar.fault'));
        const hpet = ofKind(events(m, { kind: 'set-affinity', target: { irq: 'hpet.t0' }, cpus: [2] }), 'move').map(e => e.result);
        expect(hpet).not.toContain('deferred');
        expect(desc(m, 'hpet.t0').effCpu).toBe(2);
        const dmar = ofKind(events(m, { kind: 'set-affinity', target: { irq: 'dmar.fault' }, cpus: [2] }), 'move').map(e => e.result);
        expect(dmar).toContain('deferred');
        expect(m.topo.domains[1].chipName).toBe('HPET-MSI');
    });

    it('DMAR-MSI composes its own message (dmar_msi_compose_msg) and is named DMAR-MSI', () => {
        const m = boot(t8MultiIommu());
        expect(m.topo.domains[1].kernelName).toBe('DMAR-MSI');
        expect(m.topo.domains[1].chip.compose).toMatchObject({ mode: 'self', fn: 'dmar_msi_compose_msg' });
    });

    it('dev-msi (the 2020 RFC): bus token PLATFORM_MSI (suffix -4), platform_msi_* chip callbacks', () => {
        const spec: SystemSpec = {
            name: 'rfc', arch: 'x86_64', kernel: '5.9', cpuCount: 2,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'DEV-MSI', kind: 'dev-msi', parent: 'VECTOR' }],
            devices: [], scenarios: [], interrupts: [{ name: 'wq', domain: 'DEV-MSI', index: 0 }]
        };
        const m = boot(spec);
        expect(m.topo.domains[1].kernelName).toBe('DEV-MSI-4');
        expect(m.topo.domains[1].domainFlags & DOMAIN_FLAG.MSI_DEVICE).toBe(0);
        const evs = events(m, act('allocate', 'wq'), act('request', 'wq'), act('mask', 'wq'));
        expect(ofKind(evs, 'write').map(e => e.fn)).toContain('platform_msi_write_msg');
        expect(hops(evs, ['mask'])).toEqual(['mask:0:platform_msi_mask_irq']);
    });

    it('IO-APIC: named IO-APIC-0 (no bus token), chip IR-IO-APIC behind IR, started by startup_ioapic_irq', () => {
        const m = boot(t8MultiIommu());
        const ioapic = m.topo.domains[m.topo.domainByName.get('IO-APIC-0')!];
        expect([ioapic.kernelName, ioapic.chipName, ioapic.chip.startup.fn]).toEqual(['IO-APIC-0', 'IR-IO-APIC', 'startup_ioapic_irq']);
        const evs = events(m, act('allocate', 'uart.rx'), act('request', 'uart.rx'));
        expect(ofKind(evs, 'write').map(e => `${e.storage}:${e.fn}`)).toContain('rte:ioapic_configure_entry');
        expect(hops(evs, ['unmask'])).toEqual(['unmask:0:unmask_ioapic_irq']);
        expect(ofKind(evs, 'fault')).toEqual([]);
        expect(events(m, act('raise', 'uart.rx')).filter(e => e.kind === 'handle')).toHaveLength(1);
    });

    it('RISC-V: IMSIC and APLIC-MSI chips carry the kernel IRQCHIP flags in the debugfs irq file', () => {
        const m = boot(t5Aia());
        run(m, act('allocate', 'uart0.rx'), act('request', 'uart0.rx'));
        const text = irqLines(m, desc(m, 'uart0.rx')).map(l => l.trim());
        // APLIC-MSI: SET_TYPE_MASKED | MASK_ON_SUSPEND | SKIP_SET_WAKE = 0x15; IMSIC: MASK_ON_SUSPEND | SKIP_SET_WAKE = 0x14.
        const flagsAfter = (chip: string) => text[text.findIndex(l => l.startsWith(`chip:    ${chip}`)) + 1];
        expect([flagsAfter('APLIC-MSI'), flagsAfter('IMSIC')]).toEqual(['flags:   0x15', 'flags:   0x14']);
        expect(text.filter(l => l === 'IRQCHIP_SKIP_SET_WAKE')).toHaveLength(2);
        // The INTC's (empty) riscv_intc_irq_eoi is a default chip op now, but the cascade's chained_irq_exit() is not
        // modelled as a chip call: the delivery still has exactly one EOI, the APLIC's (S-6).
        expect(m.topo.domains[0].chip.eoi).toMatchObject({ mode: 'self', fn: 'riscv_intc_irq_eoi' });
        expect(hops(events(m, act('raise', 'uart0.rx')), ['eoi'])).toEqual(['eoi:0:aplic_msi_irq_eoi']);
    });

    it('APLIC in direct mode: handle_fasteoi_irq finds aplic_direct_irq_eoi (no NULL-dereference fault)', () => {
        const spec: SystemSpec = {
            name: 'direct', arch: 'riscv64', kernel: '6.17', cpuCount: 2,
            domains: [{ name: 'INTC', kind: 'riscv-intc' }, { name: 'APLIC', kind: 'aplic-direct', chainedTo: 'INTC', chainedCause: 9 }],
            devices: [], scenarios: [], interrupts: [{ name: 'uart.rx', domain: 'APLIC', index: 10, indexKind: 'source', trigger: 'level-high' }]
        };
        const m = boot(spec);
        const evs = events(m, act('allocate', 'uart.rx'), act('request', 'uart.rx'), act('raise', 'uart.rx'));
        expect(ofKind(evs, 'fault')).toEqual([]);
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(hops(evs, ['eoi'])).toEqual(['eoi:0:aplic_direct_irq_eoi']);
    });

    it('a wired line on x86 masks itself (the APIC has no mask) and a level line gets handle_level_irq, not fasteoi', () => {
        const spec: SystemSpec = {
            name: 'gpio', arch: 'x86_64', kernel: '6.17', cpuCount: 2,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'GPIO', kind: 'wired', parent: 'VECTOR' }],
            devices: [], scenarios: [], interrupts: [
                { name: 'key.press', domain: 'GPIO', index: 3, indexKind: 'pin', trigger: 'edge' },
                { name: 'lid.sw', domain: 'GPIO', index: 4, indexKind: 'pin', trigger: 'level-high' }
            ]
        };
        const m = boot(spec);
        // Before, the mask was delegated to VECTOR (irq_chip_mask_parent: a NULL dereference, R-DELEGATE-EXISTS) and a
        // level line got handle_fasteoi_irq, whose eoi would reach the APIC's missing irq_eoi.
        const evs = events(m, act('allocate', 'key.press'), act('request', 'key.press'), act('mask', 'key.press'),
            act('unmask', 'key.press'), act('allocate', 'lid.sw'), act('request', 'lid.sw'));
        expect(ofKind(evs, 'fault')).toEqual([]);
        const masks = hops(evs, ['mask', 'unmask']);
        expect(masks).toEqual(expect.arrayContaining(['mask:0:wired_irq_mask', 'unmask:0:wired_irq_unmask']));
        expect(masks.every(h => h.split(':')[1] === '0')).toBe(true);
        expect(desc(m, 'key.press').flow).toBe('handle_edge_irq');
        expect(desc(m, 'lid.sw').flow).toBe('handle_level_irq');
    });
});

describe('hover and validation use the same corrected defaults', () => {
    const services = createTestServices();
    const x86 = `topology t {
  arch x86_64
  cpus 4
  kernel 6.8
  domain VECTOR : vector
  domain DMAR-MSI : dmar-msi parent VECTOR
  domain INTEL-IR-0 : intel-ir parent VECTOR
  domain IO-APIC-0 : ioapic parent INTEL-IR-0
  domain HPET-MSI-0 : hpet-msi parent INTEL-IR-0
  device dsa0 pci 0000:6a:01.0 {
    behind INTEL-IR-0
    msix table 9
    ims slots 64
    domain DSA0-MSIX : pci-msix parent INTEL-IR-0
    domain DSA0-IMS : ims parent INTEL-IR-0
  }
}`;

    it('hover shows the kernel names the emulator gives the same domains', async () => {
        const { domainKernelName } = await import('../../../src/language/lsp/irq-element-info.js');
        const document = await buildOne(services, x86);
        const spec = elaborateDocument(document, services.Irq).specs[0];
        const emulator = resolveTopology(spec).domains.map(d => d.kernelName);
        const topology = document.parseResult.value.elements[0] as Topology;
        const declared = [...topology.domains, ...topology.devices.flatMap(d => d.domains)];
        expect(declared.map(d => domainKernelName(d))).toEqual(emulator);
        expect(emulator).toEqual(['VECTOR', 'DMAR-MSI', 'INTEL-IR-0-13', 'IO-APIC-0', 'HPET-MSI-0', 'IR-PCI-MSIX-0000:6a:01.0-12', 'IR-PCI-IMS-0000:6a:01.0-15']);
    });

    it('hover on a kind lists the corrected bus tokens and chip callbacks', async () => {
        const { expectHover } = await import('langium/test');
        const hover = expectHover(services.Irq);
        const text = `topology t {
  arch x86_64
  domain V : vector
  domain H : <|>hpet-msi parent V
  domain D : <|>dmar-msi parent V
  domain R : <|>dev-msi parent V
  domain G : <|>wired parent V
  domain A : <|>ioapic parent V
}
topology a {
  arch arm64
  domain GIC : <|>gic-v3
}`;
        const at = (index: number, pattern: RegExp) => hover({ text, index, hover: pattern, disposeAfterCheck: true });
        await at(0, /bus token `ANY`[\s\S]*set_affinity: self `msi_domain_set_affinity`[\s\S]*chip flags SKIP_SET_WAKE AFFINITY_PRE_STARTUP/);
        await at(1, /bus token `ANY`[\s\S]*compose_msi_msg: self `dmar_msi_compose_msg`/);
        await at(2, /bus token `PLATFORM_MSI`[\s\S]*mask: self `platform_msi_mask_irq`/);
        await at(3, /mask: self `wired_irq_mask`/);
        await at(4, /kernel name `IO-APIC-<n>` · bus token `ANY`[\s\S]*startup: self `startup_ioapic_irq`/);
        await at(5, /kernel name `<fwnode name>-1` · bus token `WIRED`/);
    });

    it('a legacy global PCI/MSI domain on the ITS gets the ITS\'s eoi and fasteoi: no R-FLOW-ACK/EOI error', async () => {
        const document = await buildOne(services, `topology a {
  arch arm64
  cpus 2
  kernel 6.8
  domain GIC : gic-v3
  domain ITS : gic-its parent GIC
  domain ITS-MSI : global-pci-msi parent ITS
  device nic0 pci 0000:01:00.0 {
    msi vectors 1
    irq q : ITS-MSI index 0
  }
}`);
        expect(withCode(document, 'R-FLOW-ACK/EOI')).toEqual([]);
        const spec = elaborateDocument(document, services.Irq).specs[0];
        const m = Machine.instantiate(spec);
        const evs = events(m, act('allocate', 'nic0.q'), act('request', 'nic0.q'));
        expect(desc(m, 'nic0.q').flow).toBe('handle_fasteoi_irq');
        expect(ofKind(evs, 'fault')).toEqual([]);
    });
});
