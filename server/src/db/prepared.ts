import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { assert } from '../shared/assert';
import type { Database } from './pool';
import type { Tx } from './transaction';

/**
 * Named prepared statements for the hot paths (checkout, release, refund, ledger postings).
 *
 * A statement is defined once per process, at module load: its text is rendered from the query
 * builder's SQL once, not per call (building queries was a fifth of Node's time per purchase).
 * node-postgres sends its Parse message the first time a connection runs the name and only
 * Bind/Execute afterwards, so PostgreSQL parses and plans it once per connection. It runs on the
 * transaction's own connection (drizzle's transaction object wraps it) or on the pool.
 *
 * Values are named: the SQL says `sql.placeholder('buyerId')` where a value goes, and a call passes
 * `{ buyerId }`. Constants interpolated into the SQL (`${CodeStatus.SOLD}`) stay parameters, bound
 * on every call from the text's rendering.
 */
export interface PreparedStatement<Row> {
  readonly name: string;
  readonly text: string;
  /** The rendered parameters: placeholders (filled per call) and constants. */
  readonly params: readonly unknown[];
  /** Never set: carries the row type. */
  readonly row?: Row;
}

const namePattern = /^[a-z][a-z0-9_.]{0,62}$/;
const dialect = new PgDialect();
const definedTexts = new Map<string, string>();

/** Defines a named statement (at module load). One name, one text: a second text under a name is a bug. */
export function preparedStatement<Row extends Record<string, unknown>>(
  name: string,
  query: SQL,
): PreparedStatement<Row> {
  assert(namePattern.test(name), `prepared statement name ${name} is not a short lower-case name`);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const defined = definedTexts.get(name);
  assert(
    defined === undefined || defined === text,
    `prepared statement ${name} is defined twice with different texts`,
  );
  definedTexts.set(name, text);
  return { name, text, params };
}

/** Runs `statement` with `values` for its placeholders, in `executor`'s transaction (or on the pool). */
export async function runPrepared<Row>(
  executor: Database | Tx,
  statement: PreparedStatement<Row>,
  values: Record<string, unknown> = {},
): Promise<Row[]> {
  const result = await connectionOf(executor).query<Row & pg.QueryResultRow>({
    name: statement.name,
    text: statement.text,
    values: fillPlaceholders([...statement.params], values),
  });
  return result.rows;
}

/**
 * The node-postgres client under a drizzle handle: a transaction's own connection, or the pool of
 * the database. drizzle keeps it on its session, which its types do not publish: this is the one
 * place that reads it, and db/prepared.test.ts checks that a statement runs inside the transaction.
 */
function connectionOf(executor: Database | Tx): pg.PoolClient | pg.Pool {
  const client = (executor as unknown as { session?: { client?: unknown } }).session?.client;
  assert(
    typeof client === 'object' && client !== null && typeof (client as pg.Pool).query === 'function',
    'a drizzle handle without its node-postgres client',
  );
  return client as pg.PoolClient | pg.Pool;
}
