import pg from 'pg';
import { ConfigError, type Config } from '../config';
import { ensureDatabase, PortTakenError, startEmbeddedPostgres } from './embedded';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
  /** The process is shutting down: a new start waits for stop() before it uses the embedded server. */
  stopping(): void;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL, with data kept in its folder across
 * restarts, or the one another process of ours already runs from that folder (`npm start` while
 * `npm run seed`), on whatever port it runs. A database that cannot be reached, or a port another
 * program holds, is reported as a ConfigError naming the variable to change.
 */
export async function connectDatabaseServer(
  config: Config,
  onLog: (message: string) => void = () => undefined,
): Promise<DatabaseServer> {
  if (config.database.url) {
    await checkDatabaseReachable(config.database.url, 'DATABASE_URL');
    return {
      url: config.database.url,
      embedded: false,
      stop: async () => undefined,
      stopping: () => undefined,
    };
  }
  const server = await startEmbeddedPostgres({
    directory: config.database.embeddedDirectory,
    port: config.database.embeddedPort,
    persistent: true,
    onLog,
  }).catch((error: unknown) => {
    if (!(error instanceof PortTakenError)) throw error;
    throw new ConfigError([
      {
        variable: 'EMBEDDED_POSTGRES_PORT',
        message:
          `EMBEDDED_POSTGRES_PORT ${error.port} is already in use by another program (not the embedded ` +
          `PostgreSQL of ${config.database.embeddedDirectory}, perhaps that of another checkout); set ` +
          'EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to use the server on that port',
      },
    ]);
  });
  try {
    const url = await ensureDatabase(server.url, 'codesale');
    return { url, embedded: true, stop: server.stop, stopping: server.stopping };
  } catch (error) {
    await server.stop();
    throw new ConfigError([
      {
        variable: 'EMBEDDED_POSTGRES_DIR',
        message:
          `EMBEDDED_POSTGRES_DIR ${config.database.embeddedDirectory}: its PostgreSQL (${withoutPassword(server.url)}) ` +
          `does not answer: ${describeConnectionFailure(error)}. If no PostgreSQL runs from that folder, ` +
          'delete its postmaster.pid',
      },
    ]);
  }
}

/** Connects once, so that an unreachable database is one clear sentence rather than a pool's stack trace. */
export async function checkDatabaseReachable(url: string, variable: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new ConfigError([
      {
        variable,
        message: `${variable} ${withoutPassword(url)} cannot be reached: ${describeConnectionFailure(error)}`,
      },
    ]);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL to print: its password replaced, never shown in a terminal or a log. */
export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** node-postgres reports a refused `localhost` (IPv6 and IPv4) as an AggregateError with no message. */
function describeConnectionFailure(error: unknown): string {
  const failures = error instanceof AggregateError ? error.errors : [error];
  const reasons = failures.map((failure: unknown) => {
    const code = (failure as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ECONNREFUSED') return 'nothing listens there (connection refused); is PostgreSQL running?';
    if (code === 'ENOTFOUND') return 'the host name does not resolve';
    if (failure instanceof Error && failure.message) return failure.message;
    return String(failure);
  });
  return [...new Set(reasons)].join('; ');
}
