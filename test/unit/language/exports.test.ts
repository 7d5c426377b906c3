// What a document exports to the index: the same names, types and order as a walk over every node of the AST,
// although the export walk does not enter domains, interrupts and scenarios (nothing inside them is exported).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AstUtils, type AstNodeDescription } from 'langium';
import { exportedName } from '../../../src/language/exported-names.js';
import { buildOne, createTestServices } from '../helpers/services.js';
import { irqFiles } from '../helpers/random-edits.js';
// @ts-expect-error plain JavaScript module without types
import { singleFile } from '../../../bench/generate-topology.mjs';

const root = resolve(__dirname, '../../..');

const shape = (descriptions: Iterable<AstNodeDescription>): string[] => [...descriptions].map(d => `${d.type} ${d.name} ${d.path}`);

describe('exports', () => {
    const services = createTestServices();

    it('are every named element in AST order, for every example, fixture and a generated topology', async () => {
        const texts: Array<[string, string]> = [...irqFiles(join(root, 'examples')), ...irqFiles(join(root, 'test/fixtures'))]
            .map(file => [file.slice(root.length + 1), readFileSync(file, 'utf8')]);
        texts.push(['generated', singleFile(30)]);
        let compared = 0;
        for (const [label, text] of texts) {
            const document = await buildOne(services, text, `${label.replace(/\W/g, '_')}.irq`);
            const exported = await services.Irq.references.ScopeComputation.collectExportedSymbols(document);
            const expected = AstUtils.streamAllContents(document.parseResult.value)
                .map(node => [node, exportedName(node)] as const)
                .filter(([, name]) => !!name)
                .map(([node, name]) => services.Irq.workspace.AstNodeDescriptionProvider.createDescription(node, name, document))
                .toArray();
            expect(shape(exported), label).toEqual(shape(expected));
            compared += exported.length;
        }
        // Interrupts, domains and devices of the generated topology alone: 30 × (1 + 1 + 3).
        expect(compared).toBeGreaterThan(150);
    });
});
