// References read inside a unit without its CST: made in one step for Langium's own references, built and copied
// for any other linker's, with the same fields, prototype, target and CST node either way.
import { describe, expect, it } from 'vitest';
import { DefaultLinker, type AstNode, type Reference } from 'langium';
import { LazyUnitCstNode, pendingReference, pendingReferenceMaker } from '../../../src/language/parser/lazy-cst.js';
import { createFastParserContext, fastParse } from '../../../src/language/parser/fast-parser.js';
import { isDevice, isTopology, type Model } from '../../../src/language/generated/ast.js';
import { buildOne, createTestServices } from '../helpers/services.js';

const text = `topology t {
  arch x86_64
  cpus 2
  domain VECTOR : vector { vectors 0x20..0xEA  chip APIC { ack: self  set_affinity: self  compose_msi_msg: self } }
  domain IR : intel-ir parent VECTOR { chip IR { ack: self  set_affinity: self  compose_msi_msg: self } }
  device nic pci 0000:01:00.0 {
    behind IR
    msix table 4
    domain NIC-MSIX : pci-msix parent IR { chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent } }
    irq q : NIC-MSIX index 0 affinity cpu 1
  }
}
`;

/** Own keys and prototype of a reference, which the linker and the CST builder read. */
function layout(reference: Reference): string {
    return Object.keys(reference).join();
}

describe('pending references', () => {
    it('are made in one step with the fields and prototype of a copy of a built reference', () => {
        const { Irq } = createTestServices();
        const linker = Irq.references.Linker;
        const make = pendingReferenceMaker(linker);
        const unit = new LazyUnitCstNode();
        const node = { $type: 'Interrupt' } as AstNode;
        const first = make(node, 'domain', 'A', unit);
        const second = make(node, 'domain', 'B', unit);
        const copied = pendingReference(linker.buildReference(node, 'domain', undefined, 'B'), unit);
        for (const made of [first, second]) {
            expect(layout(made)).toBe(layout(copied));
            expect(Object.getPrototypeOf(made)).toBe(Object.getPrototypeOf(copied));
        }
        expect(layout(copied)).toBe('resolver,node,property,_ref,$refText,$refCst,$pendingUnit,_nodeDescription');
        expect([first.$refText, second.$refText]).toEqual(['A', 'B']);
        expect((second as unknown as { resolver: unknown }).resolver).toBe((copied as unknown as { resolver: unknown }).resolver);
    });

    it('of a linker with references of its own are built by it and copied', () => {
        const { Irq } = createTestServices();
        class TaggingLinker extends DefaultLinker {
            override buildReference(node: AstNode, property: string, refNode: undefined, refText: string): Reference {
                return Object.assign(super.buildReference(node, property, refNode, refText), { tag: `#${refText}` });
            }
        }
        const make = pendingReferenceMaker(new TaggingLinker(Irq));
        const unit = new LazyUnitCstNode();
        const node = { $type: 'Interrupt' } as AstNode;
        for (const name of ['A', 'B']) {
            const made = make(node, 'domain', name, unit) as Reference & { tag?: string };
            expect(made.tag).toBe(`#${name}`);
            expect(made.$refText).toBe(name);
        }
    });

    it('in a parsed document resolve to their targets and build their CST node when it is read', async () => {
        const services = createTestServices();
        const document = await buildOne(services, text);
        expect(document.diagnostics ?? []).toEqual([]);
        const model = document.parseResult.value as Model;
        const topology = model.elements.find(isTopology)!;
        const device = topology.devices.find(isDevice)!;
        expect(device.iommu?.ref?.name).toBe('IR');
        expect(device.irqs[0].domain?.ref).toBe(device.domains[0]);
        expect(device.domains[0].parents[0].ref?.name).toBe('IR');
        expect(device.irqs[0].domain?.$refNode?.text).toBe('NIC-MSIX');
        // The same text parsed again, as a sanity check that the fast parser read it (and not Langium's fallback).
        expect(fastParse(createFastParserContext(services.Irq), text)).toBeDefined();
    });
});
