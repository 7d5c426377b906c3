// The formatter on real services: the layout rules on a messy file, comments kept verbatim, round trips
// (format twice = format once, same tokens and comments, still parses) on the fixtures and on examples/*.irq.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectFormatting, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import { armIrq, dsaIrq, nicIrq, platformIrq, riscvIrq } from './fixtures.js';

const services = createTestServices();
const parse = parseHelper(services.Irq);
const examplesDir = join(__dirname, '..', '..', '..', 'examples');

/** Formats `text` (whole document or a range) and returns the result. */
async function format(text: string, range?: Range): Promise<string> {
    const document = await parse(text);
    const formatter = services.Irq.lsp.Formatter!;
    const options = { insertSpaces: true, tabSize: 2 };
    const textDocument = { uri: document.uri.toString() };
    const edits = await (range
        ? formatter.formatDocumentRange(document, { textDocument, options, range })
        : formatter.formatDocument(document, { textDocument, options }));
    return TextDocument.applyEdits(document.textDocument as unknown as TextDocument, edits);
}

/** Every token and comment of a text, in order, as the language's lexer sees them. */
function lexemes(text: string): string[] {
    const result = services.Irq.parser.Lexer.tokenize(text);
    const all = [...result.tokens, ...(result.hidden ?? [])].filter(t => /\S/.test(t.image));
    return all.sort((a, b) => a.startOffset - b.startOffset).map(t => t.image.replace(/\s+/g, ' '));
}

/** Asserts the round-trip properties for one source text and returns the formatted text. */
async function expectRoundTrip(name: string, text: string): Promise<string> {
    const once = await format(text);
    const twice = await format(once);
    expect(twice, `${name}: formatting is not idempotent`).toBe(once);
    expect(once.replace(/\s+/g, ''), `${name}: formatting changed non-whitespace text`).toBe(text.replace(/\s+/g, ''));
    expect(lexemes(once), `${name}: token sequence changed`).toEqual(lexemes(text));
    const reparsed = await parse(once);
    expect(reparsed.parseResult.parserErrors.map(e => e.message), `${name}: formatted text does not parse`).toEqual([]);
    expect(/\S\r?\n$/.test(once), `${name}: must end with exactly one line break`).toBe(true);
    expect(once.split(/\r?\n/).filter(l => / +$/.test(l)), `${name}: trailing spaces`).toEqual([]);
    return once;
}

/** The text with every line break that does not end a line comment replaced by one space. */
function squash(text: string): string {
    return text.split('\n').map(l => l.trim()).reduce((all, line) => all === '' ? line
        : lexemes(all).at(-1)?.startsWith('//') ? `${all}\n${line}` : `${all} ${line}`, '');
}

describe('formatter layout', () => {
    it('puts one member per line, indents by 2 per brace level, spaces tokens and keeps every comment', async () => {
        await expectFormatting(services.Irq)({
            before: `

// Platform file
/** The platform. */
topology xeon {   arch x86_64   cpus 8 kernel 6.5
    domain VECTOR : vector {
        vectors 0x20 .. 0xEA
        reserve 0x80 , 0x30..0x3F
        flags MSI_PARENT     // root
        chip APIC { ack:self  set_affinity :  self }
    }



  /**
   * One remapping unit.
   */
  domain IR-0:intel-ir parent VECTOR { entries 65536 flags MSI_PARENT ISOLATED_MSI
      chip INTEL-IR { ack: self /* inline */ set_affinity: self } }
  device nic0 pci 0000:03:00.0 { behind IR-0 msix table 64 domain M : pci-msix parent IR-0 {} irq q3 : M index 3 // third
     trigger edge
   irq rx [ 4 ] : M any affinity cpu 2 , 4..5 cookie 0x42 }
}
scenario s on xeon { request nic0.q3  raise nic0 . rx[2] expect delivered nic0.q3 to cpu 2 vector 0x22
  /* block
     comment */ expect error -ENOSPC }
/* trailing */`,
            after: `// Platform file
/** The platform. */
topology xeon {
  arch x86_64
  cpus 8
  kernel 6.5
  domain VECTOR : vector {
    vectors 0x20..0xEA
    reserve 0x80, 0x30..0x3F
    flags MSI_PARENT // root
    chip APIC {
      ack: self
      set_affinity: self
    }
  }

  /**
   * One remapping unit.
   */
  domain IR-0 : intel-ir parent VECTOR {
    entries 65536
    flags MSI_PARENT ISOLATED_MSI
    chip INTEL-IR {
      ack: self /* inline */
      set_affinity: self
    }
  }
  device nic0 pci 0000:03:00.0 {
    behind IR-0
    msix table 64
    domain M : pci-msix parent IR-0 {}
    irq q3 : M index 3 // third
        trigger edge
    irq rx[4] : M any affinity cpu 2, 4..5 cookie 0x42
  }
}
scenario s on xeon {
  request nic0.q3
  raise nic0.rx[2]
  expect delivered nic0.q3 to cpu 2 vector 0x22
  /* block
     comment */
  expect error -ENOSPC
}
/* trailing */
`,
            disposeAfterCheck: true
        });
    });

    it('re-indents a multi-line doc comment as a whole', async () => {
        const formatted = await format('topology t {\n        /**\n         * Deep.\n         */\n        domain V : vector\n}\n');
        expect(formatted).toBe('topology t {\n  /**\n   * Deep.\n   */\n  domain V : vector\n}\n');
    });

    it('keeps a comment inside an otherwise empty block and after an opening brace', async () => {
        const formatted = await expectRoundTrip('empty', 'topology t { // machine\n domain V : vector { /* nothing yet */ } }');
        expect(formatted).toBe('topology t { // machine\n  domain V : vector { /* nothing yet */\n  }\n}\n');
    });

    it('leaves a document with syntax errors untouched', async () => {
        const broken = 'topology t {\n      domain V : vector {\n flags   MSI_PARENT\n';
        expect(await format(broken)).toBe(broken);
        expect(await format('topology t { domain : }')).toBe('topology t { domain : }');
    });

    it('formats only inside the requested range', async () => {
        const text = 'topology a {   arch x86_64 }\ntopology b {   arch arm64 }\n';
        const formatted = await format(text, { start: { line: 1, character: 0 }, end: { line: 1, character: 27 } });
        expect(formatted).toBe('topology a {   arch x86_64 }\ntopology b {\n  arch arm64\n}\n');
    });

    it('keeps Windows line endings', async () => {
        const formatted = await expectRoundTrip('crlf', 'topology t {\r\n/* a\r\n   b */\r\n\r\n\r\ndomain V : vector { size 1 } }');
        expect(formatted).toBe('topology t {\r\n  /* a\r\n     b */\r\n\r\n  domain V : vector {\r\n    size 1\r\n  }\r\n}\r\n');
    });

    it('formats an empty document to an empty document', async () => {
        expect(await format('')).toBe('');
        expect(await format('\n\n')).toBe('\n\n');
    });
});

describe('formatter round trips', () => {
    const fixtures: Record<string, string> = {
        'platform.irq': platformIrq, 'nic.irq': nicIrq, 'arm.irq': armIrq, 'riscv.irq': riscvIrq, 'dsa.irq': dsaIrq
    };
    for (const [name, text] of Object.entries(fixtures)) {
        it(`is stable and lossless on ${name}`, async () => {
            await expectRoundTrip(name, text);
            await expectRoundTrip(`${name} (squashed)`, squash(text));
        });
    }

    it('keeps the fixtures exactly as they are written (they are already formatted)', async () => {
        for (const [name, text] of Object.entries({ 'platform.irq': platformIrq, 'nic.irq': nicIrq, 'arm.irq': armIrq, 'riscv.irq': riscvIrq })) {
            expect(await format(text), name).toBe(text);
        }
    });

    it('is stable and lossless on every example in examples/ (*.irq, also in subfolders)', async () => {
        const files = existsSync(examplesDir)
            ? readdirSync(examplesDir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.irq'))
            : [];
        for (const file of files) await expectRoundTrip(file, readFileSync(join(examplesDir, file), 'utf8'));
        expect(files.length > 0).toBe(existsSync(examplesDir));
    });
});
