// Linear-time hand-out of hidden tokens (comments) to the CST: Langium's parser splices them off the front of
// one array per consumed token, which is quadratic in the number of comments (10,000 doc comments: ~0.2 s).

import type { LangiumParser } from 'langium';

/** The part of a Chevrotain token this needs. */
interface IToken { startOffset: number }

interface LexerResultLike { hidden: IToken[] }

/** Where the parser stands in one parse's hidden tokens. */
interface Cursor { all: IToken[]; next: number }

/**
 * Replaces the parser's `extractHiddenTokens` with a cursor over the hidden tokens. Langium's `parse` reads
 * `lexerResult.hidden` once more at the end to attach the trailing comments; a getter hands it the rest.
 */
export function useLinearHiddenTokens(parser: LangiumParser): void {
    const cursors = new WeakMap<LexerResultLike, Cursor>();
    const target = parser as unknown as { lexerResult?: LexerResultLike; extractHiddenTokens(token: IToken): IToken[] };
    target.extractHiddenTokens = function (token: IToken): IToken[] {
        const result = target.lexerResult;
        if (!result) return [];
        let cursor = cursors.get(result);
        if (!cursor) {
            const all = result.hidden;
            if (all.length === 0) return [];
            const created: Cursor = { all, next: 0 };
            cursor = created;
            cursors.set(result, created);
            Object.defineProperty(result, 'hidden', { configurable: true, enumerable: true, get: () => created.all.slice(created.next) });
        }
        const { all } = cursor;
        const from = cursor.next;
        let to = from;
        const offset = token.startOffset;
        while (to < all.length && all[to].startOffset <= offset) to++;
        cursor.next = to;
        return to === from ? [] : all.slice(from, to);
    };
}
