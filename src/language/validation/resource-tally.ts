// Running sums of a resource per bucket (a CPU, a hart, an IR unit, an ITS), computed once per topology, that
// find the first contribution which pushed a bucket over its capacity - where the diagnostic goes.
import type { AstNode } from 'langium';

/** One contribution to a bucket. */
export interface Contribution<T> {
    readonly item: T;
    readonly amount: number;
    /** The bucket's total after this contribution. */
    readonly runningTotal: number;
}

/** A bucket that ended up over its capacity. */
export interface Overflow<T, K = string> {
    readonly key: K;
    readonly total: number;
    readonly capacity: number;
    readonly contributions: readonly Contribution<T>[];
    /** The first contribution after which the bucket was over capacity. */
    readonly crossing: Contribution<T>;
}

/** Adds `amount` of the resource to bucket `key` on behalf of `item`. */
export type AddFn<T, K = string> = (key: K, amount: number, item: T) => void;

/**
 * Sums amounts per bucket in contribution order. The contributions are produced by `feed`, which is run once
 * for the totals and, only when some bucket overflows, once more to collect that bucket's contributions - so a
 * topology that fits allocates one number per bucket and nothing per contribution.
 */
export class Tally<T, K = string> {
    private readonly totals: Map<K, number>;

    /**
     * `totals`, when given, are the totals `feed` would give, in the order it first gives each bucket an amount
     * (computed by the caller in a pass of its own); `feed` then runs only for an overflow's contributions.
     */
    constructor(private readonly feed: (add: AddFn<T, K>) => void, totals?: Map<K, number>) {
        if (totals) {
            this.totals = totals;
            return;
        }
        this.totals = new Map<K, number>();
        feed((key, amount) => {
            if (amount > 0) this.totals.set(key, (this.totals.get(key) ?? 0) + amount);
        });
    }

    total(key: K): number {
        return this.totals.get(key) ?? 0;
    }

    /** Buckets whose total exceeds `capacity(key)`, with their contributions. */
    overflows(capacity: (key: K) => number): Overflow<T, K>[] {
        const over = new Map<K, number>();
        for (const [key, total] of this.totals) {
            const cap = capacity(key);
            if (total > cap) over.set(key, cap);
        }
        if (over.size === 0) return [];
        const collected = new Map<K, Contribution<T>[]>([...over.keys()].map(k => [k, []]));
        const running = new Map<K, number>();
        this.feed((key, amount, item) => {
            const list = collected.get(key);
            if (!list || amount <= 0) return;
            const total = (running.get(key) ?? 0) + amount;
            running.set(key, total);
            list.push({ item, amount, runningTotal: total });
        });
        return [...over].map(([key, cap]) => {
            const contributions = collected.get(key)!;
            return { key, total: this.total(key), capacity: cap, contributions, crossing: contributions.find(c => c.runningTotal > cap)! };
        });
    }
}

/**
 * Where to report an overflow in the validated document: the crossing contribution when it is local, else the
 * first local contribution after it, else the first local one at all (undefined when none is local).
 */
export function reportTarget<T, K>(overflow: Overflow<T, K>, nodeOf: (item: T) => AstNode, isLocal: (node: AstNode) => boolean): T | undefined {
    const list = overflow.contributions;
    const start = list.indexOf(overflow.crossing);
    for (let i = start; i < list.length; i++) if (isLocal(nodeOf(list[i].item))) return list[i].item;
    for (let i = 0; i < start; i++) if (isLocal(nodeOf(list[i].item))) return list[i].item;
    return undefined;
}

/** Sums of `amount` grouped by a label (e.g. per device), largest first, as `name n` strings. */
export function topContributors<T>(contributions: readonly Contribution<T>[], labelOf: (item: T) => string, max = 3): string[] {
    const sums = new Map<string, number>();
    for (const c of contributions) sums.set(labelOf(c.item), (sums.get(labelOf(c.item)) ?? 0) + c.amount);
    const sorted = [...sums.entries()].sort((a, b) => b[1] - a[1]);
    const shown = sorted.slice(0, max).map(([name, n]) => `${name} ${n}`);
    return sorted.length > max ? [...shown, `${sorted.length - max} more`] : shown;
}
