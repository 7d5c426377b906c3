// The index manager's lookup of a few files' exports (a device file's import closure among many files) gives the
// same descriptions in the same order as Langium's pass over every file, also after files are rebuilt or removed.
import { describe, expect, it } from 'vitest';
import { DefaultIndexManager, URI, type AstNodeDescription, type IndexManager } from 'langium';
import { buildFiles, createTestServices } from '../helpers/services.js';

/** A description as comparable text: file, type, name. */
const shape = (descriptions: Iterable<AstNodeDescription>): string[] =>
    [...descriptions].map(d => `${d.documentUri.path.split('/').pop()} ${d.type} ${d.name}`);

describe('index manager', () => {
    it('looks up the exports of a few files in the index order, without passing over every file', async () => {
        const services = createTestServices();
        const files: Record<string, string> = { 'platform.irq': 'topology t { domain V : vector { } }' };
        for (let i = 0; i < 30; i++) {
            // Every device file also exports a domain named like one in another file: the order decides the winner.
            files[`d${i}.irq`] = `import "platform.irq"\nextend t { domain X${i % 3} : wired parent V device n${i} platform "n${i}" }`;
        }
        const documents = await buildFiles(services, files);
        const index = services.shared.workspace.IndexManager;
        const langiumOrder = (type: string, uris: Set<string>): string[] =>
            shape(DefaultIndexManager.prototype.allElements.call(index as IndexManager, type, uris));
        const uriOf = (name: string): string => documents[name].uri.toString();

        const visible = new Set([uriOf('d7.irq'), uriOf('platform.irq'), uriOf('d2.irq')]);
        for (const type of ['Domain', 'Device', 'Topology', undefined]) {
            expect(shape(index.allElements(type, visible)), String(type)).toEqual(langiumOrder(type as string, visible));
        }
        expect(shape(index.allElements('Domain', visible))[0]).toMatch(/^platform\.irq /);

        // A rebuilt file keeps its place; a removed and re-added one goes last, as in Langium's map.
        await index.updateContent(documents['d7.irq']);
        expect(shape(index.allElements('Domain', visible))).toEqual(langiumOrder('Domain', visible));
        index.remove(URI.parse(uriOf('d2.irq')));
        expect(shape(index.allElements('Domain', visible))).toEqual(langiumOrder('Domain', visible));
        await index.updateContent(documents['d2.irq']);
        expect(shape(index.allElements('Domain', visible))).toEqual(langiumOrder('Domain', visible));
        expect(shape(index.allElements('Domain', visible)).pop()).toMatch(/^d2\.irq /);
    });
});
