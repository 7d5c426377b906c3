// Hardware-path checks beyond the reference traces: IR source-id validation and blocked compatibility
// messages, AMD IR message format, ITS translation faults, wired GIC SPIs, IO-APIC edge loss and the
// x2APIC limit without IR.

import { describe, expect, it } from 'vitest';
import { t2IntelIr, t4GicIts, type SystemSpec } from '../../../src/emulator/index.js';
import { act, boot, desc, events, hops, inst, ofKind, run } from './support.js';

describe('platform delivery paths', () => {
    it('IR validates the requester id against the IRTE SID (R-ISOLATION) and blocks compatibility-format MSIs (R-IR-UNIT)', () => {
        const m = boot(t2IntelIr());
        run(m, act('allocate', 'nic0.q', 2), act('request', 'nic0.q', 2));
        const msg = m.message(inst(m, 'nic0.q', 2))!;
        const forged = events(m, { kind: 'inject', addressLo: msg.addressLo, data: msg.data, requester: 0x0500 });
        expect(ofKind(forged, 'fault')[0].reason).toMatch(/source-id 0x500 does not match/);
        expect(ofKind(forged, 'handle')).toHaveLength(0);
        const own = events(m, { kind: 'inject', addressLo: msg.addressLo, data: msg.data, requester: 0x0300 });
        expect(ofKind(own, 'handle')).toHaveLength(1);
        // A device behind IR writing a compatibility-format message is blocked.
        const d = desc(m, 'nic0.q', 2);
        m.state.devices[0].msix[d.levels[0].hwirq].addressLo = 0xfee02000;
        m.state.devices[0].msix[d.levels[0].hwirq].data = 0x22;
        const compat = events(m, act('raise', 'nic0.q', 2));
        expect(ofKind(compat, 'fault')[0].reason).toMatch(/R-IR-UNIT/);
    });

    it('AMD IR composes data = IRTE index and delivers through its table', () => {
        const spec = t2IntelIr();
        spec.domains[1] = { name: 'AMD-IR-0', kind: 'amd-ir', parent: 'VECTOR' };
        spec.domains[3] = { ...spec.domains[3], parent: 'AMD-IR-0' };
        spec.domains[4] = { ...spec.domains[4], parent: 'AMD-IR-0' };
        spec.devices[0].behind = 'AMD-IR-0';
        spec.devices[1].behind = 'AMD-IR-0';
        const m = boot(spec);
        expect(m.topo.domains[1].kernelName).toBe('AMD-IR-0-14');
        run(m, act('allocate', 'nic0.q', 0), act('allocate', 'nic0.q', 1), act('request', 'nic0.q', 1));
        const d = desc(m, 'nic0.q', 1);
        expect(m.message(inst(m, 'nic0.q', 1))).toEqual({ addressLo: 0xfee00000, addressHi: 0, data: d.levels[1].hwirq });
        const evs = events(m, act('raise', 'nic0.q', 1));
        expect(hops(evs, ['ack', 'handle'])).toEqual(['ack:0:irq_chip_ack_parent', 'ack:1:apic_ack_irq', 'handle:0:handle_irq_event']);
    });

    it('ITS: a write with an unmapped EventID is a translation error, not a delivery', () => {
        const m = boot(t4GicIts());
        run(m, act('allocate', 'nic0.q', 0), act('request', 'nic0.q', 0));
        const r = events(m, { kind: 'inject', addressLo: 0x08090040, data: 9, device: 'nic0' });
        expect(ofKind(r, 'fault')[0].reason).toMatch(/EventID 9 .* not mapped/);
        const unknownDev = events(m, { kind: 'inject', addressLo: 0x08090040, data: 0, requester: 0x999 });
        expect(ofKind(unknownDev, 'fault')[0].reason).toMatch(/DeviceID 0x999 not mapped/);
    });

    it('a wired line under a GICv3 is an SPI (INTID 32 + pin) delivered through the root reverse map with fasteoi', () => {
        const spec: SystemSpec = {
            name: 'spi', arch: 'arm64', cpuCount: 4,
            domains: [{ name: 'GIC', kind: 'gic-v3' }, { name: 'gpio', kind: 'wired', parent: 'GIC' }],
            devices: [], interrupts: [{ name: 'uart.rx', domain: 'gpio', index: 1, indexKind: 'pin', trigger: 'level-high', affinity: [3] }], scenarios: []
        };
        const m = boot(spec);
        run(m, act('allocate', 'uart.rx'), act('request', 'uart.rx'));
        expect(desc(m, 'uart.rx').levels.map((l) => l.hwirq)).toEqual([1, 33]);
        const evs = events(m, act('raise', 'uart.rx'));
        expect(hops(evs, ['deliver', 'handle', 'eoi'])).toEqual([
            'deliver:-:gic_handle_irq', 'deliver:1:generic_handle_domain_irq', 'deliver:0:handle_fasteoi_irq',
            'handle:0:handle_irq_event', 'eoi:0:irq_chip_eoi_parent', 'eoi:1:gic_eoi_irq'
        ]);
        expect(ofKind(evs, 'handle')[0].cpu).toBe(3);
    });

    it('without IR an APIC ID above 255 cannot be targeted by a compatibility-format MSI (R-IR-APICID)', () => {
        const spec: SystemSpec = {
            name: 'x2apic', arch: 'x86_64', cpuCount: 2, cpus: [{ index: 1, apicId: 300 }],
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'msix', kind: 'pci-msix', parent: 'VECTOR', device: 'd' }],
            devices: [{ name: 'd', pci: '0000:04:00.0', msix: { tableSize: 4 } }],
            interrupts: [{ name: 'd.q', device: 'd', domain: 'msix', index: 0, affinity: [1] }], scenarios: []
        };
        const m = boot(spec);
        const r = run(m, act('allocate', 'd.q'), act('request', 'd.q'));
        expect(r.flatMap((x) => ofKind(x.events, 'fault')).map((f) => f.reason).join()).toMatch(/R-IR-APICID/);
    });

    it('IO-APIC: an edge on a masked RTE is lost, a level line stays asserted and fires on unmask', () => {
        const spec: SystemSpec = {
            name: 'ioapic', arch: 'x86_64', cpuCount: 2,
            domains: [{ name: 'VECTOR', kind: 'vector' }, { name: 'IO-APIC-0', kind: 'ioapic', parent: 'VECTOR' }],
            devices: [],
            interrupts: [
                { name: 'kbd.irq', domain: 'IO-APIC-0', index: 1, trigger: 'edge' },
                { name: 'sci.irq', domain: 'IO-APIC-0', index: 9, trigger: 'level' }
            ],
            scenarios: []
        };
        const m = boot(spec);
        // mp_irqdomain_create() sets no bus token: the real q35 6.12 dump names it IO-APIC-0 (no "-1").
        expect(m.topo.domains[1].kernelName).toBe('IO-APIC-0');
        run(m, act('allocate', 'kbd.irq'), act('request', 'kbd.irq'), act('mask', 'kbd.irq'));
        const lost = events(m, act('raise', 'kbd.irq'));
        expect(ofKind(lost, 'deliver').map((e) => e.hop)).toEqual(['lost']);
        expect(ofKind(events(m, act('unmask', 'kbd.irq')), 'handle')).toHaveLength(0);
        run(m, act('allocate', 'sci.irq'), act('request', 'sci.irq'), act('mask', 'sci.irq'), act('raise', 'sci.irq'));
        const fired = events(m, act('unmask', 'sci.irq'));
        expect(ofKind(fired, 'handle')).toHaveLength(1);
        expect(desc(m, 'sci.irq').flow).toBe('handle_fasteoi_irq');
    });
});
