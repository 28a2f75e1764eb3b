import { createLogger } from '../src/logger';

/**
 * The production logger writing to this process's stdout, for src/logger.test.ts. The first
 * argument says what happens after the lines are logged:
 * - `wait`: nothing; the process lives on (until killed), so held lines go out only by the timer;
 * - `block`: the process blocks for good right away, so no timer runs again: only lines already
 *   written can reach the reader;
 * - `exit`: `process.exit(0)` right away.
 */
const [mode, ...messages] = process.argv.slice(2);
const log = createLogger({ logLevel: 'info', logFormat: 'json', production: true });
for (const message of messages) {
  if (message.startsWith('error:')) log.error(message);
  else log.info(message);
}
if (mode === 'wait') setInterval(() => undefined, 60_000);
else if (mode === 'block') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
else process.exit(0);
