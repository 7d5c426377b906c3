// Go to definition and find references on real services: domains, qualified interrupt references `dev.irq`,
// array references `dev.rx[3]`, and the same across an imported file.
import { describe, expect, it } from 'vitest';
import type { LangiumDocument } from 'langium';
import { expectFindReferences, expectGoToDefinition } from 'langium/test';
import { buildFiles, createTestServices } from '../helpers/services.js';
import { nicIrq, platformIrq } from './fixtures.js';

const services = createTestServices();
const definition = expectGoToDefinition(services.Irq);
const references = expectFindReferences(services.Irq);

/** The offset of the `nth` occurrence (0-based) of `word` in the document, plus `delta`. */
function offsetOf(document: LangiumDocument, word: string, nth = 0, delta = 1): number {
    const text = document.textDocument.getText();
    let offset = -1;
    for (let i = 0; i <= nth; i++) offset = text.indexOf(word, offset + 1);
    expect(offset, `'${word}' #${nth} not found`).toBeGreaterThanOrEqual(0);
    return offset + delta;
}

describe('go to definition', () => {
    it('goes from a parent reference to the domain', async () => {
        await definition({
            text: 'topology t {\n  domain <|VECTOR|> : vector\n  domain IR0 : intel-ir parent VEC<|>TOR\n}',
            index: 0, rangeIndex: 0, disposeAfterCheck: true
        });
    });

    it('goes from behind, an interrupt domain, a callback target and an `at` level to the domain', async () => {
        const text = `topology t {
  domain <|IR-0|> : intel-ir
  device d pci 0000:00:01.0 {
    behind IR<|>-0
    domain M : pci-msix parent IR-0 { chip C { ack: IR<|>-0 } }
    irq q : I<|>R-0 index 1
  }
}
scenario s on t { expect d.q masked at IR-<|>0 }`;
        for (const index of [0, 1, 2, 3]) await definition({ text, index, rangeIndex: 0, disposeAfterCheck: true });
    });

    it('goes from a qualified interrupt reference and from an array element reference to the interrupt', async () => {
        const text = `topology t {
  domain V : vector
  device nic0 pci 0000:00:01.0 { irq <|q3|> : V  irq <|rx|>[4] : V }
}
scenario s on t { raise nic0.q<|>3  raise nic0.r<|>x[3] }`;
        await definition({ text, index: 0, rangeIndex: 0, disposeAfterCheck: true });
        await definition({ text, index: 1, rangeIndex: 1, disposeAfterCheck: true });
    });

    it('goes into the imported file', async () => {
        const local = createTestServices();
        const docs = await buildFiles(local, { 'platform.irq': platformIrq, 'nic.irq': nicIrq });
        const nic = docs['nic.irq'];
        const platform = docs['platform.irq'];
        const links = await local.Irq.lsp.DefinitionProvider!.getDefinition(nic, {
            textDocument: { uri: nic.uri.toString() }, position: nic.textDocument.positionAt(offsetOf(nic, 'INTEL-IR-0'))
        });
        expect(links).toHaveLength(1);
        expect(links![0].targetUri).toBe(platform.uri.toString());
        const target = platform.textDocument.getText(links![0].targetSelectionRange);
        expect(target).toBe('INTEL-IR-0');
        expect(links![0].targetSelectionRange.start).toEqual(platform.textDocument.positionAt(offsetOf(platform, 'INTEL-IR-0', 0, 0)));
    });

    it('goes from a scenario step to an interrupt declared in the same file as the scenario', async () => {
        const local = createTestServices();
        const docs = await buildFiles(local, { 'platform.irq': platformIrq, 'nic.irq': nicIrq });
        const nic = docs['nic.irq'];
        const links = await local.Irq.lsp.DefinitionProvider!.getDefinition(nic, {
            textDocument: { uri: nic.uri.toString() }, position: nic.textDocument.positionAt(offsetOf(nic, 'nic0.rx[3]', 0, 6))
        });
        expect(links).toHaveLength(1);
        expect(nic.textDocument.getText(links![0].targetSelectionRange)).toBe('rx');
    });
});

describe('find references', () => {
    it('finds every reference to a domain, with and without its declaration', async () => {
        const text = `topology t {
  domain <|VEC<|>TOR|> : vector
  domain IR0 : intel-ir parent <|VECTOR|> { chip C { ack: <|VECTOR|> } }
  domain M : dmar-msi parent <|VECTOR|>
}
scenario s on t { }`;
        await references({ text, includeDeclaration: true, disposeAfterCheck: true });
        await references({
            text: text.replace('<|VEC<|>TOR|>', 'VEC<|>TOR'), includeDeclaration: false, disposeAfterCheck: true
        });
    });

    it('finds qualified and array references to an interrupt', async () => {
        const text = `topology t {
  domain V : vector
  device nic0 pci 0000:00:01.0 { irq <|r<|>x|>[4] : V }
}
scenario s on t { raise <|nic0.rx|>[3]  expect <|nic0.rx|>[0] pending  mask <|nic0.rx|>[1] }`;
        await references({ text, includeDeclaration: true, disposeAfterCheck: true });
    });

    it('finds references in the importing file from the declaration in the imported one', async () => {
        const local = createTestServices();
        const docs = await buildFiles(local, { 'platform.irq': platformIrq, 'nic.irq': nicIrq });
        const platform = docs['platform.irq'];
        const found = await local.Irq.lsp.ReferencesProvider!.findReferences(platform, {
            textDocument: { uri: platform.uri.toString() },
            position: platform.textDocument.positionAt(offsetOf(platform, 'INTEL-IR-0')),
            context: { includeDeclaration: false }
        });
        const inNic = found.filter(l => l.uri === docs['nic.irq'].uri.toString());
        expect(inNic.map(l => docs['nic.irq'].textDocument.getText(l.range))).toEqual(['INTEL-IR-0', 'INTEL-IR-0']);
    });
});
