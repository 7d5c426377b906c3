// Focused checks of the layering diagnostics: messages with the concrete numbers, precise ranges, related
// information, data for the quick fixes, version gating, severities, callback spellings and imported files.
import { describe, expect, it } from 'vitest';
import { buildFiles, buildOne, createTestServices } from '../helpers/services.js';
import { fixture, withCode } from './fixtures.js';

const x86 = (body: string, kernel = '6.17') => `topology xeon {
  arch x86_64
  cpus 4
  kernel ${kernel}
  domain VECTOR : vector
  domain IR-0 : intel-ir parent VECTOR
${body}
}`;

describe('layering diagnostics in detail', () => {
    const services = createTestServices();

    it('R-VECTORS names the device, the CPU and the free vectors of the window', async () => {
        const document = await buildOne(services, fixture('R-VECTORS', 'bad'));
        const [diagnostic] = withCode(document, 'R-VECTORS');
        expect(diagnostic.message).toContain('device nic0 asks for 300 vectors on CPU 2, but VECTOR has 202 free in 0x20–0xEA (0x80 reserved)');
        expect(diagnostic.severity).toBe(1);
        expect(diagnostic.relatedInformation?.[0].message).toBe('VECTOR: device vectors 0x20–0xEA (0x80 reserved)');
    });

    it('R-VECTORS: a non-managed interrupt over one CPU only warns (it falls back), a total overflow is an error', async () => {
        const nic = (affinity: string, count: number) => x86(`  device nic0 pci 0000:03:00.0 {
    msix table 2048
    domain NIC0-MSIX : pci-msix parent IR-0
    irq q[${count}] : NIC0-MSIX index 0 ${affinity}
  }`);
        const pinned = await buildOne(services, nic('affinity cpu 1', 250));
        expect(withCode(pinned, 'R-VECTORS').map(d => d.severity)).toEqual([2]);
        expect(withCode(pinned, 'R-VECTORS')[0].message).toContain('Affinity broken');
        const total = await buildOne(services, nic('', 900));
        const [error] = withCode(total, 'R-VECTORS');
        expect(error.severity).toBe(1);
        expect(error.message).toContain('needs 900 vectors on VECTOR (nic0 900), but 4 online CPUs × 202 free');
    });

    it('the vector window follows the kernel version: FIRST_SYSTEM_VECTOR is 0xEC before v6.10', async () => {
        const text = (kernel: string) => fixture('R-VECTORS', 'bad').replace('  kernel 6.17\n', `  kernel ${kernel}\n`);
        const old = await buildOne(services, text('6.9'));
        expect(withCode(old, 'R-VECTORS')[0].message).toContain('VECTOR has 203 free in 0x20–0xEB');
        const recent = await buildOne(services, text('6.10'));
        expect(withCode(recent, 'R-VECTORS')[0].message).toContain('VECTOR has 202 free in 0x20–0xEA');
    });

    it('option first-system-vector moves the end of the default window', async () => {
        const text = fixture('R-VECTORS', 'bad').replace('  kernel 6.17\n', '  kernel 6.17\n  option first-system-vector 0xEC\n');
        expect(withCode(await buildOne(services, text), 'R-VECTORS')[0].message).toContain('VECTOR has 203 free in 0x20–0xEB');
    });

    it('R-PARENT-ONE marks the extra parent, not the whole domain, and relates it to the first', async () => {
        const document = await buildOne(services, fixture('R-PARENT-ONE', 'bad'));
        const [diagnostic] = withCode(document, 'R-PARENT-ONE');
        expect(document.textDocument.getText(diagnostic.range)).toBe('VECTOR');
        const related = diagnostic.relatedInformation![0];
        expect(related.location.uri).toBe(document.uri.toString());
        expect(document.textDocument.getText(related.location.range)).toBe('IR-0');
        expect(diagnostic.data).toMatchObject({ code: 'R-PARENT-ONE', keep: 'IR-0' });
    });

    it('R-IMS-SIBLING points at the parent reference and relates to the MSI-X sibling, with the new parent as data', async () => {
        const document = await buildOne(services, fixture('R-IMS-SIBLING', 'bad'));
        const [diagnostic] = withCode(document, 'R-IMS-SIBLING');
        expect(document.textDocument.getText(diagnostic.range)).toBe('DSA0-MSIX');
        expect(diagnostic.message).toContain('DSA0-IMS (ims) is parented on DSA0-MSIX, the pci-msix domain of the same device dsa0');
        const related = diagnostic.relatedInformation![0];
        expect(document.textDocument.getText(related.location.range)).toBe('DSA0-MSIX');
        expect(related.location.range.start.line).toBeLessThan(diagnostic.range.start.line);
        expect(diagnostic.data).toMatchObject({ newParent: 'IR-0' });
    });

    it('R-DELEGATE-PARENT-ONLY marks the named target and explains the relation', async () => {
        const document = await buildOne(services, fixture('R-DELEGATE-PARENT-ONLY', 'bad'));
        const [diagnostic] = withCode(document, 'R-DELEGATE-PARENT-ONLY');
        expect(document.textDocument.getText(diagnostic.range)).toBe('VECTOR');
        expect(diagnostic.message).toContain('an ancestor 2 levels up, not its immediate parent IR-0');
    });

    it('R-NO-PLATFORM-MSI is a warning up to v6.9 and an error after it', async () => {
        const text = (kernel: string) => fixture('R-NO-PLATFORM-MSI', 'bad').replace('  kernel 6.17\n', `  kernel ${kernel}\n`);
        expect(withCode(await buildOne(services, text('6.9')), 'R-NO-PLATFORM-MSI').map(d => d.severity)).toEqual([2]);
        expect(withCode(await buildOne(services, text('6.10')), 'R-NO-PLATFORM-MSI').map(d => d.severity)).toEqual([1]);
        const noKernel = fixture('R-NO-PLATFORM-MSI', 'bad').replace('  kernel 6.17\n', '');
        expect(withCode(await buildOne(services, noKernel), 'R-NO-PLATFORM-MSI')[0].message).toContain('kernel 6.17');
    });

    it('R-IMS-VERSION honours the v6.2-v6.9 window', async () => {
        const ims = async (kernel: string) => withCode(await buildOne(services, fixture('R-IMS-VERSION', 'good').replace('  kernel 6.5\n', `  kernel ${kernel}\n`)), 'R-IMS-VERSION').length;
        expect([await ims('6.1'), await ims('6.2'), await ims('6.9'), await ims('6.10')]).toEqual([1, 0, 0, 1]);
    });

    it('R-DEV-SLOTS: MSI-X plus IMS fits v6.5 (two slots); two device domains in one slot do not', async () => {
        const device = (second: string) => x86(`  device dsa0 pci 0000:6a:01.0 {
    msix table 9
    domain DSA0-MSIX : pci-msix parent IR-0
    domain DSA0-X : ${second} parent IR-0
  }`, '6.5');
        expect(withCode(await buildOne(services, device('ims')), 'R-DEV-SLOTS')).toEqual([]);
        const clash = withCode(await buildOne(services, device('pci-msix')), 'R-DEV-SLOTS');
        expect(clash[0].message).toContain('MSI_MAX_DEVICE_IRQDOMAINS = 2 in kernel 6.5');
    });

    it('R-LEAF-WRITE warns (not errors) about a leaf that composes', async () => {
        const document = await buildOne(services, x86(`  device nic0 pci 0000:03:00.0 {
    msix table 16
    domain NIC0-MSIX : pci-msix parent IR-0 { chip PCI-MSIX { compose_msi_msg: self } }
  }`));
        const [diagnostic] = withCode(document, 'R-LEAF-WRITE');
        expect(diagnostic.severity).toBe(2);
        expect(diagnostic.message).toContain('the level that owns the target (IR-0)');
        expect(diagnostic.data).toMatchObject({ op: 'compose_msi_msg', mode: 'none' });
    });

    it('R-DELEGATE-EXISTS: a missing set_affinity at the parent is a warning (-ENOSYS)', async () => {
        const document = await buildOne(services, x86(`  domain GPIO : custom parent VECTOR
  domain SUB : wired parent GPIO { chip SUB { set_affinity: parent } }`));
        const [diagnostic] = withCode(document, 'R-DELEGATE-EXISTS');
        expect(diagnostic.severity).toBe(2);
        expect(diagnostic.message).toContain('returns -ENOSYS');
    });

    it('R-LEAF-NO-AFFINITY is a warning for PCI/MSI-X and an error for IMS', async () => {
        const document = await buildOne(services, x86(`  device nic0 pci 0000:03:00.0 {
    msix table 16
    domain NIC0-MSIX : pci-msix parent IR-0 { chip PCI-MSIX { set_affinity: self } }
  }`));
        expect(withCode(document, 'R-LEAF-NO-AFFINITY').map(d => d.severity)).toEqual([2]);
        const ims = await buildOne(services, fixture('R-LEAF-NO-AFFINITY', 'bad'));
        expect(withCode(ims, 'R-LEAF-NO-AFFINITY').map(d => d.severity)).toEqual([1]);
    });

    it('R-LEAF-NO-AFFINITY accepts the helpers the core installs (msi_set_affinity, msi_domain_set_affinity)', async () => {
        const document = await buildOne(services, x86(`  device nic0 pci 0000:03:00.0 {
    msix table 16
    domain NIC0-MSIX : pci-msix parent VECTOR { chip PCI-MSIX { set_affinity: self "msi_set_affinity" } }
  }`));
        expect(withCode(document, 'R-LEAF-NO-AFFINITY')).toEqual([]);
    });

    it('accepts both irq_mask and mask spellings (and prefixed flag names)', async () => {
        const document = await buildOne(services, x86(`  device nic0 pci 0000:03:00.0 {
    msix table 16
    domain NIC0-MSIX : pci-msix parent IR-0 {
      msi-flags MSI_FLAG_PCI_MSI_MASK_PARENT
      chip PCI-MSIX { irq_mask: none  flags IRQCHIP_ONESHOT_SAFE }
    }
  }`));
        expect(withCode(document, 'R-LEAF-MASK')[0].data).toMatchObject({ op: 'mask' });
        expect(withCode(document, 'R-MASK-PARENT')).toHaveLength(1);
        expect(withCode(document, 'irq-unknown-callback')).toEqual([]);
        expect(withCode(document, 'irq-unknown-flag')).toEqual([]);
    });

    it('warns about kernel names it does not know', async () => {
        const document = await buildOne(services, x86(`  domain X : custom parent VECTOR {
    flags MSI_PARNET
    bus-token PCI_MSIX
    chip X { flags ONESHOT  frobnicate: self }
  }`));
        expect(withCode(document, 'irq-unknown-flag').map(d => document.textDocument.getText(d.range))).toEqual(['MSI_PARNET', 'ONESHOT']);
        expect(withCode(document, 'irq-unknown-bus-token')).toHaveLength(1);
        expect(withCode(document, 'irq-unknown-callback')).toHaveLength(1);
    });

    it('R-NMI-ROOT warns about an interrupt requested as NMI that is not directly on a root chip with SUPPORTS_NMI', async () => {
        const topology = (nmiFlag: string, domain: string) => `topology arm { arch arm64 cpus 4
  domain GIC : gic-v3 { chip GICv3 { flags ${nmiFlag} } }
  domain ITS : gic-its parent GIC
  device pmu platform "arm-pmu" {
    domain PMU-MSI : device-msi parent ITS
    irq overflow : ${domain} index 23 nmi
  }
}`;
        expect(withCode(await buildOne(services, topology('SUPPORTS_NMI', 'GIC')), 'R-NMI-ROOT')).toEqual([]);
        const onLeaf = withCode(await buildOne(services, topology('SUPPORTS_NMI', 'PMU-MSI')), 'R-NMI-ROOT');
        expect(onLeaf[0].message).toContain('has a parent (ITS)');
        expect(onLeaf[0].severity).toBe(2);
        const unsupported = withCode(await buildOne(services, topology('MASK_ON_SUSPEND', 'GIC')), 'R-NMI-ROOT');
        expect(unsupported[0].message).toContain('does not have SUPPORTS_NMI');
    });

    it('R-ROOT-CPU names what is missing for a non-chained root and offers no chain target when there are several roots', async () => {
        const document = await buildOne(services, `topology t { arch x86_64 cpus 1
  domain VECTOR : vector
  domain GIC : gic-v3
  domain FLOAT : wired
}`);
        const [diagnostic] = withCode(document, 'R-ROOT-CPU');
        expect(diagnostic.message).toContain('FLOAT (wired) has no parent, but only a CPU-level controller');
        expect(diagnostic.data).toEqual({ code: 'R-ROOT-CPU' });
    });

    it('R-IR-UNIT also flags a device behind something that is not a remapping unit', async () => {
        const document = await buildOne(services, x86(`  device nic0 pci 0000:03:00.0 {
    behind VECTOR
    msix table 16
    domain NIC0-MSIX : pci-msix parent IR-0
  }`));
        const [diagnostic] = withCode(document, 'R-IR-UNIT');
        expect(document.textDocument.getText(diagnostic.range)).toBe('VECTOR');
        expect(diagnostic.message).toContain('not an interrupt-remapping unit');
    });

    it('R-LPI/ITT reports the rounding waste of an ITT as info, and EventIDs outside the ITT as errors', async () => {
        const document = await buildOne(services, `topology arm { arch arm64 cpus 4
  domain GIC : gic-v3
  domain ITS : gic-its parent GIC
  device nic0 pci 0000:01:00.0 {
    msix table 12
    domain NIC0-MSIX : pci-msix parent ITS
    irq q[4] : NIC0-MSIX event 14
  }
}`);
        const diagnostics = withCode(document, 'R-LPI/ITT');
        expect(diagnostics.map(d => d.severity).sort()).toEqual([1, 3]);
        expect(diagnostics.find(d => d.severity === 3)!.message).toContain('ITT of 16 entries (and 16 LPIs) for NIC0-MSIX\'s 12 entries');
        expect(diagnostics.find(d => d.severity === 1)!.message).toContain('EventID 17');
    });

    it('callbacks named like members of a JavaScript object get the unknown-callback diagnostic and nothing else', async () => {
        const document = await buildOne(services, x86(`  domain IO : ioapic parent IR-0 {
    chip IOC { toString: parent  __proto__: parent  constructor: self  hasOwnProperty: parent  mask: self }
  }`));
        const messages = (document.diagnostics ?? []).map(d => typeof d.message === 'string' ? d.message : d.message.value);
        expect(messages.filter(m => m.startsWith('Unknown callback')).map(m => m.split("'")[1])).toEqual(['toString', '__proto__', 'constructor', 'hasOwnProperty']);
        expect(messages.filter(m => !m.startsWith('Unknown callback'))).toEqual([]);
    });
});

describe('layering rules across imported files', () => {
    const platform = `topology xeon {
  arch x86_64
  cpus 2
  domain VECTOR : vector
  domain IR-0 : intel-ir parent VECTOR
  device nvme0 pci 0000:01:00.0 {
    msix table 256
    domain NVME0-MSIX : pci-msix parent IR-0
    irq q[150] : NVME0-MSIX index 0 affinity managed cpu 0
  }
}`;

    it('sums vectors over the platform and the extension, and reports only in the file that overflows', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'platform.irq': platform,
            'nic.irq': `import "platform.irq"
extend xeon {
  device nic0 pci 0000:03:00.0 {
    msix table 128
    domain NIC0-MSIX : pci-msix parent IR-0
    irq q[100] : NIC0-MSIX index 0 affinity managed cpu 0
  }
}`
        });
        expect(docs['platform.irq'].diagnostics).toEqual([]);
        const [diagnostic] = withCode(docs['nic.irq'], 'R-VECTORS');
        expect(diagnostic.message).toContain('CPU 0 is asked for 250 vectors (nvme0 150 and nic0 100)');
        expect(diagnostic.relatedInformation![0].location.uri).toContain('platform.irq');
    });

    it('checks a device file against the imported platform and relates to it', async () => {
        const services = createTestServices();
        const docs = await buildFiles(services, {
            'platform.irq': platform,
            'dsa.irq': `import "platform.irq"
extend xeon {
  device dsa0 pci 0000:6a:01.0 {
    msix table 9
    domain DSA0-MSIX : pci-msix parent IR-0
    domain DSA0-IMS : ims parent DSA0-MSIX
  }
}`
        });
        expect(withCode(docs['dsa.irq'], 'R-IMS-SIBLING')).toHaveLength(1);
        const [version] = withCode(docs['dsa.irq'], 'R-IMS-VERSION');
        expect(version.message).toContain('kernel 6.17');
    });

    it('R-FLOW-ACK/EOI: a wired level under a GICv3 keeps the GIC\'s handle_fasteoi_irq (eoi at the GIC), edge or level', async () => {
        const services = createTestServices();
        const gpio = (irq: string, body = '') => `topology a {
  arch arm64
  cpus 2
  kernel 6.17
  domain GIC : gic-v3
  domain GPIO : wired parent GIC${body}
  device keys platform "gpio-keys" {
    irq ${irq}
  }
}`;
        for (const trigger of ['level-high', 'edge-rising']) {
            const document = await buildOne(services, gpio(`press : GPIO pin 3 trigger ${trigger}`));
            expect(document.diagnostics?.filter(d => d.severity === 1).map(d => d.message), trigger).toEqual([]);
            expect(withCode(document, 'R-FLOW-ACK/EOI'), trigger).toEqual([]);
        }
        // The GIC installs handle_fasteoi_irq for everything below it: a flow asked for on the interrupt does not win.
        const asked = await buildOne(services, gpio('press : GPIO pin 3 flow edge'));
        expect(withCode(asked, 'R-FLOW-ACK/EOI')).toEqual([]);
        const [one] = withCode(asked, 'R-ONE-FLOW-HANDLER');
        expect(one.data).toMatchObject({ flow: 'handle_fasteoi_irq' });
        expect(one.message).toContain("GPIO installs handle_fasteoi_irq (GIC's alloc, for every level below it)");
        // A wired level that does not delegate eoi still fails, now for the handler the GIC really installs.
        const noEoi = await buildOne(services, gpio('press : GPIO pin 3 trigger level-high', ' { chip GPIO { eoi: none } }'));
        const [diagnostic] = withCode(noEoi, 'R-FLOW-ACK/EOI');
        expect(diagnostic.message).toContain('handled by handle_fasteoi_irq, which calls irq_eoi');
    });
});
