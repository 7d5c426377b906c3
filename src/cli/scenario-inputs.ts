// Shared by `irqt run`, `test` and `dump`: load .irq inputs, elaborate them, print refusals with their
// locations, instantiate machines (spec errors become messages), and read a step's source text.
import * as path from 'node:path';
import { URI, type LangiumDocument, type LangiumDocuments } from 'langium';
import { elaborateDocument, listScenarios, type ElaborationError, type ElaborationResult } from '../elaborate/index.js';
import { Machine, SpecError, type MachineOptions, type SourceLoc, type SystemSpec } from '../emulator/index.js';
import { loadWorkspace, type LoadedWorkspace } from './load-workspace.js';
import { ExitCode, type CliIo } from './cli-io.js';

/** How many errors a refusal prints before summarising the rest. */
export const MAX_PRINTED_ERRORS = 10;

/** A file path as printed: relative to the working directory when shorter. */
export function displayPath(fsPath: string): string {
    const relative = path.relative(process.cwd(), fsPath);
    return relative && !relative.startsWith('..') ? relative : fsPath;
}

/** The printed path of a location's file. */
export function locPath(loc: SourceLoc): string {
    return displayPath(URI.parse(loc.uri).fsPath);
}

/** `file:line:col` of a location (empty without one). */
export function formatLoc(loc: SourceLoc | undefined): string {
    return loc ? `${locPath(loc)}:${loc.line}:${loc.column}` : '';
}

/** One error line: `file:line:col error [code] message` (first line of a multi-line message). */
export function formatError(error: ElaborationError): string {
    const where = formatLoc(error.loc);
    const message = error.message.split('\n')[0];
    return `${where ? where + ' ' : ''}error ${error.code ? error.code + ' ' : ''}${message}`;
}

/** Prints the first errors and how many more there are. */
export function printErrors(errors: readonly ElaborationError[], io: CliIo, max = MAX_PRINTED_ERRORS): void {
    for (const error of errors.slice(0, max)) io.err(formatError(error));
    if (errors.length > max) io.err(`... and ${errors.length - max} more error(s)`);
}

/** Loads one file for `run`/`dump`; input problems are printed and answered with exit 2. */
export async function loadOne(command: string, file: string, io: CliIo): Promise<{ workspace: LoadedWorkspace; document: LangiumDocument } | number> {
    const workspace = await loadWorkspace([file]);
    if (workspace.problems.length > 0 || workspace.roots.length !== 1) {
        for (const p of workspace.problems) io.err(`irqt ${command}: ${displayPath(p.path)}: ${p.message}`);
        if (workspace.problems.length === 0) io.err(`irqt ${command}: ${file}: not a single .irq file`);
        return ExitCode.Usage;
    }
    return { workspace, document: workspace.roots[0] };
}

/** Elaborates a loaded document with the workspace's services; an elaborator crash becomes one error. */
export function elaborate(workspace: LoadedWorkspace, document: LangiumDocument, allowErrors: boolean): ElaborationResult {
    try {
        return elaborateDocument(document, workspace.services, { allowValidationErrors: allowErrors });
    } catch (e) {
        const error: ElaborationError = { message: `internal error while elaborating: ${messageOf(e)}`, kind: 'elaboration' };
        const refused = listScenarios(document).map(s => ({ kind: 'scenario' as const, name: s.name, topology: s.topology, loc: s.loc, errors: [error] }));
        return { specs: [], errors: [error], refused };
    }
}

/** The message of a thrown value, without its stack. */
export function messageOf(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

/** A spec with the command line's event limit applied. */
export function withEventLimit(spec: SystemSpec, eventLimit: number | undefined): SystemSpec {
    return eventLimit === undefined ? spec : { ...spec, options: { ...spec.options, eventLimit } };
}

/** Instantiates a machine; a spec the machine cannot build is returned as an error (never thrown). */
export function instantiate(spec: SystemSpec, options: MachineOptions): { machine: Machine } | { error: ElaborationError } {
    try {
        return { machine: Machine.instantiate(spec, options) };
    } catch (e) {
        if (e instanceof SpecError) return { error: { message: e.message, kind: 'elaboration', loc: e.loc ?? spec.loc } };
        throw e;
    }
}

/** Reads the source text of a location (its first line, trimmed) from the loaded documents. */
export function sourceText(documents: LangiumDocuments, loc: SourceLoc | undefined): string | undefined {
    if (!loc) return undefined;
    const document = documents.getDocument(URI.parse(loc.uri));
    if (!document) return undefined;
    const text = document.textDocument.getText({
        start: { line: loc.line - 1, character: loc.column - 1 },
        end: { line: loc.endLine - 1, character: loc.endColumn - 1 }
    });
    return text.split('\n')[0].trim();
}

/** Parses `--event-limit`: a positive whole number, or undefined when absent. */
export function parseEventLimit(value: string | undefined): number | undefined | string {
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : `--event-limit takes a positive whole number, not '${value}'`;
}
