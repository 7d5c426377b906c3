// `irqt test <files or folders> [--format text|json] [--event-limit N] [--allow-errors]`: runs every
// scenario, reports each failed expectation at its line with expected and actual, ends with `N passed, M failed`.
import { parseArgs } from 'node:util';
import type { LangiumDocuments } from 'langium';
import type { ElaborationError } from '../elaborate/index.js';
import { runScenario, type ScenarioSpec, type SourceLoc, type SystemSpec } from '../emulator/index.js';
import { loadWorkspace } from './load-workspace.js';
import { ExitCode, type CliIo } from './cli-io.js';
import { displayPath, elaborate, instantiate, locPath, messageOf, parseEventLimit, sourceText, withEventLimit } from './scenario-inputs.js';

/** Options of `irqt test`. */
export interface TestOptions {
    format: 'text' | 'json';
    eventLimit?: number;
    allowErrors?: boolean;
}

/** One evaluated expectation in the report. */
export interface ExpectationResult {
    line: number;
    column: number;
    text: string;
    pass: boolean;
    expected: string;
    actual: string;
}

/** A reason a scenario did not run (or did not finish): refused, unbuildable, or stopped by the event limit. */
export interface ScenarioError {
    message: string;
    file?: string;
    line?: number;
    column?: number;
    code?: string;
}

/** One scenario in the report. */
export interface ScenarioReport {
    name: string;
    topology: string;
    file: string;
    line?: number;
    status: 'passed' | 'failed' | 'error';
    /** The scenario did not run at all (refused, or its topology could not be instantiated). */
    notRun?: boolean;
    expectations: ExpectationResult[];
    errors: ScenarioError[];
}

/** The whole report (`--format json` prints it as is). */
export interface TestReport {
    files: { file: string; scenarios: ScenarioReport[] }[];
    problems: { path: string; message: string }[];
    /**
     * passed/failed count expectations; a scenario that did not run counts as one failure, and so does each
     * step stopped by the event limit. `errors` counts those.
     */
    summary: { passed: number; failed: number; scenarios: number; errors: number };
}

function scenarioError(error: ElaborationError): ScenarioError {
    const loc = error.loc;
    return { message: error.message.split('\n')[0], file: loc ? locPath(loc) : undefined, line: loc?.line, column: loc?.column, code: error.code };
}

function runScenarioReport(spec: SystemSpec, scenario: ScenarioSpec, file: string, options: TestOptions, documents: LangiumDocuments): ScenarioReport {
    const report: ScenarioReport = { name: scenario.name, topology: spec.name, file, line: scenario.loc?.line, status: 'passed', expectations: [], errors: [] };
    const built = instantiate(withEventLimit(spec, options.eventLimit), { trace: false });
    if ('error' in built) {
        report.errors.push(scenarioError(built.error));
        report.status = 'error';
        report.notRun = true;
        return report;
    }
    let result: ReturnType<typeof runScenario>;
    try {
        result = runScenario(built.machine, scenario);
    } catch (e) {
        report.errors.push({ message: `the emulator failed: ${messageOf(e)}`, file: scenario.loc ? locPath(scenario.loc) : file, line: scenario.loc?.line, column: scenario.loc?.column });
        report.status = 'error';
        report.notRun = true;
        return report;
    }
    for (const e of result.expectations) {
        report.expectations.push({
            line: e.loc?.line ?? 0, column: e.loc?.column ?? 0, text: sourceText(documents, e.loc) ?? e.text,
            pass: e.pass, expected: e.expected, actual: e.actual
        });
    }
    result.results.forEach((r, i) => {
        if (!r.limited) return;
        const loc: SourceLoc | undefined = scenario.steps[i].loc;
        report.errors.push(scenarioError({
            kind: 'elaboration', loc,
            message: `event limit of ${built.machine.topo.options.eventLimit} reached (interrupt storm or retrigger loop): the step was stopped`
        }));
    });
    report.status = report.errors.length > 0 ? 'error' : result.failures.length > 0 ? 'failed' : 'passed';
    return report;
}

/** Builds the report of `irqt test` (exported for in-process use). */
export async function testReport(inputs: string[], options: TestOptions): Promise<TestReport> {
    const workspace = await loadWorkspace(inputs);
    const documents = workspace.services.shared.workspace.LangiumDocuments;
    const report: TestReport = {
        files: [], problems: workspace.problems.map(p => ({ path: displayPath(p.path), message: p.message })),
        summary: { passed: 0, failed: 0, scenarios: 0, errors: 0 }
    };
    for (const document of workspace.roots) {
        const file = displayPath(document.uri.fsPath);
        const result = elaborate(workspace, document, options.allowErrors === true);
        const scenarios: ScenarioReport[] = [];
        for (const spec of result.specs) for (const scenario of spec.scenarios) scenarios.push(runScenarioReport(spec, scenario, file, options, documents));
        for (const refused of result.refused.filter(r => r.kind === 'scenario')) {
            scenarios.push({
                name: refused.name, topology: refused.topology, file, line: refused.loc?.line, status: 'error', notRun: true, expectations: [],
                errors: refused.errors.map(scenarioError)
            });
        }
        scenarios.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        report.files.push({ file, scenarios });
    }
    for (const s of report.files.flatMap(f => f.scenarios)) {
        report.summary.scenarios++;
        report.summary.passed += s.expectations.filter(e => e.pass).length;
        const errors = s.notRun ? 1 : s.errors.length;
        report.summary.failed += s.expectations.filter(e => !e.pass).length + errors;
        report.summary.errors += errors;
    }
    return report;
}

function printText(report: TestReport, io: CliIo): void {
    for (const { scenarios } of report.files) {
        for (const s of scenarios) {
            const total = s.expectations.length;
            const failed = s.expectations.filter(e => !e.pass);
            for (const e of s.errors) io.out(`${e.file ?? s.file}:${e.line ?? s.line ?? 0}:${e.column ?? 1} error ${e.code ? e.code + ' ' : ''}${e.message}`);
            for (const e of failed) io.out(`${s.file}:${e.line}:${e.column} FAIL ${e.text}\n    expected: ${e.expected}\n    actual:   ${e.actual}`);
            const status = s.status === 'passed' ? 'PASS ' : s.status === 'failed' ? 'FAIL ' : 'ERROR';
            const detail = s.notRun ? 'not run' : `${total - failed.length}/${total} expectations`;
            io.out(`${status} ${s.file}:${s.line ?? 0} ${s.name} (${detail})`);
        }
    }
    for (const p of report.problems) io.err(`irqt test: ${p.path}: ${p.message}`);
    io.out(`${report.summary.passed} passed, ${report.summary.failed} failed`);
}

/** Usage line of `irqt test`. */
export const TEST_USAGE = 'irqt test <files or folders> [--format text|json] [--event-limit N] [--allow-errors]';

/** Parses the arguments of `irqt test` and runs it (parseArgs errors propagate as usage errors). */
export async function runTestCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: { format: { type: 'string', default: 'text' }, 'event-limit': { type: 'string' }, 'allow-errors': { type: 'boolean' } }
    });
    const eventLimit = parseEventLimit(values['event-limit']);
    const format = values.format;
    if (format !== 'text' && format !== 'json') {
        io.err(`irqt test: unknown --format '${format}' (text or json)`);
        return ExitCode.Usage;
    }
    if (typeof eventLimit === 'string') {
        io.err(`irqt test: ${eventLimit}`);
        return ExitCode.Usage;
    }
    return runTest(positionals, { format, eventLimit, allowErrors: values['allow-errors'] }, io);
}

/** Runs `irqt test` and returns the exit code. */
export async function runTest(inputs: string[], options: TestOptions, io: CliIo): Promise<number> {
    if (inputs.length === 0) {
        io.err('irqt test: no files or folders given (usage: irqt test <files or folders>)');
        return ExitCode.Usage;
    }
    const report = await testReport(inputs, options);
    if (options.format === 'json') io.out(JSON.stringify(report, null, 2));
    else printText(report, io);
    if (report.summary.failed > 0) return ExitCode.Failure;
    if (report.problems.length > 0) return ExitCode.Usage;
    return ExitCode.Ok;
}
