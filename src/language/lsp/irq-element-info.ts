// One-line facts about declared elements for hover, completion details and the outline: a domain's parent
// chain, the names the kernel would give domains and interrupts, an interrupt's hwirq at its domain.
import type { AstNode } from 'langium';
import {
    isDevice, isDomain, isExtension, isInterrupt, isScenario, isTopology, type Device, type Domain, type Interrupt, type Scenario,
    type Topology
} from '../generated/ast.js';
import { busTokenDescriptions, domainKindDescriptions } from '../../kernel/descriptions.js';
import { busTokenNumber, parseKernelVersion, REFERENCE_KERNEL, type KernelVersion } from '../../kernel/model.js';
import { flowHandlerName, flowShortName, lookup } from './kernel-docs.js';

/** The domain followed by its parents towards the root; stops at a cycle or an unresolved parent. */
export function parentChain(domain: Domain): Domain[] {
    const chain: Domain[] = [];
    const seen = new Set<Domain>();
    let current: Domain | undefined = domain;
    while (current && !seen.has(current)) {
        seen.add(current);
        chain.push(current);
        current = current.parents[0]?.ref;
    }
    return chain;
}

/** `NIC0-MSIX → INTEL-IR-0 → VECTOR` (with `→ …` when the chain loops back). */
export function parentChainText(domain: Domain): string {
    const chain = parentChain(domain);
    const names = chain.map(d => d.name || '?');
    const last = chain[chain.length - 1];
    if (last?.parents[0]?.ref) names.push('…');
    else if (last?.parents[0]?.$refText) names.push(`${last.parents[0].$refText}?`);
    return names.join(' → ');
}

/** The device that declares a domain, if any. */
export function owningDevice(domain: Domain): Device | undefined {
    return isDevice(domain.$container) ? domain.$container : undefined;
}

/** The topology a domain belongs to (through `extend`), if it resolves. */
export function topologyOf(domain: Domain): Topology | undefined {
    let node: AstNode | undefined = domain.$container;
    while (node) {
        if (isTopology(node)) return node;
        if (isExtension(node)) return node.topology?.ref;
        node = node.$container;
    }
    return undefined;
}

/** The kernel version a domain is built for: its topology's `kernel`, else the reference kernel. */
export function kernelVersionOf(domain: Domain): KernelVersion {
    return parseKernelVersion(topologyOf(domain)?.kernel) ?? REFERENCE_KERNEL;
}

/** The bus token of a domain: declared, else the default of its kind. */
export function busTokenOf(domain: Domain): string | undefined {
    const token = domain.busToken?.replace(/^DOMAIN_BUS_/, '');
    return token ?? lookup(domainKindDescriptions, domain.kind)?.busToken;
}

/** The prefix an MSI parent gives its children: declared, else "IR-" for IR units and "ITS-" for the ITS. */
export function childPrefixOf(parent: Domain | undefined): string {
    if (!parent) return '';
    if (parent.prefix !== undefined) return parent.prefix.replace(/^"|"$/g, '');
    if (parent.kind === 'intel-ir' || parent.kind === 'amd-ir') return 'IR-';
    if (parent.kind === 'gic-its') return 'ITS-';
    return '';
}

/** The name of the domain's (first) chip: declared, else the kind's default. */
export function chipNameOf(domain: Domain): string | undefined {
    return domain.chips[0]?.name || lookup(domainKindDescriptions, domain.kind)?.chipName;
}

/**
 * The name the kernel would give the domain in debugfs: per-device domains are
 * `<parent prefix><chip>-<device>-<bus token number>`, others their own name plus the token number.
 */
export function domainKernelName(domain: Domain): string {
    const token = busTokenOf(domain);
    const number = token && token !== 'ANY'
        ? busTokenNumber(token, kernelVersionOf(domain)) ?? lookup(busTokenDescriptions, token)?.value
        : undefined;
    const suffix = number !== undefined ? `-${number}` : '';
    const role = lookup(domainKindDescriptions, domain.kind)?.role;
    const device = owningDevice(domain);
    if (role === 'device' && device) {
        const deviceName = device.bdf ?? device.platformName?.replace(/^"|"$/g, '') ?? device.name;
        return `${childPrefixOf(domain.parents[0]?.ref)}${chipNameOf(domain) ?? 'MSI'}-${deviceName}${suffix}`;
    }
    if (domain.name?.endsWith(suffix)) return domain.name;
    return `${domain.name}${suffix}`;
}

/** The interrupt's hwirq at its own domain, as text: `3`, `3..10` for arrays, `any` or undefined. */
export function hwirqText(irq: Interrupt): string | undefined {
    if (irq.anyIndex) return 'any free index';
    if (irq.index === undefined) return undefined;
    if (irq.count !== undefined && irq.count > 1) return `${irq.index}..${irq.index + irq.count - 1}`;
    return `${irq.index}`;
}

/** The flow handler of an interrupt: declared, else what its hierarchy usually installs. */
export function flowOf(irq: Interrupt): string {
    if (irq.flow) return flowHandlerName(irq.flow) ?? irq.flow;
    const domain = irq.domain?.ref;
    if (!domain) return 'handle_edge_irq';
    if (domain.kind === 'aplic-msi' || domain.kind === 'ioapic' && irq.trigger?.startsWith('level')) return 'handle_fasteoi_irq';
    const chain = parentChain(domain);
    const root = chain[chain.length - 1];
    return root?.kind === 'gic-v3' ? 'handle_fasteoi_irq' : 'handle_edge_irq';
}

/** `/proc/interrupts` style: `IR-PCI-MSIX-0000:03:00.0 3-edge nic0-q3`. */
export function interruptKernelName(irq: Interrupt): string {
    const domain = irq.domain?.ref;
    const chip = domain ? (owningDevice(domain) ? domainKernelName(domain).replace(/-\d+$/, '') : chipNameOf(domain) ?? domain.name) : '?';
    const hwirq = irq.anyIndex || irq.index === undefined ? '<index>' : irq.index;
    const device = irq.$container?.name ?? '?';
    return `${chip} ${hwirq}-${flowShortName(flowOf(irq))} ${device}-${irq.name}`;
}

/** A short description of a domain: `pci-msix · NIC0-MSIX → INTEL-IR-0 → VECTOR`. */
export function domainDetail(domain: Domain): string {
    return `${domain.kind ?? '?'} · ${parentChainText(domain)}`;
}

/** A short description of an interrupt: `NIC0-MSIX index 3`. */
export function interruptDetail(irq: Interrupt): string {
    const parts = [irq.domain?.$refText ?? '?'];
    if (irq.anyIndex) parts.push('any');
    else if (irq.index !== undefined) parts.push(`${irq.indexKind ?? 'index'} ${irq.index}`);
    if (irq.count !== undefined) parts.push(`×${irq.count}`);
    return parts.join(' ');
}

/** A short description of a device: `pci 0000:03:00.0`. */
export function deviceDetail(device: Device): string {
    if (device.bdf) return `pci ${device.bdf}`;
    if (device.platformName) return `platform ${device.platformName}`;
    return 'device';
}

/** A short description of a topology: `x86_64 · 8 CPUs · kernel 6.5`. */
export function topologyDetail(topology: Topology): string {
    const parts: string[] = [];
    if (topology.arch) parts.push(topology.arch);
    if (topology.cpuCount !== undefined) parts.push(`${topology.cpuCount} CPUs`);
    if (topology.kernel !== undefined) parts.push(`kernel ${topology.kernel}`);
    return parts.join(' · ');
}

/** A short description of a scenario: `on xeon · 12 steps`. */
export function scenarioDetail(scenario: Scenario): string {
    return `on ${scenario.topology?.$refText ?? '?'} · ${scenario.steps.length} steps`;
}

/** Markdown lines summarising a declared element (domain, device, interrupt, topology, scenario). */
export function elementSummary(node: unknown): string[] {
    if (isDomain(node)) {
        const kind = lookup(domainKindDescriptions, node.kind);
        const lines = [`**domain** \`${node.name}\` : \`${node.kind}\`${kind ? ` — ${kind.summary}` : ''}`,
            `Hierarchy: ${parentChainText(node)}`,
            `Kernel name: \`${domainKernelName(node)}\`${kind ? ` · hwirq = ${kind.hwirq}` : ''}`];
        if (node.chainedTo?.$refText) lines.push(`Chained to \`${node.chainedTo.$refText}\`${node.chainedCause !== undefined ? ` (cause ${node.chainedCause})` : ''}`);
        return lines;
    }
    if (isInterrupt(node)) {
        const domain = node.domain?.ref;
        const lines = [`**irq** \`${node.$container?.name}.${node.name}${node.count !== undefined ? `[${node.count}]` : ''}\` — ${interruptDetail(node)}`];
        if (domain) lines.push(`Hierarchy: ${parentChainText(domain)}`);
        const hwirq = hwirqText(node);
        if (hwirq) lines.push(`hwirq at \`${node.domain?.$refText}\`: ${hwirq}`);
        lines.push(`Kernel: \`${interruptKernelName(node)}\` (/proc/interrupts) · flow \`${flowOf(node)}\``);
        return lines;
    }
    if (isDevice(node)) {
        const lines = [`**device** \`${node.name}\` — ${deviceDetail(node)}`];
        if (node.iommu?.$refText) lines.push(`Behind \`${node.iommu.$refText}\``);
        if (node.domains.length > 0) lines.push(`Domains: ${node.domains.map(d => `\`${d.name}\` (${d.kind})`).join(', ')}`);
        if (node.irqs.length > 0) lines.push(`Interrupts: ${node.irqs.map(i => `\`${i.name}\``).join(', ')}`);
        return lines;
    }
    if (isTopology(node)) {
        const detail = topologyDetail(node);
        return [`**topology** \`${node.name}\`${detail ? ` — ${detail}` : ''}`,
            `${node.domains.length} domains, ${node.devices.length} devices`];
    }
    if (isScenario(node)) {
        return [`**scenario** \`${node.name}\` — ${scenarioDetail(node)}`];
    }
    return [];
}
