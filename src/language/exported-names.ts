// The names under which elements of a .irq file are exported and referenced: topologies, scenarios, domains and
// devices by their name, interrupts by their qualified name `device.irq`.
import type { AstNode } from 'langium';
import { isDevice, isDomain, isInterrupt, isScenario, isTopology, type Interrupt } from './generated/ast.js';

/** The name under which an interrupt is referenced from scenarios: `device.irq`. */
export function qualifiedInterruptName(irq: Interrupt): string | undefined {
    const device = irq.$container;
    return device?.name && irq.name ? `${device.name}.${irq.name}` : undefined;
}

/** The name under which a node is exported (and referenced), or undefined for nodes that are not referencable. */
export function exportedName(node: AstNode): string | undefined {
    if (isInterrupt(node)) return qualifiedInterruptName(node);
    if (isTopology(node) || isScenario(node) || isDomain(node) || isDevice(node)) return node.name || undefined;
    return undefined;
}
