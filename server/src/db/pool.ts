import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';

/**
 * The database handle. Queries use the query builder over each area's own tables; no relational
 * schema is registered, so this layer imports no area (arrows point down only).
 */
export type Database = NodePgDatabase & { $client: pg.Pool };

// bigint (int8) columns come back as strings by default; money amounts are int8 and must stay exact.
// They are parsed to numbers only below Number.MAX_SAFE_INTEGER, and an overflow is a bug, not data.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
});

export interface PoolOptions {
  url: string;
  max: number;
  statementTimeoutMs: number;
  applicationName?: string;
  /** An idle client that loses its connection (server restart, database dropped) is reported here, not thrown. */
  onIdleClientError?: (error: Error) => void;
}

export function createDatabase(options: PoolOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    statement_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    application_name: options.applicationName ?? 'codesale',
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener, pg-pool's 'error' event would end the process; the pool replaces the client itself.
  pool.on('error', options.onIdleClientError ?? (() => undefined));
  return drizzle({ client: pool }) as Database;
}

/** SQLSTATEs of a connection the server ended: an administrator's or a shutdown's (57P01 to 57P03). */
const serverEndedConnection = /^57P0[123]$/;

/**
 * Logs a pooled client's lost connection. A connection the database server ended (a shutdown, as
 * when `npm start` stops) is a warning of one line with its code; anything else is an error. Only
 * the error's code and message are logged: the error may carry the pg client, several KB of it.
 */
export function logConnectionError(
  log: { warn(fields: object, message: string): void; error(fields: object, message: string): void },
  error: Error & { code?: unknown },
  message: string,
): void {
  const fields = { err: { type: error.name, code: error.code, message: error.message } };
  if (typeof error.code === 'string' && serverEndedConnection.test(error.code)) log.warn(fields, message);
  else log.error(fields, message);
}
