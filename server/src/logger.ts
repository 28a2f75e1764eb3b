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
    return pino({ level: config.logLevel }, output === process.stdout ? pino.destination(1) : output);
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

export function logFormatFor(
  config: Pick<Config, 'logFormat' | 'production'>,
  output: { isTTY?: boolean },
): 'pretty' | 'json' {
  return config.logFormat ?? (!config.production && output.isTTY === true ? 'pretty' : 'json');
}
