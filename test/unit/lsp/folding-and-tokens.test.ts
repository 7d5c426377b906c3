// Folding ranges (blocks, block comments, line-comment runs, imports) and semantic tokens (legend choices,
// declaration modifier, qualified references split into device and interrupt) on real services.
import { describe, expect, it } from 'vitest';
import { expectFoldings, expectSemanticToken, highlightHelper } from 'langium/test';
import { FoldingRangeKind, SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';

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
