import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';
import type {
  LoadGeneratorAnswer,
  LoadGeneratorApi,
  LoadGeneratorCall,
  LoadGeneratorMethod,
} from './bench-protocol';
import { sleep } from './bench-stats';

/**
 * The bench's other processes: a fresh embedded PostgreSQL, the API server (server/dist/main.js,
 * as `npm start` runs it, with the bare Fastify route preloaded), and the load generator.
 */

/** A port nothing listens on now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A fresh embedded PostgreSQL in `directory`, with track_commit_timestamp on: the fan-out reads
 * each event's commit time from the database (pg_xact_commit_timestamp); with `profile`, also
 * pg_stat_statements (bench-profile.ts). The settings need a restart, so
 * the server starts, is configured, and starts again.
 */
export async function startFreshDatabase(
  directory: string,
  settings: { profile: boolean },
): Promise<EmbeddedDatabase & { dataDirectory: string }> {
  const options = { directory: path.join(directory, 'data'), port: await freePort(), persistent: true };
  const first = await startEmbeddedPostgres(options);
  const client = new pg.Client({ connectionString: first.url });
  await client.connect();
  try {
    await client.query('alter system set track_commit_timestamp = on');
    if (settings.profile) {
      // --profile: every statement, nested ones (in functions and triggers) included, and its planning.
      await client.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
      await client.query(`alter system set pg_stat_statements.track = 'all'`);
      await client.query(`alter system set pg_stat_statements.track_planning = on`);
    }
  } finally {
    await client.end();
  }
  await first.stop();
  return { ...(await startEmbeddedPostgres(options)), dataDirectory: options.directory };
}

export interface ApiServer {
  pid: number;
  host: string;
  port: number;
  barePort: number;
  /** SIGTERM (the graceful shutdown main.ts installs), then SIGKILL after 20 s. */
  stop(): Promise<number | null>;
}

/** The API server's log: everything it writes, in the run's temporary directory. */
export async function startApiServer(options: {
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyTimeoutMs: number;
  /** A compiled server (main.js, bench/bare-route.preload.js) other than this one: bench:compare. */
  build?: string;
}): Promise<ApiServer> {
  const extension = options.build ? '.js' : path.extname(__filename);
  const root = options.build ?? path.join(__dirname, '..');
  const main = path.join(root, `main${extension}`);
  const preload = path.join(root, 'bench', `bare-route.preload${extension}`);
  const port = await freePort();
  const barePort = await freePort();
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, '-r', preload, main], {
    env: {
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      CODESALE_BENCH_BARE_PORT: String(barePort),
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? null : 1);
      resolve(exitCode);
    }),
  );
  const started = performance.now();
  for (;;) {
    if (exitCode !== undefined) {
      const tail = fs.readFileSync(options.logFile, 'utf8').slice(-3000);
      throw new Error(`the API server exited (${exitCode}) before it was ready:\n${tail}`);
    }
    const ready = await Promise.all([
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (answer) => answer.ok,
        () => false,
      ),
      fetch(`http://127.0.0.1:${barePort}/bare`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      }).then(
        (answer) => answer.ok,
        () => false,
      ),
    ]);
    if (ready.every(Boolean)) break;
    if (performance.now() - started > options.readyTimeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the API server was not ready within ${options.readyTimeoutMs / 1000} s`);
    }
    await sleep(200);
  }
  return {
    pid: child.pid!,
    host: '127.0.0.1',
    port,
    barePort,
    stop: async () => {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Kernel clock ticks per second (USER_HZ): 100 on every Linux Node supports. */
const ticksPerSecond = 100;

/** utime, stime, cutime, cstime of /proc/<pid>/stat in ticks; null when unreadable. */
function cpuTicks(pid: number): { own: number; reapedChildren: number; parent: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const field = (number: number) => Number(fields[number - 3]);
    return { own: field(14) + field(15), reapedChildren: field(16) + field(17), parent: field(4) };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms; null where /proc is missing. */
export function processCpuMs(pid: number): number | null {
  const ticks = cpuTicks(pid);
  return ticks ? (ticks.own * 1000) / ticksPerSecond : null;
}

/**
 * CPU time of the whole PostgreSQL server in ms: the postmaster, its live children (backends,
 * background workers), and its children that exited (reaped: the postmaster's cutime/cstime).
 */
export function postgresCpuMs(dataDirectory: string): number | null {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const root = cpuTicks(postmaster);
  if (!root) return null;
  let ticks = root.own + root.reapedChildren;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = cpuTicks(Number(entry));
    if (child?.parent === postmaster) ticks += child.own;
  }
  return (ticks * 1000) / ticksPerSecond;
}

/** VmRSS of a process in kB, from /proc (Linux); null elsewhere. */
export function residentSetKb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export interface LoadGenerator {
  pid: number;
  call<M extends LoadGeneratorMethod>(
    method: M,
    request: Parameters<LoadGeneratorApi[M]>[0],
  ): Promise<ReturnType<LoadGeneratorApi[M]>>;
  stop(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  const entry = path.join(__dirname, `load-generator${path.extname(__filename)}`);
  const child: ChildProcess = fork(entry, [], {
    execArgv: process.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (answer: LoadGeneratorAnswer) => {
    const waiter = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (!waiter) return;
    if ('error' in answer) waiter.reject(new Error(`load generator: ${answer.error}`));
    else waiter.resolve(answer.result);
  });
  child.once('exit', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`the load generator exited (${code})`));
    waiting.clear();
  });
  return {
    pid: child.pid!,
    call: (method, request) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, method, request } satisfies LoadGeneratorCall);
      }),
    stop: async () => {
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The API server's open WebSocket count (its /metrics gauge), or null when unreadable. */
export async function openWebsocketCount(
  host: string,
  port: number,
  metricsToken: string,
): Promise<number | null> {
  try {
    const answer = await fetch(`http://${host}:${port}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    if (!answer.ok) return null;
    const match = /^codesale_websocket_connections (\d+)$/m.exec(await answer.text());
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
