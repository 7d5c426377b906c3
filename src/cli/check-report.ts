// The result of `irqt check` as plain data (files, diagnostics with related locations, input problems, counts),
// and its text and JSON renderings; SARIF and GitHub workflow commands live in their own files.
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { InputProblem } from './load-workspace.js';

/** A place in a file, 1-based as editors show it (end column exclusive). */
export interface Location {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
}

/** One diagnostic of a checked file. */
export interface CheckDiagnostic extends Location {
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    /** The issue code (R-* rule id, irq-* structural code, or Langium's lexing/parsing/linking code). */
    readonly code: string | null;
    readonly message: string;
    readonly related: readonly (Location & { message: string })[];
}

/** The whole result of a check run. */
export interface CheckReport {
    readonly files: readonly { file: string; diagnostics: readonly CheckDiagnostic[] }[];
    readonly problems: readonly InputProblem[];
    readonly errors: number;
    readonly warnings: number;
}

const SEVERITIES = ['error', 'error', 'warning', 'info', 'hint'] as const;

/** A file path as printed: relative to the working directory when inside it. */
export function displayFile(fsPath: string): string {
    const relative = path.relative(process.cwd(), fsPath);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : fsPath;
}

function codeOf(d: Diagnostic): string | null {
    if (d.code !== undefined) return String(d.code);
    const data = d.data as { code?: unknown } | undefined;
    return typeof data?.code === 'string' ? data.code : null;
}

/** Builds the report from the checked documents and the input problems. */
export function buildReport(documents: readonly LangiumDocument[], problems: readonly InputProblem[]): CheckReport {
    let errors = 0;
    let warnings = 0;
    const files = documents.map(document => {
        const file = displayFile(document.uri.fsPath);
        const diagnostics = [...(document.diagnostics ?? [])]
            .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
            .map((d): CheckDiagnostic => {
                const severity = SEVERITIES[d.severity ?? 1];
                if (severity === 'error') errors++;
                else if (severity === 'warning') warnings++;
                return {
                    file, severity, code: codeOf(d), message: typeof d.message === 'string' ? d.message : d.message.value,
                    line: d.range.start.line + 1, column: d.range.start.character + 1,
                    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
                    related: (d.relatedInformation ?? []).map(r => ({
                        file: displayFile(URI.parse(r.location.uri).fsPath), message: r.message,
                        line: r.location.range.start.line + 1, column: r.location.range.start.character + 1,
                        endLine: r.location.range.end.line + 1, endColumn: r.location.range.end.character + 1
                    }))
                };
            });
        return { file, diagnostics };
    });
    return { files, problems, errors, warnings };
}

/** `file:line:col severity code message`, then `  related: file:line:col message` lines. */
export function renderText(report: CheckReport): string[] {
    const lines: string[] = [];
    for (const { diagnostics } of report.files) {
        for (const d of diagnostics) {
            lines.push(`${d.file}:${d.line}:${d.column} ${d.severity}${d.code ? ` ${d.code}` : ''} ${d.message}`);
            for (const r of d.related) lines.push(`  related: ${r.file}:${r.line}:${r.column} ${r.message}`);
        }
    }
    return lines;
}

/** The JSON document printed by `--format json`. */
export function renderJson(report: CheckReport): string {
    return JSON.stringify({
        files: report.files.map(f => ({
            file: f.file,
            diagnostics: f.diagnostics.map(d => ({
                line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn,
                severity: d.severity, code: d.code, message: d.message,
                related: d.related.map(r => ({ file: r.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, message: r.message }))
            }))
        })),
        problems: report.problems,
        summary: { files: report.files.length, errors: report.errors, warnings: report.warnings }
    }, null, 2);
}
