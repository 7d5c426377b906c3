// The reference topologies T1-T8 of kernel-irq.md §4 as SystemSpec builders, each with a delivery scenario
// that reproduces its §4 trace; shared by the emulator, debugger and CLI tests.

import type { DomainSpec, InterruptSpec, ScenarioSpec, Step, SystemSpec } from './spec.js';

const irq = (action: 'allocate' | 'request' | 'raise' | 'free' | 'mask' | 'unmask' | 'disable' | 'enable', name: string, element?: number): Step =>
    ({ kind: 'irq', action, target: { irq: name, element } });

const vector = (): DomainSpec => ({ name: 'VECTOR', kind: 'vector' });
const intelIr = (n: number): DomainSpec => ({ name: `INTEL-IR-${n}`, kind: 'intel-ir', parent: 'VECTOR' });

/** T1 - x86 without IR: VECTOR -> PCI-MSIX-0000:03:00.0-12 (NIC, 9 of 64 entries, reservation mode). */
export function t1NoIr(): SystemSpec {
    return {
        name: 'T1', arch: 'x86_64', kernel: '6.17', cpuCount: 8, options: { firstIrq: 40 },
        domains: [vector(), { name: 'nic0-msix', kind: 'pci-msix', parent: 'VECTOR', device: 'nic0' }],
        devices: [{ name: 'nic0', pci: '0000:03:00.0', msix: { tableSize: 64 } }],
        interrupts: [
            { name: 'nic0.misc', device: 'nic0', domain: 'nic0-msix', index: 0, affinity: [2] },
            { name: 'nic0.q', device: 'nic0', domain: 'nic0-msix', index: 1, count: 8, affinity: [2] }
        ],
        scenarios: [{
            name: 'delivery',
            steps: [
                irq('allocate', 'nic0.misc'), irq('allocate', 'nic0.q'),
                irq('request', 'nic0.misc'), irq('request', 'nic0.q', 0), irq('request', 'nic0.q', 2),
                irq('raise', 'nic0.q', 2),
                { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'nic0.q', element: 2 }, cpu: 2, vector: 0x22 } },
                { kind: 'expect', expect: { kind: 'message', target: { irq: 'nic0.q', element: 2 }, address: 0xfee02000, addressHi: 0, data: 0x22 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'nic0.q', element: 2 }, level: 'nic0-msix', value: 3 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'nic0.q', element: 2 }, level: 'VECTOR', value: 43 } }
            ]
        }]
    };
}

/** T2 - x86 with Intel VT-d IR: the same NIC plus a 4-vector multi-MSI AHCI and the DMAR-MSI. */
export function t2IntelIr(): SystemSpec {
    return {
        name: 'T2', arch: 'x86_64', kernel: '6.17', cpuCount: 8, options: { firstIrq: 40 },
        domains: [
            vector(), intelIr(0),
            { name: 'DMAR-MSI', kind: 'dmar-msi', parent: 'VECTOR', device: 'dmar0' },
            { name: 'nic0-msix', kind: 'pci-msix', parent: 'INTEL-IR-0', device: 'nic0' },
            { name: 'ahci-msi', kind: 'pci-msi', parent: 'INTEL-IR-0', device: 'ahci' }
        ],
        devices: [
            { name: 'nic0', pci: '0000:03:00.0', msix: { tableSize: 64 }, behind: 'INTEL-IR-0' },
            { name: 'ahci', pci: '0000:00:17.0', msi: { vectors: 4, maskable: false }, behind: 'INTEL-IR-0' },
            { name: 'dmar0', platform: 'dmar0' }
        ],
        interrupts: [
            { name: 'nic0.misc', device: 'nic0', domain: 'nic0-msix', index: 0, affinity: [2] },
            { name: 'nic0.q', device: 'nic0', domain: 'nic0-msix', index: 1, count: 8, affinity: [2] },
            { name: 'ahci.port', device: 'ahci', domain: 'ahci-msi', index: 0, count: 4 },
            { name: 'dmar0.fault', device: 'dmar0', domain: 'DMAR-MSI', index: 0 }
        ],
        scenarios: [{
            name: 'delivery',
            steps: [
                irq('allocate', 'nic0.misc'), irq('allocate', 'nic0.q'),
                irq('request', 'nic0.misc'), irq('request', 'nic0.q', 0), irq('request', 'nic0.q', 2),
                irq('raise', 'nic0.q', 2),
                { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'nic0.q', element: 2 }, cpu: 2, vector: 0x22 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'nic0.q', element: 2 }, level: 'nic0-msix', value: 3 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'nic0.q', element: 2 }, level: 'VECTOR', value: 43 } }
            ]
        }]
    };
}

/** T3 - Intel DSA with IMS (v6.2-v6.9 API): MSI-X and IMS domains are siblings under IR (or VECTOR without IR). */
export function t3Ims(withIr = true): SystemSpec {
    const parent = withIr ? 'INTEL-IR-0' : 'VECTOR';
    return {
        name: withIr ? 'T3' : 'T3-noir', arch: 'x86_64', kernel: '6.8', cpuCount: 8, options: { firstIrq: 150 },
        domains: [
            vector(), ...(withIr ? [intelIr(0)] : []),
            { name: 'dsa0-msix', kind: 'pci-msix', parent, device: 'dsa0' },
            { name: 'dsa0-ims', kind: 'ims', parent, device: 'dsa0', chip: { name: 'PCI-IDXD' } }
        ],
        devices: [{ name: 'dsa0', pci: '0000:6a:01.0', msix: { tableSize: 9 }, ims: { slots: 2048, storage: 'mmio' }, behind: withIr ? 'INTEL-IR-0' : undefined }],
        interrupts: [
            { name: 'dsa0.wq', device: 'dsa0', domain: 'dsa0-ims', anyIndex: true, indexKind: 'slot', cookie: 0x42 },
            { name: 'dsa0.err', device: 'dsa0', domain: 'dsa0-msix', index: 0 }
        ],
        scenarios: [{
            name: 'delivery',
            steps: [
                irq('allocate', 'dsa0.wq'),
                { kind: 'expect', expect: { kind: 'state', target: { irq: 'dsa0.wq' }, state: 'activated', negated: true } },
                irq('request', 'dsa0.wq'), irq('raise', 'dsa0.wq'),
                { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'dsa0.wq' } } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'dsa0.wq' }, level: 'dsa0-ims', value: 0 } }
            ]
        }]
    };
}

/** T4 - ARM64 GICv3 + ITS + PCI MSI-X NIC (table 12, 9 used; DeviceID 0x100). */
export function t4GicIts(): SystemSpec {
    return {
        name: 'T4', arch: 'arm64', kernel: '6.17', cpuCount: 8, options: { firstIrq: 27 },
        domains: [
            { name: 'GICv3', kind: 'gic-v3', kernelName: ':intc@8000000' },
            { name: 'ITS', kind: 'gic-its', parent: 'GICv3', kernelName: ':intc@8000000:its@8080000-5', resources: { address: 0x08080000 } },
            { name: 'nic0-msix', kind: 'pci-msix', parent: 'ITS', device: 'nic0' }
        ],
        devices: [{ name: 'nic0', pci: '0000:01:00.0', msix: { tableSize: 12 } }],
        interrupts: [{ name: 'nic0.q', device: 'nic0', domain: 'nic0-msix', index: 0, count: 9, affinity: [2] }],
        scenarios: [{
            name: 'delivery',
            steps: [
                irq('allocate', 'nic0.q'), irq('request', 'nic0.q', 3), irq('raise', 'nic0.q', 3),
                { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'nic0.q', element: 3 }, cpu: 2 } },
                { kind: 'expect', expect: { kind: 'message', target: { irq: 'nic0.q', element: 3 }, address: 0x08090040, addressHi: 0, data: 3 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'nic0.q', element: 3 }, level: 'ITS', value: 8195 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'nic0.q', element: 3 }, level: 'GICv3', value: 8195 } }
            ]
        }]
    };
}

/** T5 - RISC-V AIA: INTC root, IMSIC chained to cause 9, APLIC in MSI mode (UART on source 10), PCI MSI-X. */
export function t5Aia(): SystemSpec {
    return {
        name: 'T5', arch: 'riscv64', kernel: '6.17', cpuCount: 4, options: { firstIrq: 11 },
        domains: [
            { name: 'INTC', kind: 'riscv-intc', kernelName: 'riscv-intc' },
            { name: 'IMSIC', kind: 'imsic', chainedTo: 'INTC', chainedCause: 9, kernelName: ':imsics@28000000-5', resources: { address: 0x28000000, ids: 255 } },
            { name: 'APLIC', kind: 'aplic-msi', parent: 'IMSIC', device: 'aplic', resources: { sources: 96 } },
            { name: 'nic0-msix', kind: 'pci-msix', parent: 'IMSIC', device: 'nic0' }
        ],
        devices: [
            { name: 'aplic', platform: 'd000000.aplic' },
            { name: 'nic0', pci: '0000:00:02.0', msix: { tableSize: 8 } }
        ],
        interrupts: [
            { name: 'uart0.rx', domain: 'APLIC', index: 10, indexKind: 'source', trigger: 'level-high', affinity: [2] },
            { name: 'nic0.q', device: 'nic0', domain: 'nic0-msix', index: 0, count: 2 }
        ],
        scenarios: [{
            name: 'delivery',
            steps: [
                irq('allocate', 'uart0.rx'), irq('request', 'uart0.rx'), irq('raise', 'uart0.rx'),
                { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'uart0.rx' }, cpu: 2 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'uart0.rx' }, level: 'APLIC', value: 10 } },
                { kind: 'expect', expect: { kind: 'hwirq', target: { irq: 'uart0.rx' }, level: 'IMSIC', value: 12 } }
            ]
        }]
    };
}

/** T6 - SIOV: an IMS slot backing a guest vector, posted to vCPU 1 vector 0x41 (S-20). */
export function t6Posted(): SystemSpec {
    const s = t3Ims(true);
    s.name = 'T6';
    s.options = { firstIrq: 210 };
    s.devices[0].assigned = 'siov';
    s.interrupts = [
        { name: 'dsa0.vdev', device: 'dsa0', domain: 'dsa0-ims', index: 17, indexKind: 'slot', cookie: 0x7 },
        { name: 'dsa0.err', device: 'dsa0', domain: 'dsa0-msix', index: 0 }
    ];
    s.scenarios = [{
        name: 'delivery',
        steps: [
            irq('allocate', 'dsa0.vdev'), irq('request', 'dsa0.vdev'),
            { kind: 'post', target: { irq: 'dsa0.vdev' }, vcpu: 1, vector: 0x41 },
            irq('raise', 'dsa0.vdev'),
            { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'dsa0.vdev' }, negated: true } },
            { kind: 'expect', expect: { kind: 'state', target: { irq: 'dsa0.vdev' }, state: 'posted' } }
        ]
    }];
    return s;
}

/** T7 - DMAR-MSI parented on VECTOR even with IR; an x2APIC destination > 255 goes to address_hi. */
export function t7DmarMsi(): SystemSpec {
    return {
        name: 'T7', arch: 'x86_64', kernel: '6.17', cpuCount: 4, cpus: [{ index: 3, apicId: 0x1234 }], options: { firstIrq: 24 },
        domains: [vector(), intelIr(0), { name: 'DMAR-MSI', kind: 'dmar-msi', parent: 'VECTOR', device: 'dmar0' }],
        devices: [{ name: 'dmar0', platform: 'dmar0' }],
        interrupts: [{ name: 'dmar0.fault', device: 'dmar0', domain: 'DMAR-MSI', index: 0, affinity: [3] }],
        scenarios: [{
            name: 'delivery',
            steps: [
                irq('allocate', 'dmar0.fault'), irq('request', 'dmar0.fault'), irq('raise', 'dmar0.fault'),
                { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'dmar0.fault' }, cpu: 3 } },
                { kind: 'expect', expect: { kind: 'message', target: { irq: 'dmar0.fault' }, addressHi: 0x1200 } }
            ]
        }]
    };
}

/** T8 - multi-IOMMU server: two IR units, IO-APICs, HPET, PCI devices and one IMS domain per device. */
export function t8MultiIommu(): SystemSpec {
    const ims = (dev: string, ir: string): DomainSpec => ({ name: `${dev}-ims`, kind: 'ims', parent: ir, device: dev });
    const interrupts: InterruptSpec[] = [
        { name: 'nvme0.q', device: 'nvme0', domain: 'nvme0-msix', index: 0, count: 4 },
        { name: 'nic1.q', device: 'nic1', domain: 'nic1-msix', index: 0, count: 4 },
        { name: 'deva.wq', device: 'deva', domain: 'deva-ims', anyIndex: true },
        { name: 'devb.wq', device: 'devb', domain: 'devb-ims', anyIndex: true },
        { name: 'devc.wq', device: 'devc', domain: 'devc-ims', anyIndex: true },
        { name: 'uart.rx', domain: 'IO-APIC-0', index: 4, indexKind: 'pin', trigger: 'edge' },
        { name: 'acpi.sci', domain: 'IO-APIC-0', index: 9, indexKind: 'pin', trigger: 'level' },
        { name: 'hpet.t0', domain: 'HPET-MSI-0', index: 0 }
    ];
    const steps: Step[] = [
        irq('allocate', 'nvme0.q'), irq('allocate', 'nic1.q'), irq('allocate', 'deva.wq'), irq('allocate', 'devc.wq'),
        irq('request', 'nvme0.q', 1), irq('request', 'nic1.q', 1), irq('request', 'devc.wq'),
        irq('raise', 'nic1.q', 1),
        { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'nic1.q', element: 1 } } },
        irq('raise', 'devc.wq'),
        { kind: 'expect', expect: { kind: 'delivered', target: { irq: 'devc.wq' } } }
    ];
    const scenario: ScenarioSpec = { name: 'delivery', steps };
    return {
        name: 'T8', arch: 'x86_64', kernel: '6.8', cpuCount: 16, options: { firstIrq: 24 },
        domains: [
            vector(), { name: 'DMAR-MSI', kind: 'dmar-msi', parent: 'VECTOR' }, intelIr(0), intelIr(1),
            { name: 'IO-APIC-0', kind: 'ioapic', parent: 'INTEL-IR-0', resources: { entries: 24 } },
            { name: 'IO-APIC-1', kind: 'ioapic', parent: 'INTEL-IR-0', resources: { entries: 24 } },
            { name: 'HPET-MSI-0', kind: 'hpet-msi', parent: 'INTEL-IR-0', resources: { size: 8 } },
            { name: 'nvme0-msix', kind: 'pci-msix', parent: 'INTEL-IR-0', device: 'nvme0' },
            ims('deva', 'INTEL-IR-0'), ims('devb', 'INTEL-IR-0'),
            { name: 'nic1-msix', kind: 'pci-msix', parent: 'INTEL-IR-1', device: 'nic1' },
            ims('devc', 'INTEL-IR-1')
        ],
        devices: [
            { name: 'nvme0', pci: '0000:01:00.0', msix: { tableSize: 32 }, behind: 'INTEL-IR-0' },
            { name: 'deva', pci: '0000:6a:01.0', ims: { slots: 256 }, behind: 'INTEL-IR-0' },
            { name: 'devb', pci: '0000:6b:01.0', ims: { slots: 256 }, behind: 'INTEL-IR-0' },
            { name: 'nic1', pci: '0000:81:00.0', msix: { tableSize: 64 }, behind: 'INTEL-IR-1' },
            { name: 'devc', pci: '0000:e7:01.0', ims: { slots: 256 }, behind: 'INTEL-IR-1' }
        ],
        interrupts,
        scenarios: [scenario]
    };
}

/** All reference topologies by id. */
export const REFERENCE_TOPOLOGIES: Record<string, () => SystemSpec> = {
    T1: t1NoIr, T2: t2IntelIr, T3: () => t3Ims(true), T4: t4GicIts, T5: t5Aia, T6: t6Posted, T7: t7DmarMsi, T8: t8MultiIommu
};
