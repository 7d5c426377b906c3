// Which element types of the grammar a node is an instance of, decided once per `$type` with the generated
// reflection (subtypes included, as `isDevice` & co. decide it), for the walks that ask it of every node.
import type { AstNode } from 'langium';
import { Device, Domain, Extension, Interrupt, Scenario, Topology, reflection } from './generated/ast.js';

/** Bits of `elementKinds`: the node is an instance of the named grammar type. */
export const ElementKind = {
    interrupt: 1,
    topology: 2,
    scenario: 4,
    domain: 8,
    device: 16,
    extension: 32
} as const;

const tested: ReadonlyArray<readonly [number, string]> = [
    [ElementKind.interrupt, Interrupt.$type],
    [ElementKind.topology, Topology.$type],
    [ElementKind.scenario, Scenario.$type],
    [ElementKind.domain, Domain.$type],
    [ElementKind.device, Device.$type],
    [ElementKind.extension, Extension.$type]
];

const kindsByType = new Map<string, number>();

/** The `ElementKind` bits of a value: equal to asking `isInterrupt(node)`, `isTopology(node)`, … one by one. */
export function elementKinds(node: AstNode | undefined): number {
    // What `isAstNode` requires before the generated `isX` functions look at the type.
    if (typeof node !== 'object' || node === null) return 0;
    const type: unknown = node.$type;
    if (typeof type !== 'string') return 0;
    let kinds = kindsByType.get(type);
    if (kinds === undefined) {
        kinds = 0;
        for (const [bit, supertype] of tested) if (reflection.isSubtype(type, supertype)) kinds |= bit;
        kindsByType.set(type, kinds);
    }
    return kinds;
}
