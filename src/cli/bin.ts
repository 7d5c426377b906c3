// Process entry of the `irqt` bundle (out/cli.cjs): runs the command line and sets the exit code.
// Internal errors print one clear line (with the stack) instead of an unhandled rejection.
import { tuneCompilerForColdReads } from '../language/v8-tuning.js';
import { main } from './main.js';
import { ExitCode } from './cli-io.js';

const args = process.argv.slice(2);
// `check` reads topologies cold, as the language server does; `run`, `test` and `dump` run the emulator.
if (args[0] === 'check') tuneCompilerForColdReads();

main(args).then(code => { process.exitCode = code; }, (error: unknown) => {
    process.stderr.write(`irqt: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = ExitCode.Usage;
});
