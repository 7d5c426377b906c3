// Formatting of .irq documents: 2-space indentation per brace level, one member per line in topology, domain,
// device, chip, ops and scenario blocks, single spaces between tokens, `name: mode` for callbacks, at most one
// blank line, the file's own line ending. Only whitespace changes: every token and comment is kept verbatim (block
// comments are re-indented as a whole), the result is stable under reformatting, files with syntax errors are left as is.
import { AstUtils, CstUtils, GrammarAST, type AstNode, type LangiumDocument, type LeafCstNode, type MaybePromise } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
    DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentOnTypeFormattingParams, DocumentRangeFormattingParams,
    Range, TextEdit
} from 'vscode-languageserver';
import {
    isCallback, isChip, isCpu, isDevice, isDomain, isDomainOps, isElement, isImport, isInterrupt, isOption, isStep, isTopology
} from '../generated/ast.js';
import { spaceBetween } from './irq-token-spacing.js';

/** Spaces per brace level. */
export const indentUnit = 2;

type TokenKind = 'code' | 'line-comment' | 'block-comment';

interface Token {
    readonly text: string;
    readonly offset: number;
    readonly end: number;
    readonly kind: TokenKind;
    readonly leaf: LeafCstNode;
}

/** A replacement of `[start, end)` of the original text. */
interface Replacement {
    readonly start: number;
    readonly end: number;
    readonly text: string;
}

/** Formats .irq documents. */
export class IrqFormatter implements Formatter {
    formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): MaybePromise<TextEdit[]> {
        return this.edits(document);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): MaybePromise<TextEdit[]> {
        const text = document.textDocument;
        const start = text.offsetAt(params.range.start);
        const end = text.offsetAt(params.range.end);
        return this.edits(document, r => r.start >= start && r.end <= end);
    }

    formatDocumentOnType(_document: LangiumDocument, _params: DocumentOnTypeFormattingParams): MaybePromise<TextEdit[]> {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    private edits(document: LangiumDocument, keep: (r: Replacement) => boolean = () => true): TextEdit[] {
        const replacements = formatReplacements(document);
        const textDocument = document.textDocument;
        return replacements.filter(keep).map(r => ({ range: rangeOf(textDocument, r), newText: r.text }));
    }
}

function rangeOf(textDocument: LangiumDocument['textDocument'], r: Replacement): Range {
    return { start: textDocument.positionAt(r.start), end: textDocument.positionAt(r.end) };
}

/** The whitespace (and block comment) replacements that format the document; none if it has syntax errors. */
function formatReplacements(document: LangiumDocument): Replacement[] {
    const parse = document.parseResult;
    const root = parse?.value?.$cstNode;
    if (!root || parse.lexerErrors.length > 0 || parse.parserErrors.length > 0) return [];
    const text = document.textDocument.getText();
    const tokens = tokensOf(root.root.fullText === text ? CstUtils.flattenCst(root).toArray() : [], text);
    if (!tokens || tokens.length === 0) return [];
    const layout = new Layout(parse.value, tokens, text.includes('\r\n') ? '\r\n' : '\n');
    return layout.replacements(text);
}

/** The document's tokens, or undefined when the CST does not account for every non-blank character. */
function tokensOf(leaves: LeafCstNode[], text: string): Token[] | undefined {
    const tokens: Token[] = [];
    let position = 0;
    for (const leaf of leaves) {
        if (leaf.length === 0 || /^\s*$/.test(leaf.text)) continue;
        if (leaf.offset < position || /\S/.test(text.slice(position, leaf.offset))) return undefined;
        const kind: TokenKind = !leaf.hidden ? 'code' : leaf.text.startsWith('//') ? 'line-comment' : 'block-comment';
        tokens.push({ text: leaf.text, offset: leaf.offset, end: leaf.end, kind, leaf });
        position = leaf.end;
    }
    if (/\S/.test(text.slice(position))) return undefined;
    return tokens;
}

/** Node types each of which starts a new line. */
function isMember(node: AstNode): boolean {
    return isImport(node) || isElement(node) || isCpu(node) || isOption(node) || isDomain(node) || isDevice(node)
        || isInterrupt(node) || isChip(node) || isDomainOps(node) || isCallback(node) || isStep(node);
}

/** Block types whose keyword-led properties (`size 4`, `flags A B`, `behind X`) each start a new line. */
function hasKeywordMembers(node: AstNode): boolean {
    return isTopology(node) || isDomain(node) || isDevice(node) || isChip(node);
}

/** True for a keyword that opens one alternative of a block's `( ... )*` member list. */
function opensKeywordMember(leaf: LeafCstNode): boolean {
    const keyword = leaf.grammarSource;
    if (!GrammarAST.isKeyword(keyword) || !hasKeywordMembers(leaf.astNode)) return false;
    const group: AstNode | undefined = keyword.$container;
    return GrammarAST.isGroup(group) && group.elements[0] === keyword
        && GrammarAST.isAlternatives(group.$container) && group.$container.cardinality === '*';
}

/** Decides the whitespace before every token. */
class Layout {
    private readonly breakBefore = new Set<number>();
    private readonly tightColon = new Set<number>();

    constructor(model: AstNode, private readonly tokens: Token[], private readonly eol: string) {
        for (const token of tokens) {
            if (token.kind !== 'code') continue;
            if (opensKeywordMember(token.leaf)) this.breakBefore.add(token.offset);
            if (token.text === ':' && isCallback(token.leaf.astNode)) this.tightColon.add(token.offset);
        }
        for (const node of AstUtils.streamAst(model)) {
            if (!isMember(node) || !node.$cstNode) continue;
            const first = CstUtils.flattenCst(node.$cstNode).find(l => !l.hidden && l.length > 0);
            if (first) this.breakBefore.add(first.offset);
        }
    }

    replacements(text: string): Replacement[] {
        const result: Replacement[] = [];
        const replace = (start: number, end: number, value: string) => {
            if (text.slice(start, end) !== value) result.push({ start, end, text: value });
        };
        let depth = 0;
        let previousCode: Token | undefined;
        replace(0, this.tokens[0].offset, '');
        this.tokens.forEach((token, i) => {
            if (token.kind === 'code' && token.text === '}') depth = Math.max(0, depth - 1);
            if (i > 0) {
                const previous = this.tokens[i - 1];
                const gap = text.slice(previous.end, token.offset);
                const separator = this.separator(previous, token, previousCode, gap, depth);
                replace(previous.end, token.offset, separator);
                if (token.kind === 'block-comment') this.reindentComment(text, token, separator, replace);
            }
            if (token.kind === 'code') {
                if (token.text === '{') depth++;
                previousCode = token;
            }
        });
        const last = this.tokens[this.tokens.length - 1];
        replace(last.end, text.length, this.eol);
        return result;
    }

    private separator(previous: Token, token: Token, previousCode: Token | undefined, gap: string, depth: number): string {
        const newlines = (gap.match(/\n/g) ?? []).length;
        const line = (indent: number, allowBlank = true) =>
            (allowBlank && newlines >= 2 ? this.eol + this.eol : this.eol) + ' '.repeat(indent * indentUnit);
        const opensBlock = previous.kind === 'code' && previous.text === '{';
        if (token.kind !== 'code') {
            if (previous.kind === 'line-comment' || newlines > 0) return line(depth, !opensBlock);
            return ' ';
        }
        if (token.text === '}') {
            return opensBlock ? '' : line(depth, false);
        }
        if (previous.kind === 'line-comment' || opensBlock || this.breakBefore.has(token.offset)) {
            if (opensBlock || this.breakBefore.has(token.offset)) return line(depth, !opensBlock);
            return line(depth + 2);
        }
        if (previous.kind === 'block-comment') {
            return newlines > 0 ? line(depth + 2) : ' ';
        }
        if (token.text === ':' && this.tightColon.has(token.offset)) return '';
        return previousCode && spaceBetween(previousCode.text, token.text) ? ' ' : '';
    }

    /** Shifts the continuation lines of a block comment that starts a line by as much as its first line moved. */
    private reindentComment(text: string, token: Token, separator: string, replace: (s: number, e: number, v: string) => void): void {
        if (!token.text.includes('\n') || !separator.includes('\n')) return;
        const lineStart = text.lastIndexOf('\n', token.offset - 1) + 1;
        if (/\S/.test(text.slice(lineStart, token.offset))) return;
        const oldColumn = token.offset - lineStart;
        const newColumn = separator.length - separator.lastIndexOf('\n') - 1;
        const delta = newColumn - oldColumn;
        if (delta === 0) return;
        const lines = token.text.split('\n');
        const shifted = lines.map((l, i) => {
            if (i === 0 || l.trim() === '') return l;
            if (delta > 0) return ' '.repeat(delta) + l;
            const removable = /^[ \t]*/.exec(l)![0].length;
            return l.slice(Math.min(removable, -delta));
        });
        replace(token.offset, token.end, shifted.join('\n'));
    }
}
