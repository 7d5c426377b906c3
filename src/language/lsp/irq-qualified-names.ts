// The parts of a qualified interrupt reference `device.irq` in the source: which tokens name the device and
// which the interrupt, so hover and rename can act on the part under the cursor.
import type { LeafCstNode } from 'langium';
import type { IrqRef } from '../generated/ast.js';
import { visibleLeaves } from './irq-cst-context.js';

/** The tokens of a qualified reference: the device part (before the last dot) and the interrupt name. */
export interface QualifiedParts {
    readonly device: LeafCstNode[];
    readonly irq: LeafCstNode | undefined;
}

/** Splits the reference text of `ref.irq` into its device tokens and its interrupt token. */
export function qualifiedParts(ref: IrqRef): QualifiedParts {
    const leaves = visibleLeaves(ref.irq?.$refNode);
    const lastDot = leaves.map(l => l.text).lastIndexOf('.');
    if (lastDot < 0) return { device: [], irq: leaves[leaves.length - 1] };
    return { device: leaves.slice(0, lastDot).filter(l => l.text !== '.'), irq: leaves[lastDot + 1] };
}

/** Which part of the qualified reference the offset falls in, with that part's token. */
export function qualifiedSegmentAt(ref: IrqRef, offset: number): { part: 'device' | 'irq'; leaf: LeafCstNode } | undefined {
    const parts = qualifiedParts(ref);
    const contains = (leaf: LeafCstNode) => offset >= leaf.offset && offset <= leaf.end;
    const device = parts.device.find(contains);
    if (device) return { part: 'device', leaf: device };
    if (parts.irq && contains(parts.irq)) return { part: 'irq', leaf: parts.irq };
    return undefined;
}
