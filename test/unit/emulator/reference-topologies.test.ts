// The reference topologies T1-T8 (kernel-irq.md §4): each delivery scenario passes and its delivery trace
// matches the §4 table hop by hop (level, kernel function), with the §4 names, hwirqs and messages.

import { describe, expect, it } from 'vitest';
import { Machine, REFERENCE_TOPOLOGIES, runScenario, t1NoIr, t2IntelIr, t3Ims, t4GicIts, t5Aia, t6Posted, t7DmarMsi, t8MultiIommu } from '../../../src/emulator/index.js';
import { act, boot, desc, events, hops, inst, ofKind, run } from './support.js';

function deliveryHops(spec: ReturnType<typeof t1NoIr>): { m: Machine; trace: string[] } {
    const m = boot(spec);
    const steps = spec.scenarios[0].steps;
    const lastRaise = steps.map((s) => s.kind === 'irq' && s.action === 'raise').lastIndexOf(true);
    run(m, ...steps.slice(0, lastRaise));
    const trace = hops(m.execute(steps[lastRaise]).events);
    return { m, trace };
}

describe('reference topologies (kernel-irq.md §4)', () => {
    it.each(Object.keys(REFERENCE_TOPOLOGIES))('%s delivery scenario passes', (id) => {
        const spec = REFERENCE_TOPOLOGIES[id]();
        const res = runScenario(Machine.instantiate(spec), spec.scenarios[0]);
        expect(res.failures).toEqual([]);
        expect(res.expectations.length).toBeGreaterThan(0);
        expect(res.passed).toBe(true);
    });

    it('T1: no IR - domain names, per-level hwirqs, compat message and the 7-step edge trace', () => {
        const { m, trace } = deliveryHops(t1NoIr());
        expect(m.topo.domains.map((d) => d.kernelName)).toEqual(['VECTOR', 'PCI-MSIX-0000:03:00.0-12']);
        const d = desc(m, 'nic0.q', 2);
        expect(d.irq).toBe(43);
        expect(d.levels.map((l) => l.hwirq)).toEqual([3, 43]);
        expect(d.flow).toBe('handle_edge_irq');
        expect(m.message(inst(m, 'nic0.q', 2))).toEqual({ addressLo: 0xfee02000, addressHi: 0, data: 0x22 });
        expect(trace).toEqual([
            'raise:0:device',
            'deliver:-:LAPIC accept',
            'deliver:-:common_interrupt',
            'deliver:0:handle_edge_irq',
            'ack:0:irq_chip_ack_parent',
            'ack:1:apic_ack_edge',
            'handle:0:handle_irq_event'
        ]);
    });

    it('T2: Intel IR - remappable message with the IRTE handle, IR hop, ack stops at INTEL-IR', () => {
        const spec = t2IntelIr();
        const { m, trace } = deliveryHops(spec);
        expect(m.topo.domains.map((d) => d.kernelName)).toEqual(['VECTOR', 'INTEL-IR-0-13', 'DMAR-MSI', 'IR-PCI-MSIX-0000:03:00.0-12', 'IR-PCI-MSI-0000:00:17.0-11']);
        const d = desc(m, 'nic0.q', 2);
        const ir = d.levels[1].c;
        expect(ir.t).toBe('ir');
        if (ir.t !== 'ir') return;
        expect(d.levels[1].hwirq).toBe((ir.index << 16) | ir.sub);
        expect(d.levels[2].hwirq).toBe(d.irq);
        const msg = m.message(inst(m, 'nic0.q', 2))!;
        expect(msg).toEqual({ addressLo: (0xfee00000 | (ir.index << 5) | 0x18) >>> 0, addressHi: 0, data: 0 });
        expect(trace).toEqual([
            'raise:0:device',
            'deliver:1:IOMMU IR',
            'deliver:-:LAPIC accept',
            'deliver:-:common_interrupt',
            'deliver:0:handle_edge_irq',
            'ack:0:irq_chip_ack_parent',
            'ack:1:apic_ack_irq',
            'handle:0:handle_irq_event'
        ]);
        const irte = (m.state.domains[1].res as { irte: Map<number, { vector: number; dest: number; sid: number }> }).irte.get(ir.index)!;
        expect(irte.vector).toBe(0x22);
        expect(irte.dest).toBe(2);
        expect(irte.sid).toBe(0x0300);
    });

    it('T3: IMS sibling of MSI-X under IR, slot record, PASID in ctrl, activation at request (no ACTIVATE_EARLY)', () => {
        const { m, trace } = deliveryHops(t3Ims(true));
        expect(m.topo.domains.map((d) => d.kernelName)).toEqual(['VECTOR', 'INTEL-IR-0-13', 'IR-PCI-MSIX-0000:6a:01.0-12', 'IR-PCI-IDXD-0000:6a:01.0-15']);
        expect(m.topo.domains[3].parent).toBe(1);
        const d = desc(m, 'dsa0.wq');
        const slot = m.state.devices[0].ims[d.levels[0].hwirq];
        expect(slot.ctrl).toBe((0x42 << 12) | 8);
        expect(trace).toEqual([
            'raise:0:device', 'deliver:1:IOMMU IR', 'deliver:-:LAPIC accept', 'deliver:-:common_interrupt',
            'deliver:0:handle_edge_irq', 'ack:0:irq_chip_ack_parent', 'ack:1:apic_ack_irq', 'handle:0:handle_irq_event'
        ]);
        const noIr = boot(t3Ims(false));
        expect(noIr.topo.domains.map((x) => x.kernelName)).toEqual(['VECTOR', 'PCI-MSIX-0000:6a:01.0-12', 'PCI-IDXD-0000:6a:01.0-15']);
    });

    it('T4: GICv3 + ITS - ITT sized from hwsize, EventID 3 -> LPI 8195, doorbell message, EOI after the handler down to the GIC', () => {
        const { m, trace } = deliveryHops(t4GicIts());
        expect(m.topo.domains[2].kernelName).toBe('ITS-PCI-MSIX-0000:01:00.0-12');
        const d = desc(m, 'nic0.q', 3);
        expect(d.irq).toBe(30);
        expect(d.levels.map((l) => l.hwirq)).toEqual([3, 8195, 8195]);
        const its = m.state.domains[1].res;
        expect(its.t).toBe('its');
        if (its.t !== 'its') return;
        const dev = its.devices.get(0x100)!;
        expect(dev.nvecs).toBe(16);
        expect(dev.lpiBase).toBe(8192);
        expect(m.message(inst(m, 'nic0.q', 3))).toEqual({ addressLo: 0x08090040, addressHi: 0, data: 3 });
        expect(trace).toEqual([
            'raise:0:device',
            'deliver:1:ITS translation',
            'deliver:-:gic_handle_irq',
            'deliver:2:generic_handle_domain_irq',
            'deliver:0:handle_fasteoi_irq',
            'handle:0:handle_irq_event',
            'eoi:0:irq_chip_eoi_parent',
            'eoi:1:irq_chip_eoi_parent',
            'eoi:2:gic_eoi_irq'
        ]);
    });

    it('T5: RISC-V AIA - APLIC TARGET, IMSIC file, chained INTC cause 9, TOPEI claim, fasteoi with APLIC EOI', () => {
        const { m, trace } = deliveryHops(t5Aia());
        expect(m.topo.domains[2].kernelName).toBe('APLIC-MSI-d000000.aplic-16');
        expect(m.topo.domains[3].kernelName).toBe('PCI-MSIX-0000:00:02.0-12');
        const d = desc(m, 'uart0.rx');
        expect(d.irq).toBe(12);
        const c = d.levels[1].c;
        expect(c.t === 'imsic' && c.cpu).toBe(2);
        const id = c.t === 'imsic' ? c.id : -1;
        expect(id).toBeGreaterThan(1);
        expect(m.message(inst(m, 'uart0.rx'))).toEqual({ addressLo: 0x28002000, addressHi: 0, data: id });
        expect(trace).toEqual([
            'raise:0:device',
            'deliver:0:APLIC MSI forward',
            'deliver:1:IMSIC',
            'deliver:0:imsic_handle_irq',
            'deliver:1:csr_swap(TOPEI)',
            'deliver:0:handle_fasteoi_irq',
            'handle:0:handle_irq_event',
            'eoi:0:aplic_msi_irq_eoi',
            'deliver:-:chained_irq_exit'
        ]);
    });

    it('T6: posted delivery sets the PIR bit; no host flow handler runs', () => {
        const { m, trace } = deliveryHops(t6Posted());
        expect(trace).toEqual(['raise:0:device', 'post:1:IOMMU posted interrupt']);
        expect(desc(m, 'dsa0.vdev').handled).toBe(0);
        expect(m.state.instances[inst(m, 'dsa0.vdev')].postedCount).toBe(1);
    });

    it('T7: DMAR-MSI is parented on VECTOR, composes itself with the x2APIC ID bits 8-31 in address_hi', () => {
        const { m, trace } = deliveryHops(t7DmarMsi());
        expect(m.topo.domains[2].parent).toBe(0);
        expect(m.message(inst(m, 'dmar0.fault'))!.addressHi).toBe(0x1200);
        expect(m.message(inst(m, 'dmar0.fault'))!.addressLo).toBe(0xfee34000);
        expect(trace).toEqual([
            'raise:0:device', 'deliver:-:LAPIC accept', 'deliver:-:common_interrupt', 'deliver:0:handle_edge_irq',
            'ack:0:irq_chip_ack_parent', 'ack:1:apic_ack_edge', 'handle:0:handle_irq_event'
        ]);
    });

    it('T8: two IR units with separate IRTE tables sharing one vector space; one IMS domain per device', () => {
        const spec = t8MultiIommu();
        const m = boot(spec);
        const res = runScenario(m, spec.scenarios[0]);
        expect(res.passed).toBe(true);
        const ir0 = m.state.domains[m.topo.domainByName.get('INTEL-IR-0')!].res;
        const ir1 = m.state.domains[m.topo.domainByName.get('INTEL-IR-1')!].res;
        expect(ir0.t === 'ir' && ir0.irte.size).toBe(5); // 4 nvme + 1 deva
        expect(ir1.t === 'ir' && ir1.irte.size).toBe(5); // 4 nic1 + 1 devc
        const irHop = ofKind(res.results.flatMap((r) => r.events), 'deliver').filter((e) => e.hop === 'irte').map((e) => e.domain);
        expect(irHop).toEqual(['INTEL-IR-1-13', 'INTEL-IR-1-13']);
        const vectors = [desc(m, 'nvme0.q', 1), desc(m, 'nic1.q', 1)].map((d) => { const c = d.levels[d.levels.length - 1].c; return c.t === 'vector' ? `${c.cpu}/${c.vector}` : ''; });
        expect(new Set(vectors).size).toBe(2);
        expect(m.topo.domains.filter((d) => d.kind === 'ims').map((d) => d.kernelName)).toEqual([
            'IR-PCI-IMS-0000:6a:01.0-15', 'IR-PCI-IMS-0000:6b:01.0-15', 'IR-PCI-IMS-0000:e7:01.0-15'
        ]);
    });

    it('T8: IO-APIC pins take the IR-composed message; a level pin fires again after EOI while still asserted only', () => {
        const m = boot(t8MultiIommu());
        run(m, act('allocate', 'acpi.sci'), act('request', 'acpi.sci'));
        const d = desc(m, 'acpi.sci');
        expect(d.flow).toBe('handle_fasteoi_irq');
        expect(m.message(inst(m, 'acpi.sci'))!.addressLo & 0x10).toBe(0x10);
        const evs = events(m, act('raise', 'acpi.sci'));
        expect(ofKind(evs, 'handle')).toHaveLength(1);
        expect(hops(evs, ['eoi'])).toEqual(['eoi:0:ioapic_ack_level']);
    });
});
