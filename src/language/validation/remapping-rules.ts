// Layering rules of kernel-irq.md §3.D (interrupt remapping and isolation): APIC IDs beyond 255, multi-MSI on
// x86, isolated MSI for assigned devices, vCPU posting, and the IR unit's own interrupt on the vector domain.
import type { AstNode } from 'langium';
import { MAX_EXT_DEST_APIC_ID, MAX_MSI_APIC_ID } from '../../kernel/model.js';
import type { ResolvedDevice, ResolvedDomain, ResolvedInterrupt } from './resolved-topology.js';
import { arrow, listNames } from './rule-report.js';
import { deviceOf, firstInterruptOn, msiLeavesOf, parentPlace, remappingCandidates, violatesIrUnit, type RuleOutput } from './rule-output.js';

const ASSIGNMENT_TEXT: Record<string, string> = {
    vfio: 'VFIO user space', guest: 'a guest', siov: 'a SIOV virtual device'
};

/** Checks of §3.D; one method per rule. */
export class RemappingRules {
    /** R-IR-APICID: without remapping, MSI targets have 8-bit (15-bit) APIC IDs. */
    checkIrApicId(domain: ResolvedDomain, out: RuleOutput): void {
        const topology = domain.topology;
        const extended = topology.optionEnabled('ext-dest-id');
        const limit = extended ? MAX_EXT_DEST_APIC_ID : MAX_MSI_APIC_ID;
        const high = topology.cached(`apic-above:${limit}`, () => topology.cpus.filter(c => c.online && c.apicId > limit));
        if (high.length === 0 || !domain.isMsiLeaf || !domain.chainOk || domain.kind === 'dmar-msi') return;
        const composer = domain.composer;
        if (composer?.kind !== 'vector' || violatesIrUnit(deviceOf(domain), domain)) return;
        const first = high[0];
        out.report({
            rule: 'R-IR-APICID', severity: 'error',
            message: `${domain.name} composes its messages at ${composer.name} without remapping, but CPU ${first.index} has APIC ID ${first.apicId}${high.length > 1 ? ` (and ${high.length - 1} more CPUs above ${limit})` : ''}: a compatibility-format MSI address carries ${extended ? '15' : '8'} destination bits (APIC ID ≤ ${limit}), larger IDs need interrupt remapping.`,
            at: parentPlace(domain),
            related: high.slice(0, 3).filter(c => c.node).map(c => ({ node: c.node!, property: 'apicId', message: `CPU ${c.index}: APIC ID ${c.apicId}` })),
            data: { candidates: remappingCandidates(domain).map(c => c.name) }
        });
    }

    /** R-IR-MULTI: PCI multi-MSI on x86 needs remapping. */
    checkIrMulti(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (domain.kind !== 'pci-msi' || !domain.chainOk || !parent || domain.demand <= 1 || parent.supports.has('MULTI_PCI_MSI')) return;
        if (domain.root?.kind !== 'vector' || violatesIrUnit(deviceOf(domain), domain)) return;
        out.report({
            rule: 'R-IR-MULTI', severity: 'error',
            message: `${domain.name} asks for ${domain.demand} MSI vectors (${listNames(domain.interrupts.map(i => i.label))}) on ${parent.name} without interrupt remapping: the x86 vector domain does not support MULTI_PCI_MSI (one block would need consecutive vectors on one CPU); only IR gives each vector its own IRTE.`,
            at: parentPlace(domain),
            related: [{ node: parent.node, property: 'name', message: `${parent.name}: no MULTI_PCI_MSI` }],
            data: { candidates: remappingCandidates(domain, deviceOf(domain)?.behind).map(c => c.name) }
        });
    }

    /** R-ISOLATION: assigned devices need isolated MSI on their chains. */
    checkIsolation(device: ResolvedDevice, out: RuleOutput): void {
        if (!device.untrusted) return;
        for (const leaf of msiLeavesOf(device)) {
            if (!leaf.chainOk || leaf.isolated || violatesIrUnit(device, leaf)) continue;
            const owned = leaf.owner === device;
            const interrupt: ResolvedInterrupt | undefined = owned ? undefined : firstInterruptOn(device, leaf);
            const at = owned ? parentPlace(leaf) : interrupt ? { node: interrupt.node, property: 'domain' } : { node: device.node, property: 'assignment' };
            out.report({
                rule: 'R-ISOLATION', severity: 'error',
                message: `Device ${device.name} is assigned to ${ASSIGNMENT_TEXT[device.node.assignment ?? ''] ?? device.node.assignment}, but nothing on ${arrow(leaf.chain.map(d => d.name))} provides isolated MSI (IRQ_DOMAIN_FLAG_ISOLATED_MSI): the device could raise other devices' interrupts, so VFIO refuses it (msi_device_has_isolated_msi()).`,
                at,
                related: [{ node: device.node, property: 'assignment', message: `${device.name} is assigned ${device.node.assignment}` }],
                data: owned ? { candidates: remappingCandidates(leaf, device.behind).map(c => c.name) } : {}
            });
        }
    }

    /** R-POSTED: vCPU posting needs set_vcpu_affinity on the chain. */
    checkPosted(interrupt: ResolvedInterrupt, at: { node: AstNode; property: string }, vcpu: number | undefined, out: RuleOutput): void {
        const leaf = interrupt.domain;
        if (!leaf?.chainOk) return;
        const capable = leaf.chain.some(d => {
            const mode = d.chip.callbacks.get('set_vcpu_affinity')?.mode;
            return mode === 'self' || mode === 'platform';
        });
        if (capable) return;
        const root = leaf.root!;
        out.report({
            rule: 'R-POSTED', severity: 'error',
            message: `Posting ${interrupt.label} to vCPU ${vcpu ?? '?'} needs a chip that implements set_vcpu_affinity, but none on ${arrow(leaf.chain.map(d => d.name))} does (interrupt remapping or a GICv4 ITS would): irq_set_vcpu_affinity() walks the parents and returns -ENOSYS.`,
            at,
            related: [{ node: root.node, property: 'name', message: `${root.name}: end of the chain` }]
        });
    }

    /** R-IR-SELF: DMAR-MSI sits on the vector domain. */
    checkIrSelf(domain: ResolvedDomain, out: RuleOutput): void {
        if (domain.kind !== 'dmar-msi' || !domain.chainOk) return;
        const unit = domain.chain.slice(1).find(d => d.isRemapping);
        if (!unit) return;
        const root = domain.root!;
        out.report({
            rule: 'R-IR-SELF', severity: 'error',
            message: `DMAR-MSI domain ${domain.name} goes through the remapping unit ${unit.name}: an IR unit cannot remap its own fault interrupt, so DMAR-MSI sits directly on the vector domain ${root.name} (dmar_get_irq_domain()).`,
            at: parentPlace(domain),
            related: [{ node: unit.node, property: 'name', message: `remapping unit ${unit.name}` }],
            data: { newParent: root.name }
        });
    }
}
