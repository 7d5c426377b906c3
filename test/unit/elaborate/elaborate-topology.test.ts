// Elaboration of T-like topologies from text: every spec field the grammar feeds, and the source
// locations (1-based lines and columns) carried by domains, callbacks, devices, interrupts and steps.
import { describe, expect, it } from 'vitest';
import { elaborateDocument } from '../../../src/elaborate/index.js';
import type { DomainSpec, SystemSpec } from '../../../src/emulator/spec.js';
import { buildOne, createTestServices } from '../helpers/services.js';

/** A T1/T2-shaped machine; line numbers below are asserted, so keep the layout. */
const T2 = `topology t2 {
  arch x86_64
  cpus 8
  kernel 6.17
  cpu 6 apic-id 0x100
  cpu 7 offline
  option msi-move-policy comment
  option event-limit 500
  domain VECTOR : vector {
    vectors 0x20..0xEA
    reserve 0x80, 0x90..0x91
    chip APIC {
      ack: self "apic_ack_edge"
      set_affinity: self
      compose_msi_msg: self "x86_vector_msi_compose_msg"
      mask: none
    }
  }
  domain INTEL-IR-0 : intel-ir parent VECTOR {
    entries 65536
    flags ISOLATED_MSI
    prefix "IR-"
    bus-token DMAR
    accepts PCI_DEVICE_MSI PCI_DEVICE_MSIX PCI_DEVICE_IMS
    ops { alloc: self "intel_irq_remapping_alloc"  activate: none }
    chip INTEL-IR { ack: self  irq_set_affinity: self  set_vcpu_affinity: self }
  }
  device nic0 pci 0000:03:00.0 {
    behind INTEL-IR-0
    msix table 64
    domain NIC-MSIX : pci-msix parent INTEL-IR-0 {
      msi-flags PCI_MSIX
      chip PCI-MSIX { mask: self "pci_irq_mask_msix"  write_msi_msg: self  ack: parent  flags ONESHOT_SAFE SKIP_SET_WAKE }
    }
    irq misc : NIC-MSIX index 0 flow edge affinity cpu 0 threaded
    irq q[8] : NIC-MSIX index 1 affinity managed cpus 0..3, 6 trigger edge
  }
  device ahci pci 0000:00:17.0 {
    behind INTEL-IR-0
    msi vectors 4 maskable
    domain AHCI-MSI : pci-msi parent INTEL-IR-0
    irq port[4] : AHCI-MSI any oneshot flow handle_fasteoi_irq
  }
  device uart platform "serial8250" {
    ims slots 16 storage queue
    domain UART-IMS : ims parent INTEL-IR-0 { slot-alloc domain desc-data icookie }
    irq rx : UART-IMS slot 3 cookie 0x42 nmi
  }
}

scenario move on t2 {
  allocate nic0.q
  request nic0.q[3]
  expect ok
  raise nic0.q[3] times 2
  expect delivered nic0.q[3] to cpu 2 vector 0x22
  expect not delivered nic0.misc
  set-affinity nic0.q[3] cpus 4..5
  expect nic0.q[3] not masked at NIC-MSIX
  expect message nic0.q[3] address 0xFEE00258 address-hi 0 data 0
  expect writes nic0.q[3] 1
  expect nic0.q[3] on cpu 5 vector 0x23
  expect hwirq nic0.q[3] at INTEL-IR-0 0x120000
  cpu 5 offline
  post nic0.q[3] to vcpu 1 vector 0x41
  unpost nic0.q[3]
  free nic0.q
  expect error -ENOSPC
}
`;

function domain(spec: SystemSpec, name: string): DomainSpec {
    const found = spec.domains.find(d => d.name === name);
    expect(found, `domain ${name}`).toBeDefined();
    return found!;
}

describe('elaborating a topology', () => {
    const services = createTestServices();

    async function elaborate(text: string) {
        const document = await buildOne(services, text, 't2.irq');
        return { document, result: elaborateDocument(document, services.Irq) };
    }

    it('lowers the machine-wide fields: arch, kernel, cpus, options', async () => {
        const { result } = await elaborate(T2);
        expect(result.errors).toEqual([]);
        expect(result.specs).toHaveLength(1);
        const spec = result.specs[0];
        expect(spec).toMatchObject({ name: 't2', arch: 'x86_64', kernel: '6.17', cpuCount: 8 });
        expect(spec.cpus?.map(c => ({ index: c.index, apicId: c.apicId, offline: c.offline }))).toEqual([
            { index: 6, apicId: 0x100, offline: undefined },
            { index: 7, apicId: undefined, offline: true }
        ]);
        expect(spec.options).toEqual({ msiMovePolicy: 'comment', eventLimit: 500 });
        expect(spec.loc).toMatchObject({ line: 1, column: 1 });
    });

    it('lowers domains with parents, resources, flags, tokens and device ownership, in declaration order', async () => {
        const { result } = await elaborate(T2);
        const spec = result.specs[0];
        expect(spec.domains.map(d => [d.name, d.kind, d.parent, d.device])).toEqual([
            ['VECTOR', 'vector', undefined, undefined],
            ['INTEL-IR-0', 'intel-ir', 'VECTOR', undefined],
            ['NIC-MSIX', 'pci-msix', 'INTEL-IR-0', 'nic0'],
            ['AHCI-MSI', 'pci-msi', 'INTEL-IR-0', 'ahci'],
            ['UART-IMS', 'ims', 'INTEL-IR-0', 'uart']
        ]);
        expect(domain(spec, 'VECTOR').resources).toEqual({ vectorWindow: { from: 0x20, to: 0xea }, reservedVectors: [{ from: 0x80 }, { from: 0x90, to: 0x91 }] });
        const ir = domain(spec, 'INTEL-IR-0');
        expect(ir).toMatchObject({ flags: ['ISOLATED_MSI'], prefix: 'IR-', busToken: 'DMAR', accepts: ['PCI_DEVICE_MSI', 'PCI_DEVICE_MSIX', 'PCI_DEVICE_IMS'], resources: { entries: 65536 } });
        expect(ir.ops).toMatchObject({ alloc: { mode: 'self', function: 'intel_irq_remapping_alloc' }, activate: { mode: 'none' } });
        expect(domain(spec, 'NIC-MSIX').msiFlags).toEqual(['PCI_MSIX']);
        expect(domain(spec, 'UART-IMS')).toMatchObject({ slotAlloc: 'domain', descData: ['icookie'] });
        expect(domain(spec, 'NIC-MSIX').loc).toMatchObject({ line: 31, column: 5, endLine: 34 });
    });

    it('maps chip callbacks to canonical ops with their modes, functions, named level targets and own lines', async () => {
        const { result } = await elaborate(T2);
        const spec = result.specs[0];
        const apic = domain(spec, 'VECTOR').chip!;
        expect(apic.name).toBe('APIC');
        expect(apic.callbacks).toMatchObject({
            ack: { mode: 'self', function: 'apic_ack_edge', loc: { line: 13, column: 7 } },
            set_affinity: { mode: 'self', loc: { line: 14 } },
            compose: { mode: 'self', function: 'x86_vector_msi_compose_msg', loc: { line: 15 } },
            mask: { mode: 'none', loc: { line: 16 } }
        });
        expect(apic.callbacks?.set_affinity?.function).toBeUndefined();
        const irChip = domain(spec, 'INTEL-IR-0').chip!;
        expect(irChip.callbacks?.set_vcpu_affinity).toMatchObject({ mode: 'self', loc: { line: 26 } });
        expect(irChip.callbacks?.set_affinity).toMatchObject({ mode: 'self' });
        const leaf = domain(spec, 'NIC-MSIX').chip!;
        expect(leaf.flags).toEqual(['ONESHOT_SAFE', 'SKIP_SET_WAKE']);
        expect(leaf.callbacks).toMatchObject({ mask: { mode: 'self', function: 'pci_irq_mask_msix' }, write: { mode: 'self' }, ack: { mode: 'parent' } });
        expect(domain(spec, 'AHCI-MSI').chip).toBeUndefined();
    });

    it('lowers devices with their msi, msix and ims declarations and locations', async () => {
        const { result } = await elaborate(T2);
        const [nic, ahci, uart] = result.specs[0].devices;
        expect(nic).toMatchObject({ name: 'nic0', pci: '0000:03:00.0', behind: 'INTEL-IR-0', msix: { tableSize: 64, loc: { line: 30, column: 5, endLine: 30, endColumn: 18 } } });
        expect(nic.loc).toMatchObject({ line: 28, column: 3 });
        expect(ahci.msi).toMatchObject({ vectors: 4, maskable: true, loc: { line: 40, column: 5, endColumn: 27 } });
        expect(uart).toMatchObject({ name: 'uart', platform: 'serial8250', ims: { slots: 16, storage: 'queue', loc: { line: 45, column: 5, endColumn: 31 } } });
        expect(uart.pci).toBeUndefined();
    });

    it('lowers interrupts with arrays, index kinds, any, trigger, flow, affinity and flags', async () => {
        const { result } = await elaborate(T2);
        const irqs = result.specs[0].interrupts;
        expect(irqs.map(i => i.name)).toEqual(['nic0.misc', 'nic0.q', 'ahci.port', 'uart.rx']);
        expect(irqs[0]).toMatchObject({ device: 'nic0', domain: 'NIC-MSIX', index: 0, indexKind: 'index', flow: 'handle_edge_irq', affinity: [0], threaded: true });
        expect(irqs[1]).toMatchObject({ count: 8, index: 1, managed: true, affinity: [0, 1, 2, 3, 6], trigger: 'edge' });
        expect(irqs[1].threaded).toBeUndefined();
        expect(irqs[2]).toMatchObject({ count: 4, anyIndex: true, oneshot: true, flow: 'handle_fasteoi_irq' });
        expect(irqs[2].index).toBeUndefined();
        expect(irqs[3]).toMatchObject({ indexKind: 'slot', index: 3, cookie: 0x42, nmi: true });
        expect(irqs[1].loc).toMatchObject({ line: 36, column: 5 });
    });

    it('lowers scenario steps and expectations in order, each at its own line', async () => {
        const { result } = await elaborate(T2);
        const [scenario] = result.specs[0].scenarios;
        expect(scenario.name).toBe('move');
        expect(scenario.loc).toMatchObject({ line: 51, column: 1 });
        const steps = scenario.steps;
        expect(steps.map(s => s.loc?.line)).toEqual(Array.from({ length: 17 }, (_, i) => 52 + i));
        expect(steps[0]).toMatchObject({ kind: 'irq', action: 'allocate', target: { irq: 'nic0.q' } });
        expect(steps[0]).not.toHaveProperty('target.element');
        expect(steps[1]).toMatchObject({ kind: 'irq', action: 'request', target: { irq: 'nic0.q', element: 3 } });
        expect(steps[2]).toMatchObject({ kind: 'expect', expect: { kind: 'result', ok: true } });
        expect(steps[3]).toMatchObject({ kind: 'irq', action: 'raise', times: 2 });
        expect(steps[4]).toMatchObject({ expect: { kind: 'delivered', cpu: 2, vector: 0x22 } });
        expect(steps[5]).toMatchObject({ expect: { kind: 'delivered', negated: true, target: { irq: 'nic0.misc' } } });
        expect(steps[6]).toMatchObject({ kind: 'set-affinity', cpus: [4, 5] });
        expect(steps[7]).toMatchObject({ expect: { kind: 'state', state: 'masked', negated: true, level: 'NIC-MSIX' } });
        expect(steps[8]).toMatchObject({ expect: { kind: 'message', address: 0xfee00258, addressHi: 0, data: 0 } });
        expect(steps[9]).toMatchObject({ expect: { kind: 'writes', count: 1 } });
        expect(steps[10]).toMatchObject({ expect: { kind: 'route', cpu: 5, vector: 0x23 } });
        expect(steps[11]).toMatchObject({ expect: { kind: 'hwirq', level: 'INTEL-IR-0', value: 0x120000 } });
        expect(steps[12]).toMatchObject({ kind: 'cpu', cpu: 5, state: 'offline' });
        expect(steps[13]).toMatchObject({ kind: 'post', vcpu: 1, vector: 0x41 });
        expect(steps[14]).toMatchObject({ kind: 'unpost', target: { irq: 'nic0.q', element: 3 } });
        expect(steps[15]).toMatchObject({ kind: 'irq', action: 'free' });
        expect(steps[16]).toMatchObject({ expect: { kind: 'result', errno: '-ENOSPC' } });
        expect(steps[16].loc).toMatchObject({ line: 68, column: 3, endLine: 68, endColumn: 23 });
    });

    it('produces plain JSON data (the spec survives a JSON round trip unchanged)', async () => {
        const { result } = await elaborate(T2);
        expect(JSON.parse(JSON.stringify(result.specs[0]))).toEqual(result.specs[0]);
    });

    it('carries the document URI in every location', async () => {
        const { document, result } = await elaborate(T2);
        const uri = document.uri.toString();
        const spec = result.specs[0];
        for (const loc of [spec.loc, spec.domains[0].loc, spec.devices[0].loc, spec.interrupts[0].loc, spec.scenarios[0].steps[0].loc]) {
            expect(loc?.uri).toBe(uri);
        }
    });
});
