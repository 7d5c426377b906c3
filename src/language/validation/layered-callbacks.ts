// The callbacks of a chip that the file writes, laid over the shared default chip of its kind: a read-only map
// with the order and values of the map that copying the defaults and setting the written ones would give.
import type { ResolvedCallback } from './resolved-topology.js';

/**
 * A chip's effective callbacks as a `ReadonlyMap`: the written callbacks (a few, kept in one list) over the
 * default chip's map, which thousands of device domains share. Iteration gives the default ops first, each
 * with its written callback when there is one, then the written ops the default chip lacks, in the order
 * first written, as `Map.set` over a copy of the defaults would.
 */
export class LayeredCallbacks implements ReadonlyMap<string, ResolvedCallback> {
    /**
     * @param defaults the default chip's callbacks
     * @param written the written callbacks in the order written; for an op written twice the later one counts,
     *   in the place of the first
     */
    constructor(private readonly defaults: ReadonlyMap<string, ResolvedCallback>, private readonly written: readonly ResolvedCallback[]) {
        for (let i = 1; i < written.length; i++) {
            if (this.indexOf(written[i].op) < i) {
                this.written = dedupe(written);
                break;
            }
        }
    }

    private indexOf(op: string): number {
        const written = this.written;
        for (let i = 0; i < written.length; i++) if (written[i].op === op) return i;
        return -1;
    }

    get(op: string): ResolvedCallback | undefined {
        const at = this.indexOf(op);
        return at >= 0 ? this.written[at] : this.defaults.get(op);
    }

    has(op: string): boolean {
        return this.indexOf(op) >= 0 || this.defaults.has(op);
    }

    get size(): number {
        let size = this.defaults.size;
        for (const callback of this.written) if (!this.defaults.has(callback.op)) size++;
        return size;
    }

    forEach(visit: (callback: ResolvedCallback, op: string, map: ReadonlyMap<string, ResolvedCallback>) => void, thisArg?: unknown): void {
        this.defaults.forEach((callback, op) => {
            const at = this.indexOf(op);
            visit.call(thisArg, at >= 0 ? this.written[at] : callback, op, this);
        });
        for (const callback of this.written) {
            if (!this.defaults.has(callback.op)) visit.call(thisArg, callback, callback.op, this);
        }
    }

    *entries(): MapIterator<[string, ResolvedCallback]> {
        const entries: [string, ResolvedCallback][] = [];
        this.forEach((callback, op) => entries.push([op, callback]));
        yield* entries;
    }

    *keys(): MapIterator<string> {
        for (const [op] of this.entries()) yield op;
    }

    *values(): MapIterator<ResolvedCallback> {
        for (const [, callback] of this.entries()) yield callback;
    }

    [Symbol.iterator](): MapIterator<[string, ResolvedCallback]> {
        return this.entries();
    }
}

/** One callback per op: the last written, in the place of the first (as `Map.set` keeps a key's place). */
function dedupe(written: readonly ResolvedCallback[]): ResolvedCallback[] {
    const result: ResolvedCallback[] = [];
    for (const callback of written) {
        const at = result.findIndex(c => c.op === callback.op);
        if (at >= 0) result[at] = callback;
        else result.push(callback);
    }
    return result;
}
