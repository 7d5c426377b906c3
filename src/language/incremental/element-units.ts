// Units of incremental work: the devices and domains of a topology or extension, and scenarios, which an incremental
// re-parse replaces whole; helpers to find a node's unit, the names a unit exports, and a device's outward shape.
import type { AstNode, Reference } from 'langium';
import type { Device } from '../generated/ast.js';
import { ElementKind, elementKinds } from '../element-kinds.js';
import { forEachAstNode, forEachReferenceIn } from '../ast-walk.js';
import { exportedName } from '../exported-names.js';

/** A device or domain written directly in a topology or extension, or a scenario. */
export function isUnit(node: AstNode): boolean {
    const kinds = elementKinds(node);
    if (kinds & ElementKind.scenario) return true;
    if (!(kinds & (ElementKind.device | ElementKind.domain))) return false;
    const container = node.$container;
    return container !== undefined && (elementKinds(container) & (ElementKind.topology | ElementKind.extension)) !== 0;
}

/** The unit a node belongs to (itself when it is one), or undefined for nodes outside every unit. */
export function unitOf(node: AstNode): AstNode | undefined {
    for (let n: AstNode | undefined = node; n; n = n.$container) {
        if (isUnit(n)) return n;
    }
    return undefined;
}

/** Every name the nodes of `unit` export (see IrqScopeComputation). */
export function exportedNames(unit: AstNode, into: Set<string>): void {
    forEachAstNode(unit, node => {
        const name = exportedName(node);
        if (name) into.add(name);
    });
}

/** The units that the references held inside `unit` currently resolve to. */
export function referencedUnits(unit: AstNode, into: Set<AstNode>): void {
    forEachReferenceIn(unit, reference => {
        const target = resolvedTarget(reference);
        const targetUnit = target ? unitOf(target) : undefined;
        if (targetUnit) into.add(targetUnit);
    });
}

/** The node a reference resolved to, without triggering resolution. */
export function resolvedTarget(reference: Reference): AstNode | undefined {
    const ref = (reference as unknown as { _ref?: unknown })._ref;
    return typeof ref === 'object' && ref !== null && '$type' in ref ? ref as AstNode : undefined;
}

/**
 * What other units' checks can see of a device: its name, its domains as written (without their chips and ops,
 * which only the checks of domains whose chain or delegations reach them read: the validator re-checks those,
 * see `ResolvedTopology.replaceDevice`) and the shared domains its interrupts name (which devices use a shared
 * domain). Not part of it: the device's own attributes (bus address, tables, `behind`, assignment), read only by
 * the device's own checks and the shared domains' and model's checks, which run on every pass; and the interrupts
 * on its own domains, whose names reach other units through linking (see IrqLinker). Two versions of a device with
 * the same shape leave the diagnostics of every device that neither references them nor is referenced by them
 * unchanged.
 */
export function deviceShape(device: Device): string {
    const own = new Set(device.domains.map(domain => domain.name));
    const external = [...new Set(device.irqs.map(irq => irq.domain?.$refText ?? '').filter(name => !own.has(name)))].sort();
    return JSON.stringify([device.name, external, device.domains], (key, value: unknown) => {
        if (key.startsWith('$') || key === 'chips' || key === 'ops') return undefined;
        if (typeof value === 'object' && value !== null && '$refText' in value) return (value as Reference).$refText;
        return value;
    });
}
