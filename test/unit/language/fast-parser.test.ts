// The fast parser against Langium's: every example and fixture, generated benchmark topologies, hand-picked lexical
// corner cases and thousands of random token edits must give the same AST and CST, or fall back to Langium's parser.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AstNode, CstNode, LangiumParser, ParseResult, Reference } from 'langium';
import { createFastParserContext, fastParse } from '../../../src/language/parser/fast-parser.js';
import { setFastParsing } from '../../../src/language/parser/irq-parser-guard.js';
import { isPendingUnit, pendingUnitOf, type LazyUnitCstNode } from '../../../src/language/parser/lazy-cst.js';
import { isExtension, isTopology, type Model } from '../../../src/language/generated/ast.js';
import { createTestServices } from '../helpers/services.js';
import { irqFiles, rng } from '../helpers/random-edits.js';
import { astShape, checkContainers, cstShape } from '../helpers/parse-shape.js';
// @ts-expect-error plain JavaScript module without types
import { singleFile, splitFiles } from '../../../bench/generate-topology.mjs';

const root = resolve(__dirname, '../../..');

/** Every reference's text, property and the text and range of its CST node, in AST order. */
function referenceShape(node: AstNode, out: string[] = []): string[] {
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        for (const item of Array.isArray(value) ? value : [value]) {
            if (item && typeof item === 'object' && '$refText' in item) {
                const reference = item as Reference;
                const r = reference.$refNode!.range;
                out.push(`${node.$type}.${key} ${reference.$refText} ${reference.$refNode!.text} ${r.start.line}:${r.start.character}`);
            } else if (item && typeof item === 'object' && '$type' in item) {
                referenceShape(item as AstNode, out);
            }
        }
    }
    return out;
}

/**
 * The own keys, in order, of every AST node the CST reaches (nodes left out of the AST by a property given twice
 * included), with their container property and index.
 */
function nodeKeys(node: CstNode, out: string[] = [], withCstKey = true): string[] {
    const ast = node.astNode as AstNode & Record<string, unknown>;
    const keys = Object.keys(ast).filter(key => withCstKey || key !== '$cstNode');
    out.push(`${keys.join(',')} ${String(ast.$containerProperty)} ${String(ast.$containerIndex)}`);
    for (const child of (node as { content?: CstNode[] }).content ?? []) nodeKeys(child, out, withCstKey);
    return out;
}

/** The unit CST nodes under `node` whose inner CST is still pending, without building any. */
function pendingUnits(node: AstNode): LazyUnitCstNode[] {
    const units: LazyUnitCstNode[] = [];
    for (const element of (node as Model).elements) {
        if (!isTopology(element) && !isExtension(element)) continue;
        for (const member of [...element.domains, ...element.devices]) {
            const unit = pendingUnitOf(member);
            if (unit) units.push(unit);
        }
    }
    return units;
}

describe('fast parser', () => {
    const services = createTestServices();
    const parser: LangiumParser = services.Irq.parser.LangiumParser;
    const context = createFastParserContext(services.Irq);

    function langiumParse(text: string): ParseResult<AstNode> {
        setFastParsing(parser, false);
        try {
            return parser.parse(text);
        } finally {
            setFastParsing(parser, true);
        }
    }

    /** Parses `text` both ways; the fast result (if any) must equal Langium's. Says whether the fast parser took it. */
    function compare(text: string, label: string): { fast: boolean; errorFree: boolean } {
        const expected = langiumParse(text);
        const errorFree = expected.lexerErrors.length === 0 && expected.parserErrors.length === 0;
        const actual = fastParse(context, text, { eagerCst: true });
        const lazy = fastParse(context, text);
        expect(!!lazy, `${label}: read eagerly but not lazily`).toBe(!!actual);
        if (!actual || !lazy) return { fast: false, errorFree };
        expect(errorFree, `${label}: the fast parser accepted text with syntax errors`).toBe(true);
        expect(astShape(actual.value), label).toBe(astShape(expected.value));
        expect(cstShape(actual.value.$cstNode!), label).toEqual(cstShape(expected.value.$cstNode!));
        expect(referenceShape(actual.value), label).toEqual(referenceShape(expected.value));
        expect(nodeKeys(actual.value.$cstNode!), label).toEqual(nodeKeys(expected.value.$cstNode!));
        expect(actual.value.$cstNode!.root.fullText).toBe(text);
        checkContainers(actual.value);
        // Read lazily: the same AST; the CST, built on demand, the same too (only where `$cstNode` sits among a
        // node's keys differs: it is added when the unit's CST is built).
        expect(pendingUnits(actual.value), label).toEqual([]);
        expect(astShape(lazy.value), label).toBe(astShape(expected.value));
        expect(cstShape(lazy.value.$cstNode!), label).toEqual(cstShape(expected.value.$cstNode!));
        expect(pendingUnits(lazy.value), label).toEqual([]);
        expect(referenceShape(lazy.value), label).toEqual(referenceShape(expected.value));
        expect(nodeKeys(lazy.value.$cstNode!, [], false), label).toEqual(nodeKeys(expected.value.$cstNode!, [], false));
        checkContainers(lazy.value);
        return { fast: true, errorFree };
    }

    const files = [...irqFiles(join(root, 'examples')), ...irqFiles(join(root, 'test/fixtures'))];

    it('reads every error-free example and fixture exactly as Langium does', () => {
        let fast = 0;
        for (const file of files) {
            const result = compare(readFileSync(file, 'utf8'), file.slice(root.length + 1));
            if (result.errorFree) expect(result.fast, `${file}: error-free but not read by the fast parser`).toBe(true);
            if (result.fast) fast++;
        }
        expect(fast).toBeGreaterThan(40);
    });

    it('reads generated benchmark topologies, single-file and split, exactly as Langium does', () => {
        expect(compare(singleFile(60), 'single file of 60 devices').fast).toBe(true);
        const split = splitFiles(12) as Record<string, string>;
        for (const [name, text] of Object.entries(split)) expect(compare(text, name).fast, name).toBe(true);
    });

    it('reads devices and domains without their CST, and builds one unit\'s CST when one of its nodes is read', () => {
        const text = singleFile(20);
        const lazy = fastParse<Model>(context, text)!;
        const units = pendingUnits(lazy.value);
        const topology = lazy.value.elements.find(isTopology)!;
        expect(units.length).toBe(topology.domains.length + topology.devices.length);
        expect(units.every(isPendingUnit)).toBe(true);
        // Positions of whole units need no inner CST.
        const device = topology.devices[3];
        const start = text.indexOf(`device ${device.name} `);
        expect(device.$cstNode!.offset).toBe(start);
        expect(device.$cstNode!.text.startsWith(`device ${device.name} `)).toBe(true);
        expect(device.$cstNode!.text.endsWith('}')).toBe(true);
        expect(pendingUnits(lazy.value).length).toBe(units.length);
        // An inner node's CST builds its unit's, and only that one.
        const irq = device.irqs[0];
        expect(irq.$cstNode!.text.startsWith(`irq ${irq.name}`)).toBe(true);
        expect(irq.$cstNode!.astNode).toBe(irq);
        expect(pendingUnitOf(device)).toBeUndefined();
        expect(pendingUnits(lazy.value).length).toBe(units.length - 1);
        // A reference's CST node builds its unit's.
        const other = topology.devices[7];
        const reference = other.irqs[0].domain!;
        expect(pendingUnitOf(other)).toBeDefined();
        expect(reference.$refNode!.text).toBe(reference.$refText);
        expect(pendingUnitOf(other)).toBeUndefined();
        expect(pendingUnits(lazy.value).length).toBe(units.length - 2);
    });

    it('places comments, line breaks and odd whitespace as Langium does', () => {
        const base = 'topology t { arch x86_64 kernel 6.12\n  domain V : vector { vectors 0x20..0xEA reserve 0x80, 0x81..0x82 }\n' +
            '  device d pci 0000:00:01.0 { msix table 8 domain M : pci-msix parent V { chip C { mask: self flags A B } }\n' +
            '    irq q[2] : M index 0 affinity cpus 0..1, 3 } }\n' +
            'scenario s on t { request d.q[1]  expect d.q[1] on cpu 1 vector 0x22  expect d.q not masked at M  expect ok }\n';
        const cases: Record<string, string> = {
            'empty file': '',
            'only whitespace': ' \n\t\n',
            'only comments': '/** a */\n// b\n/* c\n d */',
            'plain': base,
            'CRLF line ends': base.replace(/\n/g, '\r\n'),
            'CR line ends': base.replace(/\n/g, '\r'),
            'tabs and form feeds': base.replace(/ {2}/g, '\t\f'),
            'unicode spaces and a byte order mark': '\ufeff' + base.replace('arch x86_64', 'arch\u00a0x86_64\u2028'),
            'doc comments everywhere': base.replace(/\{ /g, '{ /** in */ ').replace(/ :/g, ' // c\n :').replace('irq', '/* m\r\nl */ irq'),
            'comment first and last': '/** head */ ' + base + ' // tail',
            'comments inside a qualified name': base.replace('request d.q[1]', 'request d /* x */ . /* y */ q [ 1 ]'),
            'strings over lines and with escapes': 'topology t { option o "a\\"b\nc\r\nd"  option p 0x1F  option q on  device e platform "x\ny" }',
            'hex kernel version': 'topology t { kernel 0x10 } topology u { kernel 6.12.3 }',
            'keywords as names': 'topology edge { domain index : custom parent level { flags driver queue } device source pci 0000:00:02.0 { irq slot : index slot 3 flow level } }',
            'identifiers that start like keywords': 'topology cpux { domain cpu0 : vector { flags domainX edge-risingX } }',
            'a single-valued member given twice': 'topology t { domain V : vector { ops { } size 4 ops { mask: self } size 8 } }',
            'imports and extensions': 'import "a.irq"\nimport "b.irq"\nextend t { domain X : wired parent V device z platform "z" }',
            'every expectation': 'scenario s on t { raise a.b times 3 set-affinity a.b cpu 1 cpu 2 offline post a.b to vcpu 1 vector 0x41 unpost a.b ' +
                'expect delivered a.b to cpu 2 vector 0x22 expect not delivered a.b expect a.b pending expect message a.b address 0xFEE00000 address-hi 0 data 0x22 ' +
                'expect writes a.b 1 expect error -ENOSPC expect hwirq a.b at IR 0x120000 expect a.b on cpu 5 }'
        };
        for (const [label, text] of Object.entries(cases)) {
            const result = compare(text, label);
            expect(result.errorFree, `${label} should be valid`).toBe(true);
            expect(result.fast, `${label} should be read by the fast parser`).toBe(true);
        }
    });

    it('leaves syntax and lexer errors to Langium', () => {
        const cases = ['topology t {', 'topology t { arch ppc }', 'topology t { domain V : vector { size } }', 'topology t { @ }',
            'scenario s on t { expect }', '/* open', 'topology t { option o "open }', 'import "a" topology t { } import "b"'];
        for (const text of cases) expect(fastParse(context, text), text).toBeUndefined();
    });

    it('agrees with Langium on thousands of random token edits, or leaves them to it', () => {
        const random = rng(20261124);
        const pieces = ['{', '}', ':', ',', '..', '.', '[', ']', 'domain', 'device', 'irq', 'chip', 'flags', 'mask', 'parent', 'edge',
            'index', 'cpu', 'cpus', 'expect', 'on', 'not', 'X', 'set_affinity', '0x20', '7', '6.12', '"s"', '/* c */', '// c\n', '\n', '-ENOSPC',
            '0000:00:01.0', 'self', 'affinity', 'managed', 'at', 'to', 'vector', 'cause', 'ops'];
        let fast = 0;
        let errorFree = 0;
        let total = 0;
        for (const file of files) {
            const original = readFileSync(file, 'utf8');
            for (let k = 0; k < 60; k++) {
                const at = Math.floor(random() * original.length);
                const piece = pieces[Math.floor(random() * pieces.length)];
                const cut = Math.floor(random() * 4) === 0 ? Math.floor(random() * 12) : 0;
                const text = original.slice(0, at) + (cut > 0 ? '' : ` ${piece} `) + original.slice(at + cut);
                const result = compare(text, `${file.slice(root.length + 1)} at ${at}: ${cut > 0 ? `cut ${cut}` : piece}`);
                total++;
                if (result.errorFree) errorFree++;
                if (result.fast) fast++;
            }
        }
        expect(total).toBeGreaterThan(2000);
        expect(errorFree).toBeGreaterThan(100);
        // Error-free edits the fast parser leaves to Langium are rare (an ID-named callback after chip flags, say).
        expect(fast).toBeGreaterThan(errorFree * 0.9);
    });
});
