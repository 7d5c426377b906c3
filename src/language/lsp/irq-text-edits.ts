// Text edits on .irq documents for the quick fixes: replace a property, delete a clause, add a clause to a
// domain, chip, device or interrupt, keeping the file's indentation and one-line blocks as they are.
import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { Chip, Device, Domain } from '../generated/ast.js';

/** Collects the edits of one quick fix on one document. */
export class EditBuilder {
    readonly edits: TextEdit[] = [];
    private readonly text: string;

    constructor(readonly document: LangiumDocument) {
        this.text = document.textDocument.getText();
    }

    /** The range of a node's property (or of the whole node). */
    rangeOf(node: AstNode, property?: string, index?: number): Range | undefined {
        const cst = property ? GrammarUtils.findNodeForProperty(node.$cstNode, property, index) : node.$cstNode;
        return cst?.range;
    }

    /** The range of one of the node's own keywords. */
    keywordRange(node: AstNode, keyword: string, last = false): Range | undefined {
        const nodes = GrammarUtils.findNodesForKeyword(node.$cstNode, keyword);
        return (last ? nodes[nodes.length - 1] : nodes[0])?.range;
    }

    replace(range: Range, newText: string): this {
        this.edits.push({ range, newText });
        return this;
    }

    /** Replaces a property's text. */
    replaceProperty(node: AstNode, property: string, newText: string, index?: number): this {
        const range = this.rangeOf(node, property, index);
        if (range) this.replace(range, newText);
        return this;
    }

    insert(position: Position, newText: string): this {
        return this.replace({ start: position, end: position }, newText);
    }

    /** Deletes from `start` to `end` with the blanks before it, or the whole line when nothing else is on it. */
    deleteSpan(start: Position, end: Position): this {
        const startOffset = this.offset(start);
        const endOffset = this.offset(end);
        const lineStart = this.text.lastIndexOf('\n', startOffset - 1) + 1;
        let lineEnd = this.text.indexOf('\n', endOffset);
        if (lineEnd < 0) lineEnd = this.text.length;
        if (this.text.slice(lineStart, startOffset).trim() === '' && this.text.slice(endOffset, lineEnd).trim() === '') {
            return this.replace({ start: this.position(lineStart), end: this.position(Math.min(lineEnd + 1, this.text.length)) }, '');
        }
        let from = startOffset;
        while (from > 0 && (this.text[from - 1] === ' ' || this.text[from - 1] === '\t')) from--;
        return this.replace({ start: this.position(from), end }, '');
    }

    /** Deletes a whole node, with its lines when nothing else is on them. */
    deleteNode(node: AstNode): this {
        const range = node.$cstNode?.range;
        return range ? this.deleteSpan(range.start, range.end) : this;
    }

    /** Adds a clause inside a domain's `{ }` block, creating the block when there is none. */
    addToDomain(domain: Domain, clause: string): this {
        return this.addToBlock(domain, clause);
    }

    /** Adds a clause to a device: on its own line before the first interrupt, else at the end of its block. */
    addToDevice(device: Device, clause: string): this {
        const first = device.irqs[0]?.$cstNode?.range;
        const open = this.keywordRange(device, '{');
        if (first && open && first.start.line > open.start.line) {
            const lineStart = this.offset({ line: first.start.line, character: 0 });
            const indent = this.text.slice(lineStart, this.offset(first.start));
            if (indent.trim() === '') return this.insert({ line: first.start.line, character: 0 }, `${indent}${clause}\n`);
        }
        return this.addToBlock(device, clause);
    }

    /** Adds callbacks to a domain's chip: into its existing chip, or as a new `chip NAME { … }`. */
    addToChip(domain: Domain, chipName: string, callbacks: string): this {
        const chip: Chip | undefined = domain.chips[0];
        if (!chip) return this.addToDomain(domain, `chip ${chipName} { ${callbacks} }`);
        return this.addToBlock(chip, callbacks);
    }

    /** Appends text after a node (on the same line), e.g. ` oneshot` after an interrupt. */
    append(node: AstNode, text: string): this {
        const range = node.$cstNode?.range;
        if (range) this.insert(range.end, text);
        return this;
    }

    /** Adds a clause inside a node's own `{ }` block, creating the block when there is none. */
    addToBlock(node: AstNode, clause: string): this {
        const open = this.keywordRange(node, '{');
        const close = this.keywordRange(node, '}', true);
        if (!open || !close) return this.append(node, ` { ${clause} }`);
        if (open.start.line === close.start.line) {
            const before = this.text[this.offset(close.start) - 1];
            return this.insert(close.start, `${before === ' ' ? '' : ' '}${clause} `);
        }
        const closeLineStart = this.text.lastIndexOf('\n', this.offset(close.start) - 1) + 1;
        const closeIndent = this.text.slice(closeLineStart, this.offset(close.start));
        const inner = this.innerIndent(open, close) ?? `${closeIndent}  `;
        if (closeIndent.trim() !== '') return this.insert(close.start, ` ${clause} `);
        return this.insert(this.position(closeLineStart), `${inner}${clause}\n`);
    }

    /** The indentation of the first line inside a block. */
    private innerIndent(open: Range, close: Range): string | undefined {
        const from = this.text.indexOf('\n', this.offset(open.end));
        if (from < 0 || from >= this.offset(close.start)) return undefined;
        const match = /^[ \t]*/.exec(this.text.slice(from + 1));
        const indent = match?.[0] ?? '';
        const firstChar = this.text[from + 1 + indent.length];
        return firstChar === '}' || firstChar === '\n' ? undefined : indent;
    }

    offset(position: Position): number {
        return this.document.textDocument.offsetAt(position);
    }

    position(offset: number): Position {
        return this.document.textDocument.positionAt(offset);
    }
}
