// Folding ranges (blocks, block comments, line-comment runs, imports) and semantic tokens (legend choices,
// declaration modifier, qualified references split into device and interrupt) on real services; the one-walk
// provider against the per-node one.
import { describe, expect, it } from 'vitest';
import { expectFoldings, expectSemanticToken, highlightHelper } from 'langium/test';
import { FoldingRangeKind, SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { URI } from 'langium';
import { createTestServices } from '../helpers/services.js';
import { irqFiles, rng } from '../helpers/random-edits.js';
import { PerNodeSemanticTokenProvider } from '../helpers/per-node-semantic-tokens.js';
// @ts-expect-error plain JavaScript module without types
import { singleFile } from '../../../bench/generate-topology.mjs';

const services = createTestServices();

describe('folding ranges', () => {
    it('folds the braced blocks, a long block comment, a run of line comments and the imports', async () => {
        await expectFoldings(services.Irq)({
            text: `import "a.irq"
import "b.irq"
// one
// two
// three
/*
 * A long
 * comment
 */
topology t {
  arch x86_64
  domain V : vector {
    flags MSI_PARENT
    chip APIC {
      ack: self
      set_affinity: self
    }
  }
  domain SHORT : custom { size 1 }
  device d pci 0000:00:01.0 {
    irq q : V
    irq r : V
  }
}
scenario s on t {
  raise d.q
  raise d.r
}
`,
            disposeAfterCheck: true,
            assert: foldings => {
                expect(foldings.map(f => [f.startLine, f.endLine])).toEqual([
                    [0, 1], [2, 4], [5, 7], [9, 22], [11, 16], [13, 15], [19, 21], [24, 26]
                ]);
                expect(foldings.find(f => f.startLine === 0)?.kind).toBe(FoldingRangeKind.Imports);
                expect(foldings.filter(f => f.kind === FoldingRangeKind.Comment).map(f => f.startLine)).toEqual([2, 5]);
            }
        });
    });
});

describe('semantic tokens', () => {
    const highlight = highlightHelper(services.Irq);
    const text = `topology <|xeon|> {
  cpus <|8|>
  domain <|VECTOR|> : <|vector|> { flags <|MSI_PARENT|> chip <|APIC|> { <|ack|>: <|self|> } }
  device <|nic0|> pci <|0000:03:00.0|> {
    domain N : pci-msix parent <|VECTOR|>
    irq <|q3|> : N index 3 flow <|handle_edge_irq|>
  }
}
scenario <|s|> on <|xeon|> { raise <|nic0|>.<|q3|> }`;

    it('classifies names, kinds, flags, callbacks, modes and numbers', async () => {
        const tokens = await highlight(text);
        const expected = [
            SemanticTokenTypes.namespace, SemanticTokenTypes.number, SemanticTokenTypes.class, SemanticTokenTypes.type,
            SemanticTokenTypes.enumMember, SemanticTokenTypes.struct, SemanticTokenTypes.method, SemanticTokenTypes.modifier,
            SemanticTokenTypes.variable, SemanticTokenTypes.number, SemanticTokenTypes.class, SemanticTokenTypes.property,
            SemanticTokenTypes.function, SemanticTokenTypes.function, SemanticTokenTypes.namespace, SemanticTokenTypes.variable,
            SemanticTokenTypes.property
        ];
        expect(tokens.ranges).toHaveLength(expected.length);
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
    });

    it('marks declarations, not references, with the declaration modifier', async () => {
        const tokens = await highlight(text);
        const declarationBit = services.Irq.lsp.SemanticTokenProvider!.tokenModifiers[SemanticTokenModifiers.declaration];
        const modifiersAt = (rangeIndex: number) => tokens.tokens.find(t => t.offset === tokens.ranges[rangeIndex][0])!.tokenModifiers;
        expect(modifiersAt(2) & declarationBit).toBe(declarationBit);
        expect(modifiersAt(10) & declarationBit).toBe(0);
        expect(modifiersAt(11) & declarationBit).toBe(declarationBit);
        expect(modifiersAt(16) & declarationBit).toBe(0);
    });
});

describe('semantic tokens in one walk over the CST', () => {
    // The product's provider walks the CST once; the reference asks, node by node and property by property, for the
    // CST nodes Langium finds. Both must give the same encoded tokens, on parsed and on broken text.
    const reference = new PerNodeSemanticTokenProvider(services.Irq);
    const product = services.Irq.lsp.SemanticTokenProvider!;
    let counter = 0;

    async function both(text: string): Promise<[number[], number[]]> {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`/tokens/${counter++}.irq`));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        try {
            await services.shared.workspace.DocumentBuilder.build([document], { validation: false });
            const textDocument = { uri: document.uri.toString() };
            const fast = (await product.semanticHighlight(document, { textDocument })).data;
            const slow = (await reference.semanticHighlight(document, { textDocument })).data;
            return [fast, slow];
        } finally {
            services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        }
    }

    it('equals the per-node provider on every example and fixture, a generated topology and random edits', async () => {
        const root = resolve(__dirname, '../../..');
        const files = [...irqFiles(join(root, 'examples')), ...irqFiles(join(root, 'test/fixtures'))];
        const texts = files.map(file => readFileSync(file, 'utf8'));
        texts.push(singleFile(30));
        // A member given twice (the first node is left out of the AST), options, qualified references.
        texts.push('topology t { option o on option p 0x1F domain V : vector { ops { ack: self } size 4 ops { mask: self } size 8 } }\n' +
            'scenario s on t { request d.q[1] raise d . q  expect d.q not masked at V }');
        const random = rng(20261124);
        const pieces = ['{', '}', 'domain', 'irq', 'chip', 'flags', 'mask: self', 'parent', '7', '0x20', '"s"', '/* c */', '\n', '.', 'X'];
        for (const original of texts.slice(0, files.length)) {
            for (let k = 0; k < 6; k++) {
                const at = Math.floor(random() * original.length);
                texts.push(original.slice(0, at) + ` ${pieces[Math.floor(random() * pieces.length)]} ` + original.slice(at));
            }
        }
        let tokens = 0;
        for (const text of texts) {
            const [fast, slow] = await both(text);
            expect(fast, text.slice(0, 80)).toEqual(slow);
            tokens += fast.length / 5;
        }
        expect(tokens).toBeGreaterThan(5000);
    });
});
