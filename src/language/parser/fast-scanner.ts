// A scanner for error-free `.irq` text that yields the same tokens (kinds, offsets, lines and columns) as the
// Langium lexer, one at a time and without allocating them; anything it is unsure of stops the fast parse.
import type { LeafCstNode } from 'langium';
import { WordTable } from './word-table.js';

/** A Langium token type (Chevrotain's), as CST leaves carry it. */
export type TokenType = LeafCstNode['tokenType'];

/** The token kind at end of input. */
export const EOF = '<EOF>';

/** A comment between two tokens: the parser hands these to the CST as hidden leaves. */
export interface HiddenToken {
    readonly offset: number;
    readonly length: number;
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine: number;
    /** Exclusive, like an LSP position's character. */
    readonly endColumn: number;
    readonly tokenType: TokenType;
}

/** Thrown when the scanner meets text it does not handle the way the Langium lexer would; the caller falls back. */
export class ScanBailout extends Error {}

const BDF = /[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]/y;
const VERSION = /[0-9]+\.[0-9]+(\.[0-9]+)?/y;
const NUMBER = /0[xX][0-9a-fA-F]+|[0-9]+/y;
const ERRNO = /-E[A-Z0-9]+/y;
const STRING = /"(\\.|[^"\\])*"/y;
const UNICODE_SPACE = /\s/;

const enum Char {
    Tab = 9, LineFeed = 10, VerticalTab = 11, FormFeed = 12, CarriageReturn = 13, Space = 32, Quote = 34,
    Comma = 44, Minus = 45, Dot = 46, Slash = 47, Star = 42, Zero = 48, Nine = 57, Colon = 58,
    UpperA = 65, UpperZ = 90, LeftBracket = 91, RightBracket = 93, Underscore = 95, LowerA = 97, LowerZ = 122,
    LeftBrace = 123, RightBrace = 125
}

/** Whether a bus address (`ssss:bb:dd.f`) can start at `position`: its fifth character is a colon. */
function couldBeBusAddress(text: string, position: number): boolean {
    return text.charCodeAt(position + 4) === Char.Colon;
}

/** Whether a version (`6.12`) can start at `position`: its digits are followed by a dot and a digit. */
function couldBeVersion(text: string, position: number): boolean {
    let end = position;
    while (isDigit(text.charCodeAt(end))) end++;
    return end > position && text.charCodeAt(end) === Char.Dot && isDigit(text.charCodeAt(end + 1));
}

function isDigit(code: number): boolean {
    return code >= Char.Zero && code <= Char.Nine;
}

function isIdentifierPart(code: number): boolean {
    return (code >= Char.LowerA && code <= Char.LowerZ) || (code >= Char.UpperA && code <= Char.UpperZ)
        || (code >= Char.Zero && code <= Char.Nine) || code === Char.Underscore;
}

/**
 * The current token is in the fields `kind` (a keyword's text, a terminal's name, or `EOF`), `offset`, `end` and the
 * 0-based `line`/`column` of its start; `hidden` holds the comments met since the previous token.
 */
export class FastScanner {
    kind = '';
    offset = 0;
    end = 0;
    line = 0;
    column = 0;
    endLine = 0;
    endColumn = 0;
    hidden: HiddenToken[] = [];
    /** The current token's text when the scanner already cut it out (a word), else undefined. */
    private cutImage: string | undefined = undefined;
    private position = 0;
    private lineNumber = 0;
    private lineStart = 0;

    /** The keywords and (when the scanner keeps names) the first distinct names read, one string of each. */
    private readonly words: WordTable;

    /**
     * `keepNames`: in a text of `namesTableMinText` or more, keep one string of each of the first `namesKept`
     * distinct names, which the AST then shares (a scanner that only rebuilds the CST of nodes already made does
     * not need them).
     */
    constructor(private readonly text: string, private readonly tokenTypes: Record<string, TokenType>, keywords: ReadonlySet<string>, keepNames = true) {
        // A table of its own (names included) pays for itself in a large text only: a small file, or one unit read
        // again after an edit, uses the keywords' table, shared by every scanner.
        this.words = keepNames && text.length >= namesTableMinText ? new WordTable(keywords, namesKept) : keywordTable(keywords);
    }

    /** A scanner at the same place, to look ahead without moving this one. */
    fork(): FastScanner {
        const copy = Object.assign(Object.create(FastScanner.prototype) as FastScanner, this);
        copy.hidden = [];
        return copy;
    }

    /** Goes to the token that starts at `offset` (0-based `line` and `column`), as if every token before it was read. */
    seek(offset: number, line: number, column: number): void {
        this.position = offset;
        this.lineNumber = line;
        this.lineStart = offset - column;
        this.hidden = [];
        this.next();
    }

    /** The text of the current token. */
    image(): string {
        return this.cutImage ?? this.text.substring(this.offset, this.end);
    }

    /** The Langium token type of the current token (looked up only for the tokens that become CST leaves). */
    get tokenType(): TokenType {
        return this.tokenTypes[this.kind];
    }

    /** Moves to the next token; throws `ScanBailout` where the text is not plain, error-free input. */
    next(): void {
        if (this.hidden.length > 0) this.hidden = [];
        const text = this.text;
        for (;;) {
            this.skipWhitespace();
            const position = this.position;
            if (position >= text.length) {
                this.setToken(EOF, position, position);
                return;
            }
            const code = text.charCodeAt(position);
            if (code === Char.Slash) {
                if (this.comment(position)) continue;
                throw new ScanBailout('/');
            }
            if ((code >= Char.LowerA && code <= Char.LowerZ) || (code >= Char.UpperA && code <= Char.UpperZ) || code === Char.Underscore) {
                this.word(position);
            } else if (code >= Char.Zero && code <= Char.Nine) {
                this.numeric(position);
            } else if (code === Char.Quote) {
                this.setToken('STRING', position, this.match(STRING, position));
            } else if (code === Char.Minus) {
                this.setToken('ERRNO', position, this.match(ERRNO, position));
            } else if (code === Char.Dot) {
                const dots = text.charCodeAt(position + 1) === Char.Dot ? 2 : 1;
                this.setToken(dots === 2 ? '..' : '.', position, position + dots);
            } else if (code === Char.LeftBrace || code === Char.RightBrace || code === Char.Colon || code === Char.Comma
                || code === Char.LeftBracket || code === Char.RightBracket) {
                this.setToken(text[position], position, position + 1);
            } else {
                throw new ScanBailout(text[position]);
            }
            return;
        }
    }

    private skipWhitespace(): void {
        const text = this.text;
        let position = this.position;
        for (; position < text.length; position++) {
            const code = text.charCodeAt(position);
            if (code === Char.Space || code === Char.Tab) continue;
            if (code === Char.LineFeed) {
                this.lineNumber++;
                this.lineStart = position + 1;
            } else if (code === Char.CarriageReturn) {
                if (text.charCodeAt(position + 1) === Char.LineFeed) position++;
                this.lineNumber++;
                this.lineStart = position + 1;
            } else if (code === Char.FormFeed || code === Char.VerticalTab) {
                continue;
            } else if (code < 128 || !UNICODE_SPACE.test(text[position])) {
                break;
            }
        }
        this.position = position;
    }

    /** A comment at `position`: recorded as hidden, true; false when `/` starts no comment. */
    private comment(position: number): boolean {
        const text = this.text;
        const second = text.charCodeAt(position + 1);
        let end: number;
        let name: string;
        if (second === Char.Star) {
            const close = text.indexOf('*/', position + 2);
            if (close < 0) throw new ScanBailout('unterminated comment');
            end = close + 2;
            name = 'ML_COMMENT';
        } else if (second === Char.Slash) {
            end = position + 2;
            while (end < text.length) {
                const code = text.charCodeAt(end);
                if (code === Char.LineFeed || code === Char.CarriageReturn) break;
                end++;
            }
            name = 'SL_COMMENT';
        } else {
            return false;
        }
        const startLine = this.lineNumber;
        const startColumn = position - this.lineStart;
        this.advanceLines(position, end);
        this.hidden.push({
            offset: position, length: end - position, startLine, startColumn,
            endLine: this.lineNumber, endColumn: end - this.lineStart, tokenType: this.tokenTypes[name]
        });
        this.position = end;
        return true;
    }

    /** An identifier or keyword at `position` (a letter or underscore). */
    private word(position: number): void {
        const text = this.text;
        if (couldBeBusAddress(text, position)) {
            BDF.lastIndex = position;
            if (BDF.test(text)) throw new ScanBailout('bus address starting with a letter');
        }
        // The word's hash is folded while its characters are read: a word met before is then found without cutting it.
        let hash = WordTable.hashStep(WordTable.hashStart, text.charCodeAt(position));
        let end = position + 1;
        for (;;) {
            let code = text.charCodeAt(end);
            while (isIdentifierPart(code)) {
                hash = WordTable.hashStep(hash, code);
                code = text.charCodeAt(++end);
            }
            // `-` joins two parts of a word (`pci-msix`, `INTEL-IR-0`) when a part follows it.
            if (code !== Char.Minus || !isIdentifierPart(text.charCodeAt(end + 1))) break;
            hash = WordTable.hashStep(hash, code);
            end++;
        }
        const words = this.words;
        const slot = words.find(text, position, end, hash);
        if (slot >= 0) {
            // A keyword's text is the grammar's string of it, and a name met before among the first few thousand is
            // the string of its first use (platform domains, chip and interrupt names repeat): one string for all.
            const word = words.wordAt(slot);
            this.setToken(words.isKeyword(slot) ? word : 'ID', position, end);
            this.cutImage = word;
            return;
        }
        const name = text.substring(position, end);
        words.addName(name, hash);
        this.setToken('ID', position, end);
        this.cutImage = name;
    }

    /** A bus address, version or number at `position` (a digit), tried in the lexer's order. */
    private numeric(position: number): void {
        const text = this.text;
        BDF.lastIndex = position;
        if (couldBeBusAddress(text, position) && BDF.test(text)) {
            this.setToken('BDF', position, BDF.lastIndex);
            return;
        }
        VERSION.lastIndex = position;
        if (couldBeVersion(text, position) && VERSION.test(text)) {
            this.setToken('VERSION', position, VERSION.lastIndex);
            return;
        }
        this.setToken('NUMBER', position, this.match(NUMBER, position));
    }

    private match(pattern: RegExp, position: number): number {
        pattern.lastIndex = position;
        if (!pattern.test(this.text)) throw new ScanBailout(`no ${pattern.source} at ${position}`);
        return pattern.lastIndex;
    }

    private setToken(kind: string, offset: number, end: number): void {
        this.kind = kind;
        this.cutImage = undefined;
        this.offset = offset;
        this.end = end;
        this.line = this.lineNumber;
        this.column = offset - this.lineStart;
        if (kind === 'STRING') this.advanceLines(offset, end);
        this.endLine = this.lineNumber;
        this.endColumn = end - this.lineStart;
        this.position = end;
    }

    /** Counts the line breaks in `[from, to)` the way the lexer does (`\n`, `\r\n` and a lone `\r`). */
    private advanceLines(from: number, to: number): void {
        const text = this.text;
        for (let i = from; i < to; i++) {
            const code = text.charCodeAt(i);
            if (code === Char.LineFeed) {
                this.lineNumber++;
                this.lineStart = i + 1;
            } else if (code === Char.CarriageReturn) {
                if (i + 1 < to && text.charCodeAt(i + 1) === Char.LineFeed) i++;
                this.lineNumber++;
                this.lineStart = i + 1;
            }
        }
    }
}

/** How many distinct names a scanner keeps one string of. */
const namesKept = 4096;

/** The length of text from which a scanner keeps names (a 100-device topology is about 40 kB). */
const namesTableMinText = 32 * 1024;

const keywordTables = new WeakMap<ReadonlySet<string>, WordTable>();

/** A table of the keywords alone (made once per keyword set), for scanners that keep no names. */
function keywordTable(keywords: ReadonlySet<string>): WordTable {
    let table = keywordTables.get(keywords);
    if (!table) {
        table = new WordTable(keywords, 0);
        keywordTables.set(keywords, table);
    }
    return table;
}
