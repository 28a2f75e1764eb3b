import type pg from 'pg';
import { round } from './bench-stats';

/**
 * `npm run bench -- --profile`: PostgreSQL's own accounting of one measured level, per unit of
 * work (a purchase): the statements by total execution time, nested ones (inside functions and
 * triggers) included and marked, with how often each was planned. Read from pg_stat_statements
 * (track = all; shared memory, so current when read), reset before the level. The times are the backends' wall-clock planning and
 * executing: they show where a purchase's database time goes, not PostgreSQL's CPU, which the
 * table's per-purchase figures measure. A nested statement's time is also in its caller's.
 *
 * With them, the tables read sequentially (pg_stat_user_tables, reset with the statements): a
 * purchase should reach every table that grows with history by key, and a table listed here with
 * rows per unit in the thousands is one that does not (migration 0020 was found this way). A
 * backend reports its counts when idle, at most once a second: the last second may be missing.
 */

export interface ProfiledStatement {
  /** The normalised statement, whitespace folded, cut at 200 characters. */
  query: string;
  /** Run by the client (false: inside a function or trigger). */
  toplevel: boolean;
  callsPerUnit: number;
  /** Times it was planned (a generic plan is planned once; a custom plan at every call). */
  plansPerUnit: number;
  msPerUnit: number;
  meanMs: number;
  walBytesPerUnit: number;
}

/** A table read by sequential scans during the profile. */
export interface SequentialScans {
  table: string;
  scansPerUnit: number;
  rowsPerUnit: number;
}

export interface Profile {
  units: number;
  statements: ProfiledStatement[];
  sequentialScans: SequentialScans[];
}

const shownStatements = 25;
const shownTables = 8;

/** Starts a profile: the extension on `client`'s database, and every count at zero. */
export async function resetProfile(client: pg.Pool | pg.Client): Promise<void> {
  await client.query('create extension if not exists pg_stat_statements');
  await client.query('select pg_stat_statements_reset()');
  await client.query('select pg_stat_reset()');
}

/** What the database did since `resetProfile`, per unit (statements of this database only). */
export async function readProfile(client: pg.Pool | pg.Client, units: number): Promise<Profile> {
  const per = Math.max(units, 1);
  const { rows: statements } = await client.query<{
    query: string;
    toplevel: boolean;
    calls: string;
    plans: string;
    total_ms: number;
    wal_bytes: string;
  }>(
    `select query, toplevel, calls::text, plans::text, total_exec_time + total_plan_time as total_ms,
            wal_bytes::text
       from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time + total_plan_time desc
      limit $1`,
    [shownStatements],
  );
  const { rows: scans } = await client.query<{ relname: string; seq_scan: string; seq_tup_read: string }>(
    `select relname, seq_scan::text, seq_tup_read::text from pg_stat_user_tables
      where seq_scan > 0 order by seq_tup_read desc, relname limit $1`,
    [shownTables],
  );
  return {
    units,
    sequentialScans: scans.map((row) => ({
      table: row.relname,
      scansPerUnit: round(Number(row.seq_scan) / per, 3),
      rowsPerUnit: round(Number(row.seq_tup_read) / per, 1),
    })),
    statements: statements.map((row) => ({
      query: row.query.replace(/\s+/g, ' ').slice(0, 200),
      toplevel: row.toplevel,
      callsPerUnit: round(Number(row.calls) / per, 2),
      plansPerUnit: round(Number(row.plans) / per, 2),
      msPerUnit: round(row.total_ms / per, 3),
      meanMs: round(row.total_ms / Math.max(Number(row.calls), 1), 3),
      walBytesPerUnit: Math.round(Number(row.wal_bytes) / per),
    })),
  };
}

/** The profile as lines for the terminal. */
export function formatProfile(title: string, profile: Profile): string {
  const lines = [
    `${title}: PostgreSQL per purchase (${profile.units} purchases)`,
    '  ms/unit  calls/unit  plans/unit  mean ms  WAL B/unit  statement (nested: inside a function or trigger)',
  ];
  for (const statement of profile.statements) {
    const cells = [
      statement.msPerUnit.toFixed(3).padStart(7),
      statement.callsPerUnit.toFixed(2).padStart(10),
      statement.plansPerUnit.toFixed(2).padStart(10),
      statement.meanMs.toFixed(3).padStart(7),
      String(statement.walBytesPerUnit).padStart(10),
      `${statement.toplevel ? '' : 'nested: '}${statement.query}`,
    ];
    lines.push(`  ${cells.join('  ')}`);
  }
  lines.push('  tables read sequentially: scans/unit  rows/unit  table');
  if (profile.sequentialScans.length === 0) lines.push('    none');
  for (const scans of profile.sequentialScans) {
    lines.push(
      `    ${scans.scansPerUnit.toFixed(3).padStart(10)}  ${scans.rowsPerUnit.toFixed(1).padStart(9)}  ${scans.table}`,
    );
  }
  return lines.join('\n');
}
