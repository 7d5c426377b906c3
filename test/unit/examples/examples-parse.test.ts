// Every example under examples/ parses, links and (except the 2020 DEV_MSI design, which is the bad
// example on purpose) validates without errors; every example carries a scenario with expectations.
// All examples are built together with the real services, under their real paths, so `import` works.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { URI, type LangiumDocument } from 'langium';
import { beforeAll, describe, expect, it } from 'vitest';
import { isExpect, isScenario, type Model } from '../../../src/language/generated/ast.js';
import { createTestServices } from '../helpers/services.js';

const examplesRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');

/** The design that the 2020 review rejected: it must parse and link, its rule findings are tested elsewhere. */
const BAD_EXAMPLE = 'dev-msi-2020.irq';

/** Every `.irq` file under `dir`, as paths relative to the examples folder, sorted. */
function findExamples(dir: string): string[] {
    const out: string[] = [];
    for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) out.push(...findExamples(path));
        else if (entry.endsWith('.irq')) out.push(relative(examplesRoot, path).split(sep).join('/'));
    }
    return out.sort();
}

/**
 * An "example" is a top-level file, or a sub-folder whose files belong together through `import`
 * (e.g. split/: a platform file, per-device files and a scenario file).
 */
function exampleOf(file: string): string {
    const slash = file.indexOf('/');
    return slash < 0 ? file : file.slice(0, slash + 1);
}

/** 1-based line of a diagnostic. */
function line(diagnostic: { range: { start: { line: number } } }): number {
    return diagnostic.range.start.line + 1;
}

/** A diagnostic's message as plain text. */
function messageOf(diagnostic: { message: string | { value: string } }): string {
    return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

const files = findExamples(examplesRoot);
const documents = new Map<string, LangiumDocument<Model>>();

beforeAll(async () => {
    const services = createTestServices();
    const langiumDocuments = services.shared.workspace.LangiumDocuments;
    for (const file of files) {
        const text = readFileSync(join(examplesRoot, file), 'utf8');
        documents.set(file, langiumDocuments.createDocument(URI.file(join(examplesRoot, file)), text) as LangiumDocument<Model>);
    }
    await services.shared.workspace.DocumentBuilder.build([...documents.values()], { validation: true });
});

describe('examples', () => {
    it('finds the reference topologies, both designs and the split example', () => {
        for (const name of [
            't1-x86-msix-no-ir.irq', 't2-x86-intel-ir.irq', 't3-idxd-ims.irq', 't4-arm64-gicv3-its.irq',
            't5-riscv-aia.irq', 't6-siov-posted.irq', 't7-dmar-msi.irq', 't8-multi-iommu.irq',
            'dev-msi-2020.irq', 'per-device-msi-merged.irq',
            'split/platform.irq', 'split/nic.irq', 'split/dsa.irq', 'split/scenarios.irq'
        ]) {
            expect(files).toContain(name);
        }
    });

    describe.each(files)('%s', (file) => {
        const document = () => documents.get(file)!;

        it('has no lexer or parser errors', () => {
            const { lexerErrors, parserErrors } = document().parseResult;
            expect(lexerErrors.map(e => `${e.line}: ${e.message}`)).toEqual([]);
            expect(parserErrors.map(e => `${e.token.startLine}: ${e.message}`)).toEqual([]);
        });

        it('links every reference', () => {
            const unresolved = (document().diagnostics ?? [])
                .filter(d => messageOf(d).startsWith('Could not resolve reference'))
                .map(d => `${line(d)}: ${messageOf(d)}`);
            expect(unresolved).toEqual([]);
        });

        if (file !== BAD_EXAMPLE) {
            it('has no diagnostics with severity error', () => {
                const errors = (document().diagnostics ?? [])
                    .filter(d => (d.severity ?? 1) === 1)
                    .map(d => `${line(d)}: ${d.code ?? ''} ${messageOf(d)}`);
                expect(errors).toEqual([]);
            });
        }
    });

    describe.each([...new Set(files.map(exampleOf))])('example %s', (example) => {
        it('contains a scenario with at least one expectation', () => {
            const members = files.filter(f => exampleOf(f) === example).map(f => documents.get(f)!);
            const scenarios = members.flatMap(d => d.parseResult.value.elements.filter(isScenario));
            expect(scenarios.length).toBeGreaterThan(0);
            // Every scenario of an example asserts something (not just one of them).
            const withoutExpectation = scenarios.filter(s => !s.steps.some(isExpect)).map(s => s.name);
            expect(withoutExpectation).toEqual([]);
        });
    });
});
