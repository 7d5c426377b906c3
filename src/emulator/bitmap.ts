// A compact bitmap (Uint32Array words) for large allocators - IRTE tables, the LPI range - so that
// snapshots copy 8 KiB instead of 64 KiB per table.

/** A bitmap with room for n bits. */
export function newBitmap(n: number): Uint32Array {
    return new Uint32Array(Math.ceil(n / 32));
}

/** Is bit i set? */
export function testBit(bm: Uint32Array, i: number): boolean {
    return (bm[i >>> 5] & (1 << (i & 31))) !== 0;
}

/** Sets or clears bits [i, i + n). */
export function setBits(bm: Uint32Array, i: number, n: number, on: boolean): void {
    for (let k = i; k < i + n; k++) {
        if (on) bm[k >>> 5] |= 1 << (k & 31);
        else bm[k >>> 5] &= ~(1 << (k & 31));
    }
}

/**
 * First free region of n bits within [0, size) starting at a multiple of `align`
 * (`bitmap_find_free_region()` uses align = n, a power of two). Returns -1 when none.
 */
export function findFreeRegion(bm: Uint32Array, size: number, n: number, align: number): number {
    for (let base = 0; base + n <= size; base += align) {
        if (bm[base >>> 5] === 0xffffffff && (base & 31) === 0 && align <= 32) { base += 32 - align; continue; }
        let free = true;
        for (let k = 0; k < n; k++) if (testBit(bm, base + k)) { free = false; break; }
        if (free) return base;
    }
    return -1;
}
