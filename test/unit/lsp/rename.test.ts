// Rename across two files on real services: interrupts referenced by qualified names keep their device part,
// devices keep the interrupt part, domains update every kind of reference; invalid names are refused.
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LangiumDocument } from 'langium';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { buildFiles, createTestServices, errorsOf } from '../helpers/services.js';
import type { Model } from '../../../src/language/generated/ast.js';

const platform = `topology xeon {
  arch x86_64
  domain VECTOR : vector { flags MSI_PARENT chip APIC { ack: self compose_msi_msg: self } }
  domain IR-0 : intel-ir parent VECTOR { chip INTEL-IR { ack: self } }
  device nic0 pci 0000:03:00.0 {
    behind IR-0
    domain NIC0-MSIX : pci-msix parent IR-0 { chip PCI-MSIX { mask: self unmask: self write_msi_msg: self ack: IR-0 } }
    irq q3 : NIC0-MSIX index 3
    irq rx[4] : NIC0-MSIX index 4
  }
}
scenario local on xeon { raise nic0.q3 expect hwirq nic0.q3 at IR-0 0x10000 }
`;

const scenarios = `import "platform.irq"
scenario s on xeon {
  request nic0.q3
  raise nic0.q3
  raise nic0.rx[2]
  expect nic0.q3 masked at NIC0-MSIX
  expect hwirq nic0.q3 at IR-0 0x120000
}
`;

interface Workspace {
    services: ReturnType<typeof createTestServices>;
    docs: Record<string, LangiumDocument<Model>>;
}

async function workspace(): Promise<Workspace> {
    const services = createTestServices();
    const docs = await buildFiles(services, { 'platform.irq': platform, 'scenarios.irq': scenarios });
    expect(errorsOf(docs['platform.irq'])).toEqual([]);
    expect(errorsOf(docs['scenarios.irq'])).toEqual([]);
    return { services, docs };
}

/** Offset just inside the `nth` occurrence of `word` (plus `delta`). */
function offsetOf(document: LangiumDocument, word: string, nth = 0, delta = 1): number {
    const text = document.textDocument.getText();
    let offset = -1;
    for (let i = 0; i <= nth; i++) offset = text.indexOf(word, offset + 1);
    expect(offset, `'${word}' #${nth} not found`).toBeGreaterThanOrEqual(0);
    return offset + delta;
}

async function rename(ws: Workspace, file: string, offset: number, newName: string): Promise<WorkspaceEdit | undefined> {
    const document = ws.docs[file];
    return ws.services.Irq.lsp.RenameProvider!.rename(document, {
        textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset), newName
    });
}

/** The texts of both files after applying the edit. */
function applied(ws: Workspace, edit: WorkspaceEdit | undefined): Record<string, string> {
    expect(edit?.changes).toBeDefined();
    const result: Record<string, string> = {};
    for (const [name, document] of Object.entries(ws.docs)) {
        const edits = edit!.changes![document.uri.toString()] ?? [];
        result[name] = TextDocument.applyEdits(document.textDocument as unknown as TextDocument, edits);
    }
    return result;
}

/** Rebuilds the edited texts and checks they link without errors. */
async function expectLinks(texts: Record<string, string>): Promise<void> {
    const services = createTestServices();
    const docs = await buildFiles(services, texts);
    for (const document of Object.values(docs)) expect(errorsOf(document)).toEqual([]);
}

describe('rename', () => {
    it('renames an interrupt from its declaration: nic0.q3 becomes nic0.q4 in both files', async () => {
        const ws = await workspace();
        const texts = applied(ws, await rename(ws, 'platform.irq', offsetOf(ws.docs['platform.irq'], 'irq q3', 0, 5), 'q4'));
        expect(texts['platform.irq']).toContain('irq q4 : NIC0-MSIX index 3');
        expect(texts['platform.irq']).toContain('raise nic0.q4 expect hwirq nic0.q4 at IR-0');
        expect(texts['scenarios.irq']).toBe(scenarios.replace(/nic0\.q3/g, 'nic0.q4'));
        expect(texts['scenarios.irq']).not.toMatch(/\bq4\b(?<!nic0\.q4)/);
        await expectLinks(texts);
    });

    it('renames an interrupt from the interrupt part of a qualified reference in the other file', async () => {
        const ws = await workspace();
        const doc = ws.docs['scenarios.irq'];
        const texts = applied(ws, await rename(ws, 'scenarios.irq', offsetOf(doc, 'nic0.q3', 1, 6), 'q4'));
        expect(texts['platform.irq']).toContain('irq q4 :');
        expect(texts['scenarios.irq']).toBe(scenarios.replace(/nic0\.q3/g, 'nic0.q4'));
    });

    it('accepts the qualified form as the new name of an interrupt', async () => {
        const ws = await workspace();
        const texts = applied(ws, await rename(ws, 'platform.irq', offsetOf(ws.docs['platform.irq'], 'irq q3', 0, 5), 'nic0.q4'));
        expect(texts['platform.irq']).toContain('irq q4 :');
        expect(texts['scenarios.irq']).not.toContain('nic0.nic0');
    });

    it('renames an array interrupt and keeps the element indexes', async () => {
        const ws = await workspace();
        const texts = applied(ws, await rename(ws, 'scenarios.irq', offsetOf(ws.docs['scenarios.irq'], 'nic0.rx', 0, 6), 'rxq'));
        expect(texts['platform.irq']).toContain('irq rxq[4] : NIC0-MSIX index 4');
        expect(texts['scenarios.irq']).toContain('raise nic0.rxq[2]');
    });

    it('renames a device: nic0.q3 becomes nic1.q3 everywhere, from the declaration or from a reference', async () => {
        for (const [file, offset] of [['platform.irq', 'device nic0'.length - 1], ['scenarios.irq', -1]] as const) {
            const ws = await workspace();
            const at = file === 'platform.irq'
                ? offsetOf(ws.docs[file], 'device nic0', 0, offset)
                : offsetOf(ws.docs[file], 'nic0.rx', 0, 1);
            const texts = applied(ws, await rename(ws, file, at, 'nic1'));
            expect(texts['platform.irq']).toContain('device nic1 pci 0000:03:00.0');
            expect(texts['platform.irq']).toContain('raise nic1.q3 expect hwirq nic1.q3');
            expect(texts['scenarios.irq']).toBe(scenarios.replace(/nic0\./g, 'nic1.'));
            await expectLinks(texts);
        }
    });

    it('renames a domain in parent, behind, callback targets, interrupt domains and `at` levels of both files', async () => {
        const ws = await workspace();
        const texts = applied(ws, await rename(ws, 'platform.irq', offsetOf(ws.docs['platform.irq'], 'domain IR-0', 0, 8), 'DMAR-0'));
        expect(texts['platform.irq']).not.toMatch(/\bIR-0\b/);
        expect(texts['platform.irq']).toContain('domain DMAR-0 : intel-ir parent VECTOR');
        expect(texts['platform.irq']).toContain('behind DMAR-0');
        expect(texts['platform.irq']).toContain('parent DMAR-0 { chip PCI-MSIX');
        expect(texts['platform.irq']).toContain('ack: DMAR-0 }');
        expect(texts['scenarios.irq']).toContain('expect hwirq nic0.q3 at DMAR-0 0x120000');
        const again = applied(ws, await rename(ws, 'scenarios.irq', offsetOf(ws.docs['scenarios.irq'], 'at NIC0-MSIX', 0, 4), 'NIC0-MSI-X'));
        expect(again['platform.irq']).toContain('domain NIC0-MSI-X : pci-msix');
        expect(again['platform.irq']).toContain('irq q3 : NIC0-MSI-X index 3');
        expect(again['scenarios.irq']).toContain('masked at NIC0-MSI-X');
        await expectLinks(texts);
        await expectLinks(again);
    });

    it('prepares a rename on the part of a qualified reference under the cursor', async () => {
        const ws = await workspace();
        const doc = ws.docs['scenarios.irq'];
        const prepare = (offset: number) => ws.services.Irq.lsp.RenameProvider!.prepareRename(doc, {
            textDocument: { uri: doc.uri.toString() }, position: doc.textDocument.positionAt(offset)
        });
        const deviceRange = await prepare(offsetOf(doc, 'nic0.q3', 0, 2));
        const irqRange = await prepare(offsetOf(doc, 'nic0.q3', 0, 6));
        expect(deviceRange && doc.textDocument.getText(deviceRange as { start: never; end: never })).toBe('nic0');
        expect(irqRange && doc.textDocument.getText(irqRange as { start: never; end: never })).toBe('q3');
        expect(await prepare(offsetOf(doc, 'scenario', 0, 2))).toBeUndefined();
    });

    it('refuses names that are not names of the language', async () => {
        const ws = await workspace();
        const at = offsetOf(ws.docs['platform.irq'], 'irq q3', 0, 5);
        await expect(rename(ws, 'platform.irq', at, 'two words')).rejects.toThrow(/not a valid name/);
        await expect(rename(ws, 'platform.irq', at, 'vector')).rejects.toThrow(/not a valid name/);
        await expect(rename(ws, 'platform.irq', offsetOf(ws.docs['platform.irq'], 'domain IR-0', 0, 8), '0bad')).rejects.toThrow(/not a valid name/);
        const keywordName = applied(ws, await rename(ws, 'platform.irq', at, 'edge'));
        expect(keywordName['platform.irq']).toContain('irq edge :');
    });
});
