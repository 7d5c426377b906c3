// `irqt dump <file> [--topology T] [--after S] [--what domains|irqs|interrupts|sysfs|all] [--out dir]`: the
// emulated state in the kernel's own formats (debugfs irq, /proc/interrupts, /sys/kernel/irq), printed or written as a tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { elaborateScenario, elaborateTopologyNamed, listScenarios, listTopologies } from '../elaborate/index.js';
import { runScenario, type SystemSpec } from '../emulator/index.js';
import { KstatCounter, kernelDump, type DumpFile, type DumpPart } from '../emulator/kernel-format/index.js';
import { ExitCode, type CliIo } from './cli-io.js';
import { displayPath, formatLoc, instantiate, loadOne, messageOf, parseEventLimit, printErrors, withEventLimit } from './scenario-inputs.js';

/** What `--what` accepts. */
export const DUMP_WHAT = ['domains', 'irqs', 'interrupts', 'sysfs', 'all'] as const;

/** Options of `irqt dump`. */
export interface DumpOptions {
    topology?: string;
    /** Run this scenario first. */
    after?: string;
    what: (typeof DUMP_WHAT)[number];
    /** Write a file tree here instead of printing. */
    out?: string;
    eventLimit?: number;
    allowErrors?: boolean;
}

/** Usage line of `irqt dump`. */
export const DUMP_USAGE = 'irqt dump <file> [--topology name] [--after scenario] [--what domains|irqs|interrupts|sysfs|all] [--out dir] [--event-limit N] [--allow-errors]';

/** Parses the arguments of `irqt dump` and runs it (parseArgs errors propagate as usage errors). */
export async function runDumpCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
            topology: { type: 'string' }, after: { type: 'string' }, what: { type: 'string', default: 'all' }, out: { type: 'string' },
            'event-limit': { type: 'string' }, 'allow-errors': { type: 'boolean' }
        }
    });
    const what = DUMP_WHAT.find(w => w === values.what);
    const eventLimit = parseEventLimit(values['event-limit']);
    if (!what) return usage(io, `unknown --what '${values.what}' (${DUMP_WHAT.join(', ')})`);
    if (typeof eventLimit === 'string') return usage(io, eventLimit);
    if (positionals.length !== 1) return usage(io, `give exactly one .irq file (usage: ${DUMP_USAGE})`);
    return runDump(positionals[0], { topology: values.topology, after: values.after, what, out: values.out, eventLimit, allowErrors: values['allow-errors'] }, io);
}

/** Runs `irqt dump` and returns the exit code. */
export async function runDump(file: string, options: DumpOptions, io: CliIo): Promise<number> {
    const loaded = await loadOne('dump', file, io);
    if (typeof loaded === 'number') return loaded;
    const { workspace, document } = loaded;
    const where = displayPath(document.uri.fsPath);
    const elaborateOptions = { allowValidationErrors: options.allowErrors === true };
    let spec: SystemSpec | undefined;
    if (options.after !== undefined) {
        const scenarios = listScenarios(document);
        const found = scenarios.find(s => s.name === options.after);
        if (!found) return usage(io, `no scenario named '${options.after}' in ${where} (scenarios: ${scenarios.map(s => s.name).join(', ') || 'none'})`);
        if (options.topology !== undefined && found.topology !== options.topology) {
            return usage(io, `scenario ${options.after} runs on topology ${found.topology}, not ${options.topology}`);
        }
        const elaborated = elaborateScenario(document, options.after, workspace.services, elaborateOptions);
        if (!elaborated.spec) return refused(io, `scenario ${options.after}`, elaborated.errors);
        spec = elaborated.spec;
    } else {
        const names = listTopologies(document);
        if (options.topology !== undefined ? !names.includes(options.topology) : names.length !== 1) {
            const what = options.topology !== undefined ? `no topology named '${options.topology}' in ${where}` : names.length === 0
                ? `${where} mentions no topology` : `${where} mentions several topologies; choose one with --topology`;
            return usage(io, `${what} (topologies: ${names.join(', ') || 'none'})`);
        }
        const elaborated = elaborateTopologyNamed(document, options.topology, workspace.services, elaborateOptions);
        if (!elaborated.spec) return refused(io, `topology ${options.topology ?? names[0]}`, elaborated.errors);
        spec = elaborated.spec;
    }
    const kstat = new KstatCounter();
    const built = instantiate(withEventLimit(spec, options.eventLimit), { trace: true, sink: kstat.sink });
    if ('error' in built) return refused(io, `topology ${spec.name}`, [built.error]);
    let code: number = ExitCode.Ok;
    for (const scenario of spec.scenarios) {
        let result: ReturnType<typeof runScenario>;
        try {
            result = runScenario(built.machine, scenario);
        } catch (e) {
            io.err(`${formatLoc(scenario.loc)} error: the emulator failed while running ${scenario.name}: ${messageOf(e)}`);
            return ExitCode.Failure;
        }
        const limited = result.results.findIndex(r => r.limited);
        if (limited >= 0) {
            io.err(`${formatLoc(scenario.steps[limited].loc)} error: event limit of ${built.machine.topo.options.eventLimit} reached (interrupt storm or retrigger loop); the state below is where it stopped`);
            code = ExitCode.Failure;
        }
    }
    const parts: DumpPart[] = options.what === 'all' ? ['domains', 'irqs', 'interrupts', 'sysfs'] : [options.what];
    const files = kernelDump(built.machine, parts, kstat);
    if (options.out !== undefined) {
        const written = writeTree(options.out, files, io);
        if (written < 0) return ExitCode.Usage;
        io.out(`wrote ${written} file(s) under ${options.out}`);
        return code;
    }
    if (files.length === 1) io.out(files[0].content.replace(/\n$/, ''));
    else io.out(files.map(f => `==> ${f.path} <==\n${f.content}`).join('\n').replace(/\n$/, ''));
    return code;
}

function writeTree(out: string, files: readonly DumpFile[], io: CliIo): number {
    try {
        for (const f of files) {
            const target = path.join(out, ...f.path.split('/').filter(Boolean));
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, f.content);
        }
        return files.length;
    } catch (e) {
        io.err(`irqt dump: cannot write under ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        return -1;
    }
}

function usage(io: CliIo, message: string): number {
    io.err(`irqt dump: ${message}`);
    return ExitCode.Usage;
}

function refused(io: CliIo, what: string, errors: Parameters<typeof printErrors>[0]): number {
    printErrors(errors, io);
    io.err(`irqt dump: ${what} not dumped: ${errors.length} error(s)`);
    return ExitCode.Failure;
}
