// `irqt run <file> [--scenario name] [--trace out.json] [--event-limit N] [--allow-errors]`: runs scenarios
// and prints their delivery trace; exit 0 when every expectation passed, 1 on failures or refusals, 2 on usage.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { listScenarios } from '../elaborate/index.js';
import { runStep, stepText, type MachineEvent, type ScenarioSpec, type SystemSpec } from '../emulator/index.js';
import { ExitCode, type CliIo } from './cli-io.js';
import { displayPath, elaborate, formatLoc, instantiate, loadOne, messageOf, parseEventLimit, printErrors, sourceText, withEventLimit } from './scenario-inputs.js';
import { ChromeTraceBuilder } from './trace-chrome.js';
import { alignRow, columnWidths, eventRow, TRACE_HEADER, type TraceRow } from './trace-text.js';

/** Options of `irqt run`. */
export interface RunOptions {
    scenario?: string;
    /** Path of the Chrome trace-event JSON to write. */
    trace?: string;
    eventLimit?: number;
    /** Run topologies whose only errors are layering-rule (validation) errors. */
    allowErrors?: boolean;
}

/** A printed block of one step: its header and its event rows. */
interface StepBlock {
    header: string;
    rows: TraceRow[];
}

/** Usage line of `irqt run`. */
export const RUN_USAGE = 'irqt run <file> [--scenario name] [--trace out.json] [--event-limit N] [--allow-errors]';

/** Parses the arguments of `irqt run` and runs it (parseArgs errors propagate as usage errors). */
export async function runRunCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: { scenario: { type: 'string' }, trace: { type: 'string' }, 'event-limit': { type: 'string' }, 'allow-errors': { type: 'boolean' } }
    });
    const eventLimit = parseEventLimit(values['event-limit']);
    if (typeof eventLimit === 'string' || positionals.length !== 1) {
        io.err(`irqt run: ${typeof eventLimit === 'string' ? eventLimit : 'give exactly one .irq file'} (usage: ${RUN_USAGE})`);
        return ExitCode.Usage;
    }
    return runRun(positionals[0], { scenario: values.scenario, trace: values.trace, eventLimit, allowErrors: values['allow-errors'] }, io);
}

/** Runs `irqt run` and returns the exit code. */
export async function runRun(file: string, options: RunOptions, io: CliIo): Promise<number> {
    const loaded = await loadOne('run', file, io);
    if (typeof loaded === 'number') return loaded;
    const { workspace, document } = loaded;
    const declared = listScenarios(document);
    if (declared.length === 0) {
        io.err(`irqt run: ${displayPath(document.uri.fsPath)} declares no scenario`);
        return ExitCode.Usage;
    }
    if (options.scenario !== undefined && !declared.some(s => s.name === options.scenario)) {
        io.err(`irqt run: no scenario named '${options.scenario}' in ${displayPath(document.uri.fsPath)} (scenarios: ${declared.map(s => s.name).join(', ')})`);
        return ExitCode.Usage;
    }
    const wanted = (name: string) => options.scenario === undefined || name === options.scenario;
    const result = elaborate(workspace, document, options.allowErrors === true);
    let failed = false;
    const refused = result.refused.filter(r => r.kind === 'scenario' && wanted(r.name));
    for (const r of refused) {
        printErrors(r.errors, io);
        io.err(`irqt run: scenario ${r.name} (${formatLoc(r.loc)}) not run: ${r.errors.length} error(s) in it or in topology ${r.topology}`);
        failed = true;
    }
    const trace = options.trace !== undefined ? new ChromeTraceBuilder() : undefined;
    const documents = workspace.services.shared.workspace.LangiumDocuments;
    for (const spec of result.specs) {
        for (const scenario of spec.scenarios.filter(s => wanted(s.name))) {
            if (!runOne(spec, scenario, options, io, trace, loc => sourceText(documents, loc))) failed = true;
        }
    }
    if (trace && options.trace !== undefined) {
        try {
            fs.writeFileSync(options.trace, JSON.stringify(trace.build(displayPath(document.uri.fsPath))) + '\n');
            io.out(`trace written to ${options.trace}`);
        } catch (e) {
            io.err(`irqt run: cannot write ${options.trace}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
            return ExitCode.Usage;
        }
    }
    return failed ? ExitCode.Failure : ExitCode.Ok;
}

/** Runs one scenario, prints its trace; false when an expectation failed or the run was stopped. */
function runOne(spec: SystemSpec, scenario: ScenarioSpec, options: RunOptions, io: CliIo, trace: ChromeTraceBuilder | undefined,
    text: (loc: ScenarioSpec['loc']) => string | undefined): boolean {
    io.out(`scenario ${scenario.name} on ${spec.name}  (${formatLoc(scenario.loc)})`);
    const events: MachineEvent[] = [];
    const built = instantiate(withEventLimit(spec, options.eventLimit), { trace: true, sink: e => events.push(e) });
    if ('error' in built) {
        printErrors([built.error], io);
        io.out('');
        return false;
    }
    const machine = built.machine;
    trace?.beginScenario(spec, scenario.name, machine);
    const blocks: StepBlock[] = [];
    let ok = true;
    let stopped: string | undefined;
    for (let i = 0; i < scenario.steps.length; i++) {
        const step = scenario.steps[i];
        events.length = 0;
        const source = text(step.loc) ?? stepText(step);
        const where = formatLoc(step.loc);
        let ran: ReturnType<typeof runStep>;
        try {
            ran = runStep(machine, step, i);
        } catch (e) {
            stopped = `${where} error: the emulator failed on this step: ${messageOf(e)}`;
            ok = false;
            break;
        }
        const { result, report } = ran;
        for (const e of events) trace?.add(e);
        if (report) {
            if (!report.pass) ok = false;
            blocks.push({ header: `${where}  ${source}  ${report.pass ? 'PASS' : `FAIL  expected ${report.expected}, actual ${report.actual}`}`, rows: [] });
            continue;
        }
        const outcome = result.limited ? 'stopped' : result.ok ? 'ok' : result.errno ?? String(result.result);
        blocks.push({ header: `${where}  ${source}  -> ${outcome}`, rows: events.filter(e => e.kind !== 'step').map(eventRow) });
        if (result.limited) {
            const limit = machine.topo.options.eventLimit;
            stopped = `${where} error: event limit of ${limit} reached (interrupt storm or retrigger loop); the run of ${scenario.name} stops here (raise it with --event-limit)`;
            ok = false;
            break;
        }
    }
    const widths = columnWidths([TRACE_HEADER, ...blocks.flatMap(b => b.rows)]);
    io.out(alignRow(TRACE_HEADER, widths));
    for (const block of blocks) {
        io.out(`  ${block.header}`);
        for (const row of block.rows) io.out(alignRow(row, widths));
    }
    if (stopped) io.err(stopped);
    io.out(`${ok ? 'passed' : 'FAILED'}: ${scenario.name}`);
    io.out('');
    return ok;
}
