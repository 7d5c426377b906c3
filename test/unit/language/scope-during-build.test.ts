// A request that resolves references while a build is under way (the editor asks for code actions, hovers and
// semantic tokens at any time) must not leave the linker a scope computed before the document was re-indexed.
import { describe, expect, it } from 'vitest';
import { DocumentState, URI, type AstNode, type Reference } from 'langium';
import { createIrqServices } from '../../../src/language/irq-module.js';
import { diagnosticLines } from '../helpers/services.js';
import { forEachAstNode, forEachReference } from '../../../src/language/ast-walk.js';

const text = `topology t {
  arch x86_64
  cpus 4
  domain VECTOR : vector { vectors 0x20..0xEA  flags MSI_PARENT
    chip APIC { ack: self  set_affinity: self  compose_msi_msg: self  retrigger: self } }
  device nic0 pci 0000:03:00.0 {
    msix table 8
    domain NIC0-MSIX : pci-msix parent VECTOR {
      chip PCI-MSIX { mask: self  unmask: self  write_msi_msg: self  ack: parent }
    }
    irq q0 : NIC0-MSIX index 0 affinity cpu 1
  }
}
`;

describe('scopes during a build', () => {
    it('links the edited element against the re-indexed document even if a request resolved its references early', async () => {
        let current = text;
        const read = (): string => current;
        const services = createIrqServices({
            fileSystemProvider: () => ({
                readFile: async () => read(), readFileSync: read, readBinary: async () => new TextEncoder().encode(read()),
                readBinarySync: () => new TextEncoder().encode(read()), readDirectory: async () => [], readDirectorySync: () => [],
                exists: async () => true, existsSync: () => true,
                stat: async u => ({ isFile: true, isDirectory: false, uri: u }), statSync: u => ({ isFile: true, isDirectory: false, uri: u })
            })
        });
        const documents = services.shared.workspace.LangiumDocuments;
        const builder = services.shared.workspace.DocumentBuilder;
        const uri = URI.file('/virtual/scope/main.irq');
        const document = documents.createDocument(uri, text);
        await builder.build([document], { validation: true });
        expect(diagnosticLines(document)).toEqual([]);
        // Right after the re-parse (the document's exports are out of the index), read every reference, as a
        // request would: the lookups fail and would leave scopes without the document's own elements.
        let early = 0;
        const listener = builder.onBuildPhase(DocumentState.Parsed, () => {
            forEachAstNode(document.parseResult.value, (node: AstNode) => forEachReference(node, (reference: Reference) => {
                if (reference.ref === undefined) early++;
            }));
        });
        const edited = text.replace('affinity cpu 1', 'affinity cpu 2');
        current = edited;
        await builder.update([uri], []);
        listener.dispose();
        expect(early).toBeGreaterThan(0);
        expect(document.parseResult.value.$cstNode?.root.fullText).toBe(edited);
        expect(diagnosticLines(document)).toEqual([]);
    });
});
