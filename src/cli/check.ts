// `irqt check <files or folders>`: parses, links and validates, prints diagnostics, sets the exit code.
// Formats: text (file:line:col severity code message, related lines), json, sarif (2.1.0), github (workflow commands).
import { loadWorkspace } from './load-workspace.js';
import { ExitCode, type CliIo } from './cli-io.js';
import { buildReport, displayFile, renderJson, renderText } from './check-report.js';
import { renderGithub, renderSarif } from './check-sarif.js';

/** Output formats of `irqt check`. */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

/** Options of `irqt check`. */
export interface CheckOptions {
    format: (typeof CHECK_FORMATS)[number];
    maxWarnings?: number;
    /** Tool version written into SARIF logs. */
    version?: string;
}

/** Runs `irqt check` and returns the exit code: 0 clean, 1 errors or too many warnings, 2 usage or I/O problems. */
export async function runCheck(inputs: string[], options: CheckOptions, io: CliIo): Promise<number> {
    if (inputs.length === 0) {
        io.err('irqt check: no files or folders given (usage: irqt check <files or folders>)');
        return ExitCode.Usage;
    }
    const workspace = await loadWorkspace(inputs);
    const problems = workspace.problems.map(p => ({ path: displayFile(p.path), message: p.message }));
    const report = buildReport(workspace.roots, problems);
    switch (options.format) {
        case 'json':
            io.out(renderJson(report));
            break;
        case 'sarif':
            io.out(renderSarif(report, options.version ?? 'dev'));
            break;
        case 'github':
            for (const line of renderGithub(report)) io.out(line);
            io.out(`${report.files.length} file(s) checked: ${report.errors} error(s), ${report.warnings} warning(s)`);
            break;
        default:
            for (const line of renderText(report)) io.out(line);
            for (const p of problems) io.err(`${p.path}: ${p.message}`);
            io.out(`${report.files.length} file(s) checked: ${report.errors} error(s), ${report.warnings} warning(s)`);
    }
    const tooManyWarnings = options.maxWarnings !== undefined && report.warnings > options.maxWarnings;
    if (tooManyWarnings && options.format === 'text') io.err(`irqt check: ${report.warnings} warning(s), more than --max-warnings ${options.maxWarnings}`);
    if (problems.length > 0 && report.files.length === 0) return ExitCode.Usage;
    if (report.errors > 0 || tooManyWarnings) return ExitCode.Failure;
    if (problems.length > 0) return ExitCode.Usage;
    return ExitCode.Ok;
}
