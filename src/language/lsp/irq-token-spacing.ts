// Spacing between two adjacent tokens of an .irq line: none around `.` and `..`, none before `,` `[` `]`,
// none inside brackets, one space otherwise. Shared by the formatter and the outline's step names.

const noSpaceBefore = new Set([',', '.', '..', '[', ']']);
const noSpaceAfter = new Set(['.', '..', '[']);

/** True when one space separates `previous` and `next` on the same line. */
export function spaceBetween(previous: string, next: string): boolean {
    return !noSpaceBefore.has(next) && !noSpaceAfter.has(previous);
}

/** Joins token texts into one line with the language's spacing. */
export function joinTokens(tokens: readonly string[]): string {
    let text = '';
    tokens.forEach((token, i) => {
        text += i > 0 && spaceBetween(tokens[i - 1], token) ? ` ${token}` : token;
    });
    return text;
}
