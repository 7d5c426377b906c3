// The resolved topology finds a device by its index in its element's list and an interrupt by its index in its
// device's; a node that is not where its index says, or not in the topology at all, is still answered right.
import { describe, expect, it } from 'vitest';
import type { AstNode } from 'langium';
import { ResolvedTopology, topologiesOf } from '../../../src/language/validation/resolved-topology.js';
import { isExtension, isTopology, type Device, type Extension, type Model, type Topology } from '../../../src/language/generated/ast.js';
import { buildFiles, createTestServices } from '../helpers/services.js';

const platform = `topology t {
  arch x86_64
  cpus 2
  domain VECTOR : vector { vectors 0x20..0xEA  chip APIC { ack: self  set_affinity: self  compose_msi_msg: self } }
  device a pci 0000:01:00.0 {
    msix table 4
    domain A-MSIX : pci-msix parent VECTOR { chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent } }
    irq a0 : A-MSIX index 0
    irq a1 : A-MSIX index 1
  }
  device b pci 0000:02:00.0 {
    msix table 4
    domain B-MSIX : pci-msix parent VECTOR { chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent } }
    irq b0 : B-MSIX index 0
  }
}
`;
const extension = `import "platform.irq"
extend t {
  device c pci 0000:03:00.0 {
    msix table 4
    domain C-MSIX : pci-msix parent VECTOR { chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent } }
    irq c0 : C-MSIX index 0
    irq c1 : C-MSIX index 1
  }
}
`;

describe('resolved topology lookups', () => {
    it('find every device and interrupt of the topology and its extensions, and nothing else', async () => {
        const documents = await buildFiles(createTestServices(), { 'platform.irq': platform, 'ext.irq': extension });
        const topology = (documents['platform.irq'].parseResult.value as Model).elements.find(isTopology) as Topology;
        const extended = (documents['ext.irq'].parseResult.value as Model).elements.find(isExtension) as Extension;
        const resolved = new ResolvedTopology(topology, [extended], 't');
        const devices: Device[] = [...topology.devices, ...extended.devices];
        expect(resolved.devices.map(d => d.name)).toEqual(['a', 'b', 'c']);
        for (const device of devices) {
            expect(resolved.deviceOf(device)?.node).toBe(device);
            for (const irq of device.irqs) expect(resolved.interruptOf(irq)?.node).toBe(irq);
        }
        const alone = new ResolvedTopology(topology, [], 't');
        expect(alone.deviceOf(extended.devices[0])).toBeUndefined();
        expect(alone.interruptOf(extended.devices[0].irqs[1])).toBeUndefined();
    });

    it('find a device and an interrupt whose container index does not say where they are', async () => {
        const documents = await buildFiles(createTestServices(), { 'platform.irq': platform });
        const topology = (documents['platform.irq'].parseResult.value as Model).elements.find(isTopology) as Topology;
        const resolved = new ResolvedTopology(topology, [], 't');
        const [a, b] = topology.devices;
        (b as { $containerIndex?: number }).$containerIndex = 0;
        (a.irqs[1] as { $containerIndex?: number }).$containerIndex = undefined;
        expect(resolved.deviceOf(b)?.name).toBe('b');
        expect(resolved.deviceOf(a)?.name).toBe('a');
        expect(resolved.interruptOf(a.irqs[1])?.node).toBe(a.irqs[1]);
        expect(resolved.interruptOf(b.irqs[0])?.node).toBe(b.irqs[0]);
    });
});

describe('the topology of a node', () => {
    it('is the one its element belongs to, asked in any order, and none for a scenario', async () => {
        const text = `topology one {
  arch x86_64
  cpus 2
  domain V1 : vector { vectors 0x20..0xEA }
  device d1 pci 0000:01:00.0 { msix table 4  domain D1 : pci-msix parent V1  irq q : D1 index 0 }
}
topology two {
  arch x86_64
  cpus 2
  domain V2 : vector { vectors 0x20..0xEA }
  device d2 pci 0000:02:00.0 { msix table 4  domain D2 : pci-msix parent V2  irq q : D2 index 0 }
}
scenario s on one { raise d1.q }
`;
        const services = createTestServices();
        const document = (await buildFiles(services, { 'two.irq': text }))['two.irq'];
        const model = document.parseResult.value as Model;
        const [one, two] = model.elements.filter(isTopology) as Topology[];
        const scenario = model.elements.find(e => !isTopology(e) && !isExtension(e))!;
        const topologies = topologiesOf(model, services.shared.workspace.LangiumDocuments);
        const name = (node: AstNode) => topologies.topologyFor(node)?.name;
        const asked: [AstNode, string | undefined][] = [
            [one.devices[0].irqs[0], 'one'], [two.devices[0].irqs[0], 'two'], [one, 'one'], [two, 'two'], [scenario, undefined],
            [one.devices[0].domains[0], 'one'], [one.devices[0], 'one'], [two.devices[0], 'two'], [two.devices[0].domains[0], 'two'],
            [two.domains[0], 'two'], [one.domains[0], 'one'], [scenario, undefined], [two, 'two'], [one.devices[0].irqs[0], 'one']
        ];
        for (const [node, expected] of asked) expect(name(node), node.$type).toBe(expected);
    });
});
