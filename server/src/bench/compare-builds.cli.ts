import '../tools/node-version.guard';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase } from '../db/embedded';
import { runCli } from '../tools/cli';
import { processCpuMs, startApiServer, startFreshDatabase, type ApiServer } from './bench-processes';
import { ProgressBar } from './bench-stats';
import { HttpConnection, postRequest } from './raw-http';

/**
 * `npm run bench:compare -- <build A> <build B>`: which of two builds of the server spends less
 * CPU per `{ __typename }` request. Each argument is a compiled server directory: `server/dist` of
 * a checkout whose packages are installed (bench/README.md shows a worktree sharing this one's).
 *
 * Changes to the HTTP path save a few percent, while this machine's throughput moves by ±10% from
 * run to run; so both builds run at once, each an API server on one fresh embedded PostgreSQL, and
 * are measured in alternating windows (A B, then B A, ...), each window the server's CPU time
 * (`/proc/<pid>/stat`) over the requests it answered. Drift falls on both alike. The bare Fastify
 * route of each server (bare-route.preload.ts) is measured after each window, as a control: it is
 * the same code in both builds.
 */

const connections = 16;
const requestBody = JSON.stringify({ query: '{ __typename }' });

interface Options {
  builds: [string, string];
  rounds: number;
  seconds: number;
}

function parseArguments(argv: string[]): Options | string {
  const builds: string[] = [];
  const options = { rounds: 6, seconds: 3 };
  for (const argument of argv) {
    const match = /^--(rounds|seconds)=(\d+)$/.exec(argument);
    if (match) options[match[1] as 'rounds' | 'seconds'] = Number(match[2]);
    else if (argument.startsWith('--')) return `unknown option ${argument} (--rounds=N, --seconds=N)`;
    // npm runs the script in server/: a relative path is the caller's (INIT_CWD).
    else builds.push(path.resolve(process.env['INIT_CWD'] ?? process.cwd(), argument));
  }
  if (builds.length !== 2) return 'name two builds: compare-builds <build A> <build B>';
  for (const build of builds) {
    if (!fs.existsSync(path.join(build, 'main.js')) || !fs.existsSync(path.join(build, 'bench'))) {
      return `${build} is not a compiled server: it needs main.js and bench/ (npm run build -w server)`;
    }
  }
  if (options.rounds < 1 || options.seconds < 1) return '--rounds and --seconds are at least 1';
  return { builds: [builds[0]!, builds[1]!], ...options };
}

/** Closed-loop load on `target` for `ms`: the requests answered, and the server's CPU per request. */
async function window(server: ApiServer, port: number, target: string, ms: number) {
  const bytes = postRequest(server.host, port, target, requestBody);
  const open = Array.from({ length: connections }, () => new HttpConnection(server.host, port));
  let answered = 0;
  const cpuBefore = processCpuMs(server.pid);
  const until = performance.now() + ms;
  try {
    await Promise.all(
      open.map(async (connection) => {
        while (performance.now() < until) {
          const answer = await connection.request(bytes);
          if (answer.status !== 200)
            throw new Error(`${target} answered ${answer.status}: ${answer.body.toString()}`);
          answered++;
        }
      }),
    );
  } finally {
    for (const connection of open) connection.close();
  }
  const cpuAfter = processCpuMs(server.pid);
  return cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / answered;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const ms = (value: number) => value.toFixed(4);

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  if (typeof options === 'string') {
    console.error(`compare-builds: ${options}`);
    return 2;
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-compare-'));
  fs.chmodSync(directory, 0o755);
  const stops: (() => Promise<unknown>)[] = [];
  try {
    process.stderr.write('starting a fresh embedded PostgreSQL...\n');
    const postgres = await startFreshDatabase(directory, { profile: false });
    stops.unshift(() => postgres.stop());
    const url = await ensureDatabase(postgres.url, 'codesale_compare');
    const servers: ApiServer[] = [];
    for (const [index, build] of options.builds.entries()) {
      process.stderr.write(`starting build ${'AB'[index]} (${build})...\n`);
      // One after the other: the first applies the migrations.
      const server = await startApiServer({
        env: { ...process.env, DATABASE_URL: url, ACCESS_TOKEN_TTL_SECONDS: '86400' },
        logFile: path.join(directory, `server-${'ab'[index]}.log`),
        readyTimeoutMs: 180_000,
        build,
      });
      stops.unshift(() => server.stop());
      servers.push(server);
    }
    for (const server of servers) {
      await window(server, server.port, '/graphql', 2_000);
      await window(server, server.barePort, '/bare', 500);
    }
    const typename: number[][] = [[], []];
    const bare: number[][] = [[], []];
    const bar = new ProgressBar('alternating windows', options.rounds * 2);
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const [step, index] of order.entries()) {
        const server = servers[index]!;
        const cpu = await window(server, server.port, '/graphql', options.seconds * 1000);
        const bareCpu = await window(server, server.barePort, '/bare', 1000);
        if (cpu === null || bareCpu === null) throw new Error('no /proc here: the CPU time cannot be read');
        typename[index]!.push(cpu);
        bare[index]!.push(bareCpu);
        bar.update(round * 2 + step + 1);
      }
    }
    console.log('server CPU per request, ms, in round order');
    for (const index of [0, 1]) {
      console.log(
        `${'AB'[index]}  { __typename } ${typename[index]!.map(ms).join(' ')}  mean ${ms(mean(typename[index]!))}` +
          `  (bare route mean ${ms(mean(bare[index]!))})  ${options.builds[index]}`,
      );
    }
    const below = typename[1]!.filter((value) => value < Math.min(...typename[0]!)).length;
    console.log(
      `B / A: ${(mean(typename[1]!) / mean(typename[0]!)).toFixed(3)}; ` +
        `${below} of ${options.rounds} B windows below every A window`,
    );
    return 0;
  } finally {
    for (const stop of stops)
      await stop().catch((error: unknown) => console.error('compare-builds: stopping', error));
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

runCli(main);
