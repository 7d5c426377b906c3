// Numeric ranges of the DSL (`0x20..0xEA`, `cpus 0..3, 6`): as RangeSpec, or expanded into lists with a
// size guard so that a typo like `cpus 0..1000000` is an error instead of a million-entry array.
import type { Range } from '../language/generated/ast.js';
import type { RangeSpec } from '../emulator/spec.js';
import { elaborationError, type ElaborationError } from './elaboration-error.js';
import { locOf } from './source-loc.js';

/** Largest list an expanded range may produce (CPU lists, vector lists). */
export const MAX_EXPANDED = 65536;

/** A range as written (`to` only when given). */
export function rangeSpec(range: Range): RangeSpec {
    return range.to === undefined ? { from: range.from } : { from: range.from, to: range.to };
}

/** Expands ranges into a sorted list without duplicates; reversed or oversized ranges are errors. */
export function expandRanges(ranges: readonly Range[], what: string, errors: ElaborationError[]): number[] {
    const out = new Set<number>();
    for (const range of ranges) {
        const to = range.to ?? range.from;
        if (to < range.from) {
            errors.push(elaborationError(`${what}: range ${range.from}..${to} runs backwards`, locOf(range)));
            continue;
        }
        if (to - range.from + 1 > MAX_EXPANDED || out.size + (to - range.from + 1) > MAX_EXPANDED) {
            errors.push(elaborationError(`${what}: range ${range.from}..${to} is larger than ${MAX_EXPANDED} entries`, locOf(range)));
            continue;
        }
        for (let v = range.from; v <= to; v++) out.add(v);
    }
    return [...out].sort((a, b) => a - b);
}
