// Layering rules of kernel-irq.md §3.A (graph shape): one parent, no cycles, roots at the CPU, device domains as
// leaves on MSI parents, IMS as a sibling of MSI-X, MSI parent chains, bus tokens, domain slots, IR units.
import { hasImsApi, maxDeviceDomains } from '../../kernel/model.js';
import type { ResolvedDevice, ResolvedDomain } from './resolved-topology.js';
import { arrow, listNames } from './rule-report.js';
import { deviceOf, firstInterruptOn, msiLeavesOf, parentPlace, type RuleOutput } from './rule-output.js';

const PCI_DEFAULT_KINDS = ['pci-msi', 'pci-msix'];

/** IMS (or another device-specific MSI domain) stacked on the PCI/MSI(-X) domain of the same device. */
function isImsOnPciDomain(domain: ResolvedDomain, parent: ResolvedDomain): boolean {
    if (!domain.isDeviceDomain || PCI_DEFAULT_KINDS.includes(domain.kind) || !PCI_DEFAULT_KINDS.includes(parent.kind)) return false;
    const device = deviceOf(domain);
    return !!device && device === deviceOf(parent);
}

/** Checks of §3.A; one method per rule. */
export class GraphShapeRules {
    /** R-PARENT-ONE: zero or one parent. */
    checkParentOne(domain: ResolvedDomain, out: RuleOutput): void {
        const parents = domain.node.parents;
        if (parents.length < 2) return;
        const names = parents.map(p => p.$refText);
        out.report({
            rule: 'R-PARENT-ONE', severity: 'error',
            message: `Domain ${domain.name} names ${parents.length} parents (${listNames(names)}): a domain has a single parent pointer and its irq_data chain follows it; keep ${names[0]}.`,
            at: { node: domain.node, property: 'parents', index: 1 },
            related: [{ node: domain.node, property: 'parents', index: 0, message: `first parent ${names[0]}` }],
            data: { domain: domain.name, keep: names[0] }
        });
    }

    /** R-ACYCLIC: the parent walk ends at a root. */
    checkAcyclic(domain: ResolvedDomain, out: RuleOutput): void {
        const cycle = domain.cycle;
        if (!cycle) return;
        const start = cycle.indexOf(domain);
        const ordered = [...cycle.slice(start), ...cycle.slice(0, start), domain];
        const next = ordered[1];
        out.report({
            rule: 'R-ACYCLIC', severity: 'error',
            message: `The parent chain of ${domain.name} loops (${arrow(ordered.map(d => d.name))}): alloc, activate and free recurse along the parents, so this chain never reaches a root.`,
            at: parentPlace(domain),
            related: [next !== domain ? { ...parentPlace(next), message: `${next.name} continues the loop` } : undefined]
        });
    }

    /** R-ROOT-CPU: a domain without parent is CPU level or chained to a CPU interrupt. */
    checkRootCpu(domain: ResolvedDomain, out: RuleOutput): void {
        if (domain.node.parents.length > 0 || domain.isCpuLevel) return;
        const chained = domain.node.chainedTo;
        if (chained) {
            const target = domain.chainedTo;
            if (!target || target.isCpuLevel || target.root?.isCpuLevel) return;
            out.report({
                rule: 'R-ROOT-CPU', severity: 'error',
                message: `${domain.name} is chained to ${target.name} (${target.kind}), which does not reach a CPU-level controller: a chained root must hang off an interrupt that a CPU receives.`,
                at: { node: domain.node, property: 'chainedTo' },
                related: [{ node: target.node, property: 'name', message: `${target.name} is not CPU level` }]
            });
            return;
        }
        const cpuRoots = domain.topology.domains.filter(d => d.isCpuLevel);
        const chainTo = domain.role === 'chained-root' && cpuRoots.length === 1 ? cpuRoots[0].name : undefined;
        const message = domain.role === 'chained-root'
            ? `${domain.label} has no parent and is not chained to a CPU interrupt: only a CPU-level controller receives exceptions; the ${domain.kind} root is attached to one by a chained flow handler (\`chained-to ${chainTo ?? 'INTC'} cause 9\`).`
            : `${domain.label} has no parent, but only a CPU-level controller (vector, gic-v3, riscv-intc) may be a root: give it a parent, or chain it to a CPU interrupt with \`chained-to\`.`;
        out.report({
            rule: 'R-ROOT-CPU', severity: 'error', message,
            at: { node: domain.node, property: 'name' },
            related: cpuRoots.slice(0, 1).map(r => ({ node: r.node, property: 'name', message: `CPU-level controller ${r.name}` })),
            data: chainTo ? { chainTo, cause: 9 } : {}
        });
    }

    /** R-PARENT-HIER: a parent implements alloc. */
    checkParentHier(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        const alloc = parent?.ops.get('alloc');
        if (!parent || (alloc && alloc.mode !== 'none')) return;
        out.report({
            rule: 'R-PARENT-HIER', severity: 'error',
            message: `${domain.name}'s parent ${parent.name} does not implement alloc: it is not hierarchical, so irq_domain_alloc_irqs_parent() returns -ENOSYS when ${domain.name} allocates.`,
            at: { node: domain.node, property: 'parents', index: 0 },
            related: [alloc?.node ? { node: alloc.node, property: 'mode', message: `${parent.name}: alloc: none` } : { node: parent.node, property: 'name', message: `${parent.name} has no alloc` }]
        });
    }

    /** R-LEAF-DEVICE: nothing stacks on a device domain. */
    checkLeafDevice(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (!parent?.isDeviceDomain || isImsOnPciDomain(domain, parent)) return;
        out.report({
            rule: 'R-LEAF-DEVICE', severity: 'error',
            message: `${domain.name} is parented on ${parent.label}, a per-device MSI domain: device domains are leaves, not MSI parents, so nothing can be stacked on them (msi_create_device_irq_domain() needs an MSI parent).`,
            at: { node: domain.node, property: 'parents', index: 0 },
            related: [{ node: parent.node, property: 'name', message: `device domain ${parent.name}` }],
            data: parent.parent ? { newParent: parent.parent.name } : {}
        });
    }

    /** R-DEVDOM-PARENT: a device domain's parent is an MSI parent. */
    checkDevDomParent(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (!domain.isDeviceDomain || !parent || parent.isMsiParent || parent.isDeviceDomain) return;
        const candidates = domain.topology.msiParents.filter(m => m !== parent && m.chain.includes(parent)).map(m => m.name);
        out.report({
            rule: 'R-DEVDOM-PARENT', severity: 'error',
            message: `${domain.label} is a per-device MSI domain, but its parent ${parent.label} is not an MSI parent: msi_create_device_irq_domain() refuses a parent without msi_parent_ops${candidates.length ? ` (${listNames(candidates)} below it ${candidates.length > 1 ? 'are' : 'is'})` : ''}.`,
            at: { node: domain.node, property: 'parents', index: 0 },
            related: [{ node: parent.node, property: 'name', message: `${parent.name} has no MSI_PARENT flag` }],
            data: { candidates }
        });
    }

    /** R-IMS-SIBLING: IMS is a sibling of the device's PCI/MSI-X domain. */
    checkImsSibling(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (!parent || !isImsOnPciDomain(domain, parent)) return;
        const msiParent = parent.parent;
        out.report({
            rule: 'R-IMS-SIBLING', severity: 'error',
            message: `${domain.label} is parented on ${parent.name}, the ${parent.kind} domain of the same device ${deviceOf(domain)?.name}: the PCI/MSI domain "sits at the same level as that device domain", so ${domain.name} is its sibling under ${msiParent ? `the MSI parent ${msiParent.name}` : 'the MSI parent'}.`,
            at: { node: domain.node, property: 'parents', index: 0 },
            related: [{ node: parent.node, property: 'name', message: `${parent.name}: the sibling` }],
            data: msiParent ? { newParent: msiParent.name } : {}
        });
    }

    /** R-MSIPARENT-CHAIN: MSI parent chains delegate `init_dev_msi_info` to the root MSI parent. */
    checkMsiParentChain(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (!domain.isMsiParent || !parent || parent.isDeviceDomain) return;
        const init = domain.ops.get('init_dev_msi_info');
        if (!init) return;
        const delegates = init.mode === 'parent' || (init.mode === 'target' && init.target === parent);
        let message: string | undefined;
        let mode: 'parent' | 'self' = 'parent';
        if (parent.isMsiParent && !delegates) {
            message = `${domain.name} is an MSI parent stacked on the MSI parent ${parent.name}, but decides init_dev_msi_info itself: the root MSI parent decides the child feature set, intermediates delegate (msi_parent_init_dev_msi_info()).`;
        } else if (!parent.isMsiParent && delegates) {
            mode = 'self';
            message = `${domain.name} delegates init_dev_msi_info to ${parent.label}, which is not an MSI parent: msi_parent_init_dev_msi_info() WARNs when the parent has no msi_parent_ops.`;
        }
        if (!message) return;
        out.report({
            rule: 'R-MSIPARENT-CHAIN', severity: 'error', message,
            at: init.node ? { node: init.node, property: init.node.target ? 'target' : 'mode' } : { node: domain.node, property: 'parents', index: 0 },
            related: [{ node: parent.node, property: 'name', message: `${parent.name}${parent.isMsiParent ? ' is an MSI parent' : ' is not an MSI parent'}` }],
            data: { domain: domain.name, mode }
        });
    }

    /** R-BUS-TOKEN: the MSI parent serves the device domain's bus token. */
    checkBusToken(domain: ResolvedDomain, out: RuleOutput): void {
        const parent = domain.parent;
        if (!domain.isDeviceDomain || !parent?.isMsiParent || parent.accepts.size === 0 || parent.accepts.has(domain.busToken)) return;
        const defaultToken = domain.info?.busToken;
        const dropToken = domain.node.busToken !== undefined && !!defaultToken && parent.accepts.has(defaultToken);
        out.report({
            rule: 'R-BUS-TOKEN', severity: 'error',
            message: `${domain.name} has bus token ${domain.busToken}, which its MSI parent ${parent.name} does not serve (it accepts ${listNames([...parent.accepts], 6)}): init_dev_msi_info() rejects the device domain.`,
            at: { node: domain.node, property: domain.node.busToken ? 'busToken' : 'kind' },
            related: [{ node: parent.node, property: parent.node.accepts.length ? 'accepts' : 'name', message: `${parent.name}'s accepted bus tokens` }],
            data: dropToken ? { dropToken: true } : {}
        });
    }

    /** R-DEV-SLOTS: one device domain per domain id. */
    checkDevSlots(device: ResolvedDevice, out: RuleOutput): void {
        // Most devices have one domain: nothing can share its slot.
        if (device.domains.length < 2) return;
        const occupant = new Map<string, ResolvedDomain>();
        const version = device.topology.kernel;
        for (const domain of device.domains.filter(d => d.isDeviceDomain)) {
            const slot = domain.info?.deviceSlot ?? 'default';
            const first = occupant.get(slot);
            if (!first) {
                occupant.set(slot, domain);
                continue;
            }
            if (slot === 'secondary' && !hasImsApi(version)) continue;
            const pair = PCI_DEFAULT_KINDS.includes(first.kind) && PCI_DEFAULT_KINDS.includes(domain.kind) && first.kind !== domain.kind;
            if (pair) continue;
            const slotName = slot === 'default' ? 'MSI_DEFAULT_DOMAIN' : 'MSI_SECONDARY_DOMAIN';
            out.report({
                rule: 'R-DEV-SLOTS', severity: 'error',
                message: `Device ${device.name} already has ${first.label} in ${slotName}; ${domain.label} would take the same slot: a device has one device domain per domain id (MSI_MAX_DEVICE_IRQDOMAINS = ${maxDeviceDomains(version)} in kernel ${version.major}.${version.minor}).`,
                at: { node: domain.node, property: 'name' },
                related: [{ node: first.node, property: 'name', message: `${first.name} holds ${slotName}` }]
            });
        }
    }

    /** R-MSI-XOR-MSIX: MSI or MSI-X, never both. */
    checkMsiXorMsix(device: ResolvedDevice, out: RuleOutput): void {
        const msi = device.domains.find(d => d.kind === 'pci-msi');
        const msix = device.domains.find(d => d.kind === 'pci-msix');
        if (!msi || !msix) return;
        const [earlier, later] = device.domains.indexOf(msi) < device.domains.indexOf(msix) ? [msi, msix] : [msix, msi];
        out.report({
            rule: 'R-MSI-XOR-MSIX', severity: 'error',
            message: `Device ${device.name} has both a PCI/MSI domain (${msi.name}) and a PCI/MSI-X domain (${msix.name}): both live in MSI_DEFAULT_DOMAIN and setting up one removes the other; use MSI or MSI-X.`,
            at: { node: later.node, property: 'name' },
            related: [{ node: earlier.node, property: 'name', message: `${earlier.name} (${earlier.kind})` }]
        });
    }

    /** R-IR-UNIT: a device behind IR unit N uses IR unit N. */
    checkIrUnit(device: ResolvedDevice, out: RuleOutput): void {
        if (!device.node.iommu) return;
        const behind = device.behind;
        if (!behind) return;
        if (!behind.isRemapping) {
            out.report({
                rule: 'R-IR-UNIT', severity: 'error',
                message: `Device ${device.name} is declared behind ${behind.label}, which is not an interrupt-remapping unit (intel-ir, amd-ir).`,
                at: { node: device.node, property: 'iommu' },
                related: [{ node: behind.node, property: 'kind', message: `${behind.name} is ${behind.kind}` }]
            });
            return;
        }
        for (const leaf of msiLeavesOf(device)) {
            if (!leaf.chainOk || leaf.kind === 'dmar-msi') continue;
            const unit = leaf.irUnit;
            if (unit === behind) continue;
            const owned = leaf.owner === device;
            const interrupt = firstInterruptOn(device, leaf);
            const at = owned ? parentPlace(leaf) : interrupt ? { node: interrupt.node, property: 'domain' } : undefined;
            if (!at) continue;
            const chain = arrow(leaf.chain.map(d => d.name));
            out.report({
                rule: 'R-IR-UNIT', severity: 'error',
                message: unit
                    ? `${leaf.name} goes through ${unit.name} (${chain}), but device ${device.name} is behind ${behind.name}: each IR unit remaps only the devices in its own scope, with its own table (map_dev_to_ir()).`
                    : `${leaf.name} bypasses interrupt remapping (${chain}), but device ${device.name} is behind ${behind.name}: compatibility-format MSIs are blocked while remapping is enabled.`,
                at,
                related: [{ node: device.node, property: 'iommu', message: `${device.name} is behind ${behind.name}` }],
                data: owned ? { newParent: behind.name } : {}
            });
        }
    }
}
