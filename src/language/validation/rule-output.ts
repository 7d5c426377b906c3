// The sink the rule groups report into: it drops violations that would land outside the validated document
// (a rule may look at imported files, but a diagnostic can only be shown in the file being validated).
import type { AstNode, ValidationAcceptor } from 'langium';
import type { DocumentTopologies, ResolvedDevice, ResolvedDomain, ResolvedInterrupt } from './resolved-topology.js';
import { report, type Violation } from './rule-report.js';

/** Where rules report; `isLocal` tells whether a node may carry a diagnostic. */
export class RuleOutput {
    constructor(private readonly accept: ValidationAcceptor, readonly topologies: DocumentTopologies) {}

    /** Reports a violation when its place is in the validated document; returns whether it was reported. */
    report(violation: Violation): boolean {
        if (!this.isLocal(violation.at.node)) return false;
        report(this.accept, violation);
        return true;
    }

    isLocal(node: AstNode): boolean {
        return this.topologies.isLocal(node);
    }
}

/** The devices whose interrupts use a domain, plus the device that declares it. */
export function devicesUsing(domain: ResolvedDomain): ResolvedDevice[] {
    const devices = new Set<ResolvedDevice>();
    if (domain.owner) devices.add(domain.owner);
    for (const interrupt of domain.interrupts) devices.add(interrupt.device);
    return [...devices];
}

/** The device a per-device domain belongs to: the one declaring it, or the only one using it. */
export function deviceOf(domain: ResolvedDomain): ResolvedDevice | undefined {
    if (domain.owner) return domain.owner;
    const users = devicesUsing(domain);
    return users.length === 1 ? users[0] : undefined;
}

/** The MSI leaves a device uses: its own device domains and the MSI domains its interrupts name. */
export function msiLeavesOf(device: ResolvedDevice): ResolvedDomain[] {
    const leaves = new Set<ResolvedDomain>();
    for (const domain of device.domains) if (domain.isMsiLeaf) leaves.add(domain);
    for (const interrupt of device.interrupts) {
        const domain = interrupt.domain;
        if (domain?.isMsiLeaf) leaves.add(domain);
    }
    return [...leaves];
}

/** The first interrupt of `device` on `domain`. */
export function firstInterruptOn(device: ResolvedDevice, domain: ResolvedDomain): ResolvedInterrupt | undefined {
    return device.interrupts.find(i => i.domain === domain);
}

/**
 * The device is declared `behind` an IR unit, and this leaf does not go through that unit (R-IR-UNIT).
 * Other remapping rules defer to R-IR-UNIT in that case: its fix (use the right unit) also fixes theirs.
 */
export function violatesIrUnit(device: ResolvedDevice | undefined, leaf: ResolvedDomain): boolean {
    const behind = device?.behind;
    return !!behind && behind.isRemapping && leaf.irUnit !== behind;
}

/** The place of a domain's parent reference, or its name when it has none. */
export function parentPlace(domain: ResolvedDomain): { node: AstNode; property: string; index?: number } {
    return domain.node.parents.length > 0 ? { node: domain.node, property: 'parents', index: 0 } : { node: domain.node, property: 'name' };
}

/** Interrupt-remapping units (or other isolating MSI parents) that could carry a leaf, best first. */
export function remappingCandidates(leaf: ResolvedDomain, preferred?: ResolvedDomain): ResolvedDomain[] {
    const root = leaf.root;
    const candidates = leaf.topology.msiParents.filter(p =>
        p !== leaf && p.flags.has('ISOLATED_MSI') && (p.accepts.size === 0 || p.accepts.has(leaf.busToken)) && (!root || p.root === root));
    if (preferred && candidates.includes(preferred)) return [preferred, ...candidates.filter(c => c !== preferred)];
    return candidates;
}
