import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

/** Fields a readable line leaves out: the request line's message says them; a job's row is long. */
const prettyIgnoredFields = 'pid,hostname,http,job';

/** Where the logs go; a terminal (`isTTY`) gets readable lines by default. */
export type LogOutput = DestinationStream & { isTTY?: boolean };

/**
 * The process's logger. JSON, one object per line, for log pipelines: in production and whenever
 * stdout is not a terminal. On a developer's terminal, readable lines (pino-pretty in this process,
 * one line per entry). LOG_FORMAT=pretty|json overrides the choice.
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logFormat' | 'production'>,
  output: LogOutput = process.stdout,
): Logger {
  if (logFormatFor(config, output) === 'json') {
    if (output !== process.stdout) return pino({ level: config.logLevel }, output);
    const stdout = bufferedStdout();
    return pino(
      {
        level: config.logLevel,
        hooks: {
          // An error is written at once, with every line before it.
          logMethod(parameters, write, level) {
            write.apply(this, parameters);
            if (level >= errorLevel) stdout.flush();
          },
        },
      },
      stdout,
    );
  }
  const stream = pretty({
    destination: output,
    colorize: output.isTTY === true,
    ignore: prettyIgnoredFields,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    sync: true,
  });
  return pino({ level: config.logLevel }, stream);
}

/** Lines at `error` or above are not held back. */
const errorLevel = pino.levels.values['error']!;
/** Lines are held until this many characters are waiting (a write of about 15 request lines)... */
const stdoutBatchLength = 4096;
/** ...or for this long at most. */
const stdoutFlushMs = 200;

/**
 * JSON lines to stdout, written in batches rather than one `write` per line: at thousands of
 * requests a second, the write of each request's line was about 8% of the server's CPU for a
 * `{ __typename }` (bench/README.md, "the HTTP path on a faster machine"). A line waits at most
 * `stdoutFlushMs`; an error line goes at once, with the lines before it; what is held is written
 * when the process exits (a SIGKILL loses at most `stdoutFlushMs` of lines).
 */
function bufferedStdout(): LineBatch {
  const stdout = new LineBatch(pino.destination({ dest: 1, sync: true }), stdoutBatchLength, stdoutFlushMs);
  process.once('exit', () => {
    try {
      stdout.flushSync();
    } catch {
      // stdout is closed (its reader went away): there is nowhere left to write.
    }
  });
  return stdout;
}

/**
 * Lines held in an array and handed to sonic-boom as one string per batch. sonic-boom can batch
 * by itself (`minLength`), but it then measures its whole held text on every line
 * (`Buffer.byteLength` of a growing string, flattened each time): that was 17% of the server's
 * CPU per `{ __typename }` (bench/README.md, "known operations"). sonic-boom still does the
 * writing, and its retries when stdout is a full pipe.
 */
class LineBatch implements pino.DestinationStream {
  private lines: string[] = [];
  private length = 0;

  constructor(
    private readonly output: ReturnType<typeof pino.destination>,
    private readonly minLength: number,
    flushMs: number,
  ) {
    setInterval(() => this.flush(), flushMs).unref();
  }

  write(line: string): void {
    this.lines.push(line);
    this.length += line.length;
    if (this.length >= this.minLength) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.length = 0;
    this.output.write(text);
  }

  flushSync(): void {
    this.flush();
    this.output.flushSync();
  }
}

export function logFormatFor(
  config: Pick<Config, 'logFormat' | 'production'>,
  output: { isTTY?: boolean },
): 'pretty' | 'json' {
  return config.logFormat ?? (!config.production && output.isTTY === true ? 'pretty' : 'json');
}
