// Process entry of the `irqt` bundle (out/cli.cjs): runs the command line and sets the exit code.
// Internal errors print one clear line (with the stack) instead of an unhandled rejection.
import '../language/jit-tuning.js';
import { main } from './main.js';
import { ExitCode } from './cli-io.js';

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, (error: unknown) => {
    process.stderr.write(`irqt: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = ExitCode.Usage;
});
