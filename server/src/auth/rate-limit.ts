import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import type { JobQueue } from '../jobs/queue';

/** The start of the current fixed window of `windowSeconds`, in SQL (the database's clock). */
export function fixedWindowStart(windowSeconds: number): SQL {
  return sql`to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds})`;
}

/**
 * Rate limits counted in PostgreSQL, so that every API instance shares them: one counter per
 * bucket and fixed window, incremented by the database (never read-modify-written). A limit is
 * judged on a sliding window: the current window's hits plus the previous window's, weighted by
 * how much of it the sliding window still covers. A fixed window alone lets twice the limit through
 * around its edge (the limit just before it, the limit again just after).
 */
export async function hitRateLimit(
  database: Database | Tx,
  bucket: string,
  limit: number,
  windowSeconds: number,
  /** What this call counts for: a batched HTTP request counts each of its operations. */
  weight = 1,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const result = await database.execute<WindowCounts>(sql`
    with hit as (
      insert into rate_limit_windows (bucket, window_start, hits)
      values (${bucket}, ${fixedWindowStart(windowSeconds)}, ${weight})
      on conflict (bucket, window_start) do update set hits = rate_limit_windows.hits + ${weight}
      returning hits, window_start
    )
    select hit.hits, ${previousHits(bucket, windowSeconds, sql`hit.window_start`)} as previous,
           extract(epoch from now() - hit.window_start)::float8 as elapsed
      from hit`);
  const row = result.rows[0];
  if (!row) throw new Error('rate limit upsert returned no row');
  return {
    allowed: slidingHits(row, windowSeconds) <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil(secondsUntilUnder(row, limit, windowSeconds))),
  };
}

/** The hits `bucket` counts now over a sliding window of `windowSeconds` (hitRateLimit's), without adding one. */
export async function rateLimitHits(
  executor: Database | Tx,
  bucket: string,
  windowSeconds: number,
): Promise<number> {
  const result = await executor.execute<WindowCounts>(sql`
    select coalesce((select hits from rate_limit_windows
                      where bucket = ${bucket} and window_start = ${fixedWindowStart(windowSeconds)}), 0) as hits,
           ${previousHits(bucket, windowSeconds, fixedWindowStart(windowSeconds))} as previous,
           extract(epoch from now() - ${fixedWindowStart(windowSeconds)})::float8 as elapsed`);
  return slidingHits(result.rows[0]!, windowSeconds);
}

/** A bucket's counters around now: this window's hits, the previous window's, and how far into this one now is. */
type WindowCounts = {
  hits: number;
  previous: number;
  /** Seconds since this window started. */
  elapsed: number;
};

function previousHits(bucket: string, windowSeconds: number, windowStart: SQL): SQL {
  return sql`coalesce((select previous.hits from rate_limit_windows previous
                        where previous.bucket = ${bucket}
                          and previous.window_start = ${windowStart} - make_interval(secs => ${windowSeconds})), 0)`;
}

/** The previous window counts for the part of it the sliding window (the last `windowSeconds`) still covers. */
function slidingHits({ hits, previous, elapsed }: WindowCounts, windowSeconds: number): number {
  return hits + previous * Math.max(0, 1 - elapsed / windowSeconds);
}

/** How long until the sliding count is back within `limit`, if no one hits the bucket meanwhile. */
function secondsUntilUnder(
  { hits, previous, elapsed }: WindowCounts,
  limit: number,
  windowSeconds: number,
): number {
  if (hits > limit) {
    // This window must become the previous one, and slide out far enough: hits * (1 - t / W) <= limit.
    return windowSeconds - elapsed + windowSeconds * (1 - limit / hits);
  }
  if (previous === 0) return 0;
  // previous * (1 - (elapsed + t) / W) + hits <= limit
  return windowSeconds * (1 - (limit - hits) / previous) - elapsed;
}

/** Counters older than the longest window and the one before it serve no limit. */
const pruneAfter = "interval '2 days'";
export const pruneRateLimitWindowsTask = 'auth.prune_rate_limit_windows';

/** Hourly: deletes the counters no limit reads any more (one row per bucket and window would pile up). */
export function registerRateLimitTasks(jobs: JobQueue, database: Database): void {
  jobs.register(pruneRateLimitWindowsTask, async () => {
    await pruneRateLimitWindows(database);
  });
  jobs.schedule(pruneRateLimitWindowsTask, { everyHours: 1, atMinute: 35 });
}

/** Deletes the counters of windows that started more than two days ago; returns how many. */
export async function pruneRateLimitWindows(database: Database): Promise<number> {
  const result = await database.execute(
    sql`delete from rate_limit_windows where window_start < now() - ${sql.raw(pruneAfter)}`,
  );
  return result.rowCount ?? 0;
}
