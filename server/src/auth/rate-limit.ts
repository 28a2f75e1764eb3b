import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';

/** The start of the current fixed window of `windowSeconds`, in SQL (the database's clock). */
export function fixedWindowStart(windowSeconds: number): SQL {
  return sql`to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds})`;
}

/**
 * Fixed-window counters kept in PostgreSQL so that every API instance shares them.
 * One upsert per hit: the count is incremented by the database, never read-modify-written.
 */
export async function hitRateLimit(
  database: Database | Tx,
  bucket: string,
  limit: number,
  windowSeconds: number,
  /** What this call counts for: a batched HTTP request counts each of its operations. */
  weight = 1,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const result = await database.execute<{ hits: number; window_start: Date }>(sql`
    insert into rate_limit_windows (bucket, window_start, hits)
    values (${bucket}, ${fixedWindowStart(windowSeconds)}, ${weight})
    on conflict (bucket, window_start) do update set hits = rate_limit_windows.hits + ${weight}
    returning hits, window_start`);
  const row = result.rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  const windowEndsAt = new Date(row.window_start).getTime() + windowSeconds * 1000;
  return {
    allowed: row.hits <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEndsAt - Date.now()) / 1000)),
  };
}

/** The hits counted in `bucket`'s current window of `windowSeconds`, without adding one. */
export async function rateLimitHits(
  executor: Database | Tx,
  bucket: string,
  windowSeconds: number,
): Promise<number> {
  const result = await executor.execute<{ hits: number }>(sql`
    select hits from rate_limit_windows
     where bucket = ${bucket} and window_start = ${fixedWindowStart(windowSeconds)}`);
  return result.rows[0]?.hits ?? 0;
}
