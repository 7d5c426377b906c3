// `irqt check <files or folders>`: parses, links and validates, prints diagnostics, sets the exit code.
// Output formats: text (file:line:col severity code message), json.
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { loadWorkspace } from './load-workspace.js';
import { ExitCode, type CliIo } from './cli-io.js';

/** Options of `irqt check`. */
export interface CheckOptions {
    format: 'text' | 'json';
    maxWarnings?: number;
}

const severityName = (d: Diagnostic): string => ['', 'error', 'warning', 'info', 'hint'][d.severity ?? 1];

/** Runs `irqt check` and returns the exit code. */
export async function runCheck(inputs: string[], options: CheckOptions, io: CliIo): Promise<number> {
    if (inputs.length === 0) {
        io.err('irqt check: no files or folders given (usage: irqt check <files or folders>)');
        return ExitCode.Usage;
    }
    const workspace = await loadWorkspace(inputs);
    const results = workspace.roots.map(document => ({
        file: path.relative(process.cwd(), document.uri.fsPath) || document.uri.fsPath,
        diagnostics: [...(document.diagnostics ?? [])].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    }));
    let errors = 0;
    let warnings = 0;
    for (const r of results) for (const d of r.diagnostics) {
        if ((d.severity ?? 1) === 1) errors++;
        else if (d.severity === 2) warnings++;
    }
    if (options.format === 'json') {
        io.out(JSON.stringify({
            files: results.map(r => ({
                file: r.file,
                diagnostics: r.diagnostics.map(d => ({
                    line: d.range.start.line + 1, column: d.range.start.character + 1,
                    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
                    severity: severityName(d), code: d.code ?? null, message: d.message
                }))
            })),
            problems: workspace.problems,
            summary: { files: results.length, errors, warnings }
        }, null, 2));
    } else {
        for (const r of results) for (const d of r.diagnostics) {
            io.out(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName(d)} ${d.code ?? ''} ${d.message}`.replace(/  +/g, ' '));
        }
        for (const p of workspace.problems) io.err(`${p.path}: ${p.message}`);
        io.out(`${results.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)`);
    }
    if (workspace.problems.length > 0 && results.length === 0) return ExitCode.Usage;
    if (errors > 0) return ExitCode.Failure;
    if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return ExitCode.Failure;
    if (workspace.problems.length > 0) return ExitCode.Usage;
    return ExitCode.Ok;
}
