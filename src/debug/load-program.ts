// Loads the program of a debug launch: the .irq file and everything it imports, built and validated with the
// real Langium services, then elaborates the chosen scenario into a SystemSpec (or explains why not).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { elaborateScenario, listScenarios, type ElaborationError } from '../elaborate/index.js';
import type { ScenarioSpec, SystemSpec } from '../emulator/index.js';
import { directImports } from '../language/imports.js';
import { createIrqServices } from '../language/irq-module.js';

/** A loaded program: the spec with exactly one scenario, or a message saying why it cannot run. */
export type LoadedProgram =
    | { ok: true; spec: SystemSpec; scenario: ScenarioSpec; scenarios: string[]; uri: string }
    | { ok: false; message: string };

/** Errors listed in a refused launch. */
const SHOWN_ERRORS = 5;

/** `file:///x/y.irq` → `/x/y.irq` (other schemes are returned unchanged). */
export function uriToPath(uri: string): string {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

/** A file path → the URI string SourceLocs use. */
export function pathToUri(file: string): string {
    return URI.file(path.resolve(file)).toString();
}

function readText(file: string): string | { error: string } {
    try {
        const buffer = fs.readFileSync(file);
        if (buffer.includes(0)) return { error: 'binary file, not an .irq text file' };
        return buffer.toString('utf8');
    } catch (e) {
        return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
    }
}

/** `file:line:column message [code]`. */
export function formatError(e: ElaborationError): string {
    const where = e.loc ? `${uriToPath(e.loc.uri)}:${e.loc.line}:${e.loc.column}` : '(no location)';
    return `${where} ${e.message}${e.code ? ` [${e.code}]` : ''}`;
}

/** Loads, validates and elaborates `program`'s scenario (the first one when `scenario` is not given). */
export async function loadProgram(program: string, scenario?: string): Promise<LoadedProgram> {
    if (!program) return { ok: false, message: 'launch needs "program": the .irq file to debug' };
    const file = path.resolve(program);
    const text = readText(file);
    if (typeof text !== 'string') return { ok: false, message: `cannot read ${file}: ${text.error}` };
    const { shared, Irq } = createIrqServices(NodeFileSystem);
    const documents = shared.workspace.LangiumDocuments;
    const root = documents.createDocument(URI.file(file), text);
    const queue: LangiumDocument[] = [root];
    const seen = new Set<string>([root.uri.toString()]);
    while (queue.length > 0) {
        for (const uri of directImports(queue.shift()!)) {
            if (seen.has(uri.toString())) continue;
            seen.add(uri.toString());
            const imported = readText(uri.fsPath);
            if (typeof imported === 'string') queue.push(documents.createDocument(uri, imported));
        }
    }
    await shared.workspace.DocumentBuilder.build([...documents.all], { validation: true });
    const scenarios = listScenarios(root).map((s) => s.name);
    const name = scenario || scenarios[0];
    if (!name) return { ok: false, message: `${file} has no scenario to debug: add 'scenario NAME on TOPOLOGY { ... }'` };
    const result = elaborateScenario(root, name, Irq);
    if (!result.spec || !result.scenario) {
        const shown = result.errors.slice(0, SHOWN_ERRORS).map((e) => `  ${formatError(e)}`);
        const more = result.errors.length > SHOWN_ERRORS ? [`  … and ${result.errors.length - SHOWN_ERRORS} more`] : [];
        return { ok: false, message: [`Cannot debug scenario '${name}' of ${file}: ${result.errors.length} error(s), see the Problems view:`, ...shown, ...more].join('\n') };
    }
    return { ok: true, spec: result.spec, scenario: result.scenario, scenarios, uri: root.uri.toString() };
}
