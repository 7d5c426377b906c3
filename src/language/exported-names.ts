// The names under which elements of a .irq file are exported and referenced: topologies, scenarios, domains and
// devices by their name, interrupts by their qualified name `device.irq`.
import type { AstNode } from 'langium';
import type { Device, Domain, Interrupt, Scenario, Topology } from './generated/ast.js';
import { ElementKind, elementKinds } from './element-kinds.js';

/** The name under which an interrupt is referenced from scenarios: `device.irq`. */
export function qualifiedInterruptName(irq: Interrupt): string | undefined {
    const device = irq.$container;
    return device?.name && irq.name ? `${device.name}.${irq.name}` : undefined;
}

/** The element types exported by their own name. */
const named = ElementKind.topology | ElementKind.scenario | ElementKind.domain | ElementKind.device;

/** The name under which a node is exported (and referenced), or undefined for nodes that are not referencable. */
export function exportedName(node: AstNode): string | undefined {
    const kinds = elementKinds(node);
    if (kinds & ElementKind.interrupt) return qualifiedInterruptName(node as Interrupt);
    if (kinds & named) return (node as Topology | Scenario | Domain | Device).name || undefined;
    return undefined;
}
