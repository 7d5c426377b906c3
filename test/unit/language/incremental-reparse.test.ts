// Incremental re-parsing: random edits inside devices, domains and scenarios of every example and fixture, each
// spliced into the old parse and compared, node by node (AST and CST with positions), with a full parse.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AstNode, LangiumParser, ParseResult } from 'langium';
import { diffSpan, tryIncrementalReparse } from '../../../src/language/parser/incremental-reparse.js';
import { isDevice, isDomain, isExtension, isScenario, isTopology, type Model } from '../../../src/language/generated/ast.js';
import { pendingUnitOf } from '../../../src/language/parser/lazy-cst.js';
import { createTestServices } from '../helpers/services.js';
import { irqFiles, rng } from '../helpers/random-edits.js';
import { astShape, checkContainers, cstShape } from '../helpers/parse-shape.js';

const root = resolve(__dirname, '../../..');

/** Spans of the re-parsable units of a parse: devices, domains and scenarios. */
function unitSpans(value: AstNode): Array<{ start: number; end: number }> {
    const spans: Array<{ start: number; end: number }> = [];
    const visit = (node: AstNode): void => {
        if ((isDevice(node) || isDomain(node) || isScenario(node)) && node.$cstNode) spans.push({ start: node.$cstNode.offset, end: node.$cstNode.end });
        for (const [key, v] of Object.entries(node)) {
            if (key.startsWith('$')) continue;
            for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c === 'object' && '$type' in c) visit(c as AstNode);
        }
    };
    visit(value);
    return spans;
}

/** Spans of the devices and domains of topologies and extensions, read without building any CST. */
function memberSpans(model: AstNode): Array<{ start: number; end: number }> {
    const spans: Array<{ start: number; end: number }> = [];
    for (const element of (model as Model).elements) {
        if (!isTopology(element) && !isExtension(element)) continue;
        for (const member of [...element.domains, ...element.devices]) spans.push({ start: member.$cstNode!.offset, end: member.$cstNode!.end });
    }
    return spans;
}

/** Devices and domains of topologies and extensions whose CST is not built yet. */
function countPending(model: AstNode): number {
    let count = 0;
    for (const element of (model as Model).elements) {
        if (!isTopology(element) && !isExtension(element)) continue;
        for (const member of [...element.domains, ...element.devices]) if (pendingUnitOf(member)) count++;
    }
    return count;
}

const edits: Array<(text: string, at: number) => string> = [
    (t, at) => t.slice(0, at) + ' ' + t.slice(at),
    (t, at) => t.slice(0, at) + '\n' + t.slice(at),
    (t, at) => t.slice(0, at) + t.slice(at + 1),
    (t, at) => t.slice(0, at) + 'x' + t.slice(at),
    (t, at) => t.slice(0, at) + '7' + t.slice(at),
    (t, at) => t.slice(0, at) + ' /* a\n comment */ ' + t.slice(at),
    (t, at) => t.slice(0, at) + '\n    irq extra : NOWHERE index 9\n' + t.slice(at),
    (t, at) => t.slice(0, at) + '\n    flags ONESHOT_SAFE\r\n' + t.slice(at),
    (t, at) => t.slice(0, at) + t.slice(at + 5)
];

describe('incremental re-parse', () => {
    const services = createTestServices();
    const parser: LangiumParser = services.Irq.parser.LangiumParser;
    const files = [...irqFiles(join(root, 'examples')), ...irqFiles(join(root, 'test/fixtures'))];

    it('finds the changed span of an edit', () => {
        expect(diffSpan('abcdef', 'abXdef')).toEqual({ start: 2, oldEnd: 3, newEnd: 3 });
        expect(diffSpan('abcdef', 'abcdef')).toEqual({ start: 6, oldEnd: 6, newEnd: 6 });
        expect(diffSpan('aaaa', 'aaaaa')).toEqual({ start: 4, oldEnd: 4, newEnd: 5 });
        expect(diffSpan('abc', 'ac')).toEqual({ start: 1, oldEnd: 2, newEnd: 1 });
    });

    it('gives the same AST and CST as a full parse for random edits inside elements', () => {
        const random = rng(20261124);
        let incremental = 0;
        let refused = 0;
        for (const file of files) {
            const original = readFileSync(file, 'utf8');
            const first = parser.parse(original);
            if (first.lexerErrors.length > 0 || first.parserErrors.length > 0) continue;
            const spans = unitSpans(first.value);
            if (spans.length === 0) continue;
            for (let k = 0; k < 12; k++) {
                const span = spans[Math.floor(random() * spans.length)];
                const at = span.start + 1 + Math.floor(random() * Math.max(1, span.end - span.start - 2));
                const edit = edits[Math.floor(random() * edits.length)];
                const before = parser.parse(original) as ParseResult<AstNode>;
                // Ranges are cached on composite nodes once read (the editor reads them all): the splice must renew them.
                cstShape(before.value.$cstNode!);
                const text = edit(original, at);
                const label = `${file.slice(root.length + 1)} edit ${edits.indexOf(edit)} at ${at}`;
                if (!tryIncrementalReparse(before, original, text, parser)) { refused++; continue; }
                incremental++;
                const full = parser.parse(text);
                expect(full.lexerErrors.length + full.parserErrors.length, `${label}: a full parse has errors the splice missed`).toBe(0);
                expect(astShape(before.value), label).toBe(astShape(full.value));
                expect(before.value.$cstNode!.root.fullText).toBe(text);
                expect(cstShape(before.value.$cstNode!), label).toEqual(cstShape(full.value.$cstNode!));
                checkContainers(before.value);
            }
        }
        // Most edits inside an element re-parse only that element; the others (syntax errors) are refused.
        expect(incremental).toBeGreaterThan(200);
        expect(refused).toBeGreaterThan(0);
    });

    it('gives the same AST and CST as a full parse after several edits to a document whose units\' CST is not built yet', () => {
        // The fast parser builds a device's or domain's CST on first read: a splice moves the pending units' positions,
        // and the CST they build later must still be the one a full parse of the new text gives.
        const random = rng(20261125);
        let chains = 0;
        let withPending = 0;
        for (const file of files) {
            let text = readFileSync(file, 'utf8');
            const result = parser.parse(text) as ParseResult<AstNode>;
            if (result.lexerErrors.length > 0 || result.parserErrors.length > 0) continue;
            const pendingBefore = countPending(result.value);
            if (pendingBefore < 2) continue;
            let applied = 0;
            for (let k = 0; k < 3; k++) {
                // Spans of the top-level units only: their positions need no CST inside them.
                const spans = memberSpans(result.value);
                const span = spans[Math.floor(random() * spans.length)];
                const at = span.start + 1 + Math.floor(random() * Math.max(1, span.end - span.start - 2));
                const edit = edits[Math.floor(random() * edits.length)];
                const changed = edit(text, at);
                if (!tryIncrementalReparse(result, text, changed, parser)) continue;
                text = changed;
                applied++;
            }
            if (applied === 0) continue;
            chains++;
            // Only the edited units were built (a file with few units may have had them all edited).
            if (countPending(result.value) > 0) withPending++;
            const full = parser.parse(text);
            expect(astShape(result.value), file).toBe(astShape(full.value));
            expect(cstShape(result.value.$cstNode!), file).toEqual(cstShape(full.value.$cstNode!));
            expect(countPending(result.value), file).toBe(0);
            checkContainers(result.value);
        }
        expect(chains).toBeGreaterThan(10);
        expect(withPending).toBeGreaterThan(5);
    });

    it('moves the tokens after the element on the same line, and the lines below', () => {
        const text = 'topology t { device d pci 0000:00:01.0 { msix table 8 } domain X : vector { size 4 } }\n' +
            'scenario s on t { raise d.q } /* after */ scenario u on t { }\n';
        const cases = [
            text.replace('table 8', 'table 16'), text.replace('table 8', 'table\n\n 8'), text.replace('size 4', 'size 4 flags A B'),
            text.replace('raise d.q', 'raise d.q\n  mask d.q'), text.replace('msix table 8', 'irq')
        ];
        let spliced = 0;
        // With every CST node read before the edit, and with the units after the edited one still unbuilt (their
        // recorded positions move instead of their leaves).
        for (const walkFirst of [true, false]) {
            for (const changed of cases) {
                const before = parser.parse(text) as ParseResult<AstNode>;
                if (walkFirst) cstShape(before.value.$cstNode!);
                if (!tryIncrementalReparse(before, text, changed, parser)) continue;
                spliced++;
                expect(cstShape(before.value.$cstNode!), changed).toEqual(cstShape(parser.parse(changed).value.$cstNode!));
                expect(astShape(before.value), changed).toBe(astShape(parser.parse(changed).value));
            }
        }
        expect(spliced).toBe(8);
    });

    it('refuses edits outside one element, edits that break the syntax, and documents that had errors', () => {
        const text = 'topology t {\n  arch x86_64\n  domain V : vector {\n    vectors 0x20..0xEA\n  }\n}\n';
        const at = text.indexOf('0xEA');
        const cases: Array<[string, string]> = [
            ['edit outside every element', text.replace('arch x86_64', 'arch arm64')],
            ['syntax error inside the element', text.slice(0, at) + '{' + text.slice(at)],
            ['edit of the closing brace', text.replace('  }\n}', '  ]\n}')]
        ];
        for (const [label, changed] of cases) {
            const before = parser.parse(text) as ParseResult<AstNode>;
            expect(tryIncrementalReparse(before, text, changed, parser), label).toBeUndefined();
            expect(before.value.$cstNode!.root.fullText, label).toBe(text);
        }
        const broken = 'topology t { domain V : vector { vectors 0x20.. } }';
        const result = parser.parse(broken) as ParseResult<AstNode>;
        expect(result.parserErrors.length).toBeGreaterThan(0);
        expect(tryIncrementalReparse(result, broken, broken.replace('0x20', '0x21'), parser)).toBeUndefined();
    });
});
