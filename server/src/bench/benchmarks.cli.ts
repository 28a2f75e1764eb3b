import '../tools/node-version.guard';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../tools/cli';

/**
 * `npm run bench`: the checkout benchmark, then the payout sweep, each in its own process (its
 * own database and Stripe emulator) with this command's arguments (`--quick`). npm appends
 * arguments to the end of a script, so `a && b` would give them to the last one only. Both run
 * whatever the first one's outcome; the exit code is 1 when either failed.
 */
const benchmarks = ['checkout', 'payouts'];

function runBenchmark(name: string): Promise<number> {
  // Compiled (dist/*.js) or run from source under a loader (src/*.ts, with execArgv's -r).
  const entry = path.join(__dirname, `${name}.bench${path.extname(__filename)}`);
  const child = spawn(process.execPath, [...process.execArgv, entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const failed: string[] = [];
  for (const name of benchmarks) {
    console.log(`\n=== ${name} benchmark ===`);
    if ((await runBenchmark(name)) !== 0) failed.push(name);
  }
  if (failed.length > 0) console.error(`\nbenchmarks that failed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

runCli(main);
