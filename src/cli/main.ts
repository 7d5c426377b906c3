// Entry point of the `irqt` command line: parses the subcommand and its options and dispatches.
// Subcommands live one per file next to this one.
import '../language/node20-polyfills.js';
import { parseArgs } from 'node:util';
import { CHECK_FORMATS, runCheck } from './check.js';
import { ExitCode, processIo, type CliIo } from './cli-io.js';
import { DUMP_USAGE, runDumpCommand } from './dump.js';
import { RUN_USAGE, runRunCommand } from './run.js';
import { TEST_USAGE, runTestCommand } from './test.js';

const usage = `irqt — check, run and test Linux IRQ topologies (.irq files)

usage:
  irqt check <files or folders> [--format text|json|sarif|github] [--max-warnings N]
  ${RUN_USAGE}
  ${TEST_USAGE}
  ${DUMP_USAGE}
  irqt --help | --version`;

/** Runs the command line with the given arguments and returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
        io.out(usage);
        return command ? ExitCode.Ok : ExitCode.Usage;
    }
    if (command === '--version') {
        io.out(VERSION);
        return ExitCode.Ok;
    }
    try {
        switch (command) {
            case 'check': {
                const { values, positionals } = parseArgs({
                    args: rest, allowPositionals: true,
                    options: { format: { type: 'string', default: 'text' }, 'max-warnings': { type: 'string' } }
                });
                const format = CHECK_FORMATS.find(f => f === values.format);
                if (!format) return usageError(io, `unknown --format '${values.format}' (${CHECK_FORMATS.join(', ')})`);
                const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
                if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) {
                    return usageError(io, `--max-warnings takes a whole number, not '${values['max-warnings']}'`);
                }
                return await runCheck(positionals, { format, maxWarnings, version: VERSION }, io);
            }
            case 'run': return await runRunCommand(rest, io);
            case 'test': return await runTestCommand(rest, io);
            case 'dump': return await runDumpCommand(rest, io);
            default:
                return usageError(io, `unknown command '${command}'`);
        }
    } catch (e) {
        if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usageError(io, e.message);
        throw e;
    }
}

function usageError(io: CliIo, message: string): number {
    io.err(`irqt: ${message}\n\n${usage}`);
    return ExitCode.Usage;
}

declare const __IRQT_VERSION__: string;
const VERSION = typeof __IRQT_VERSION__ === 'string' ? __IRQT_VERSION__ : 'dev';
