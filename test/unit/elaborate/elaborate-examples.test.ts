// Every example under examples/ elaborates: the reference topologies without errors and with all their
// scenarios; the rejected 2020 design is refused for its rule errors and lowers when they are allowed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { URI, type LangiumDocument } from 'langium';
import { beforeAll, describe, expect, it } from 'vitest';
import { elaborateDocument, listScenarios } from '../../../src/elaborate/index.js';
import { createTestServices } from '../helpers/services.js';

const examplesRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const BAD_EXAMPLE = 'dev-msi-2020.irq';

function findExamples(dir: string): string[] {
    return readdirSync(dir).flatMap(entry => {
        const path = join(dir, entry);
        return statSync(path).isDirectory() ? findExamples(path) : entry.endsWith('.irq') ? [path] : [];
    }).sort();
}

const files = findExamples(examplesRoot);
const services = createTestServices();
const documents = new Map<string, LangiumDocument>();

beforeAll(async () => {
    for (const file of files) {
        documents.set(file, services.shared.workspace.LangiumDocuments.createDocument(URI.file(file), readFileSync(file, 'utf8')));
    }
    await services.shared.workspace.DocumentBuilder.build([...documents.values()], { validation: true });
});

describe('elaborating the examples', () => {
    it('finds the examples', () => {
        expect(files.length).toBeGreaterThanOrEqual(8);
    });

    for (const file of files.filter(f => !f.endsWith(BAD_EXAMPLE))) {
        it(`${file.slice(examplesRoot.length + 1)}: every topology and scenario elaborates`, () => {
            const document = documents.get(file)!;
            const result = elaborateDocument(document, services.Irq);
            expect(result.errors.map(e => `${e.loc?.line}: ${e.message}`)).toEqual([]);
            const elaborated = result.specs.flatMap(s => s.scenarios.map(x => x.name)).sort();
            expect(elaborated).toEqual(listScenarios(document).map(s => s.name).sort());
            for (const spec of result.specs) {
                for (const scenario of spec.scenarios) {
                    expect(scenario.steps.every(step => step.loc?.uri === document.uri.toString())).toBe(true);
                }
            }
        });
    }

    it(`${BAD_EXAMPLE}: refused for its rule errors, elaborated when validation errors are allowed`, () => {
        const document = documents.get(join(examplesRoot, BAD_EXAMPLE))!;
        const strict = elaborateDocument(document, services.Irq);
        expect(strict.specs).toEqual([]);
        expect(strict.errors.length).toBeGreaterThan(0);
        expect(strict.errors.every(e => e.kind === 'validation' && /^R-/.test(e.code ?? ''))).toBe(true);
        const lenient = elaborateDocument(document, services.Irq, { allowValidationErrors: true });
        expect(lenient.errors).toEqual([]);
        expect(lenient.specs.map(s => s.name)).toEqual(['dev-msi-2020']);
        expect(lenient.specs[0].domains.find(d => d.name === 'IR-DEV-MSI')?.chip?.callbacks?.mask?.mode).toBe('platform');
    });
});
