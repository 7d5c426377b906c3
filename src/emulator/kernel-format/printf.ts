// The few printf conversions the kernel's printers use: `%*s` indentation, `%0Nx`, `%Nu`, `%-Ns`, and the
// `%*pbl` CPU-list format ("0-3,6"), so the printers read like the C they mirror.

/** `%*s` with an empty string: `n` spaces. */
export function ind(n: number): string {
    return ' '.repeat(Math.max(0, n));
}

/** `0x%08x`. */
export function hex8(value: number): string {
    return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

/** `0x%lx`. */
export function hexl(value: number): string {
    return '0x' + (value >>> 0).toString(16);
}

/** `%Nu` / `%Nd`: right-aligned in `width`. */
export function right(value: number | string, width: number): string {
    return String(value).padStart(width, ' ');
}

/** `%-Ns`: left-aligned in `width`. */
export function left(value: string, width: number): string {
    return value.padEnd(width, ' ');
}

/** `%*pbl`: a sorted CPU (or bit) list as ranges, "0-3,6"; empty for an empty list. */
export function bitList(values: Iterable<number>): string {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const parts: string[] = [];
    for (let i = 0; i < sorted.length; i++) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
        parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
        i = j;
    }
    return parts.join(',');
}
