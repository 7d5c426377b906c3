// Exit codes and output channels shared by the `irqt` subcommands.
// Subcommands write through CliIo so that tests can run them in-process or as a child process alike.

/** Exit codes of `irqt`: 0 clean, 1 errors or failed expectations, 2 usage or I/O problems. */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

/** Where a subcommand writes its output. */
export interface CliIo {
    out(line: string): void;
    err(line: string): void;
}

/** CliIo on the process's stdout and stderr. */
export const processIo: CliIo = {
    out: line => process.stdout.write(line + '\n'),
    err: line => process.stderr.write(line + '\n')
};
