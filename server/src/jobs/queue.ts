import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import {
  Logger as WorkerLogger,
  parseCronItems,
  run,
  runMigrations,
  runOnce,
  type Runner,
  type TaskList,
} from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';
import { logConnectionError } from '../db/pool';
import type { Tx } from '../db/transaction';
import { assert } from '../shared/assert';
import { withoutQueryParameters } from '../shared/log-redaction';

/**
 * The job queue: graphile-worker on the application's own PostgreSQL.
 *
 * A job is added with `jobs.enqueue(tx, ...)` inside the caller's transaction, so it exists if and only
 * if that transaction commits: no job for data that rolled back, no lost job for data that
 * committed. Areas register their task handlers once at boot (createServices); a long-running
 * worker runs them in production, and tests drain the queue deterministically with runJobsOnce().
 * Work derived from the areas' own tables (held orders past their window, risk recompute requests)
 * runs as sweeps instead (registerSweep): no job row per item.
 */

/** graphile-worker's own schema; installed by `migrate()` next to ours. */
export const jobsSchema = 'graphile_worker';

const taskNamePattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const maxTaskNameLength = 64;
const maxJobKeyLength = 200;
/** Jobs carry ids and small facts; whatever is bigger belongs in a table the job reads. */
export const maxPayloadBytes = 16 * 1024;

export interface EnqueueOptions {
  /**
   * At most one pending job per key: a new job with the same key replaces a pending one that has
   * not started. When the job with this key has started, a new job is added (it runs after this
   * transaction commits), so the work always sees the data of the transaction that asked for it.
   */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs in one named queue run one at a time, in order. Keep the number of names small. */
  queueName?: string;
}

export interface JobContext {
  jobId: string;
  taskName: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  log: Logger;
}

/** A task handler. Throwing fails the attempt; the queue retries it with exponential backoff. */
export type TaskHandler = (payload: unknown, job: JobContext) => Promise<void>;

/**
 * Adds a job inside `tx` (SQL `graphile_worker.add_job`). Only JobQueue.enqueue calls it, so that
 * every job carries the configured maxAttempts (add_job's own default is 25).
 *
 * Always returns a job. add_job returns none when the job holding `jobKey` is taken by a worker
 * while add_job runs: add_job first clears the keys of jobs already taken, then inserts
 * `on conflict (key) do update ... where locked_at is null`, and a worker that locks the job in
 * between (or whose lock add_job waited for) leaves the update with nothing to return. That job
 * started before this transaction commits, so it may not see this transaction's data; the job is
 * added again without its key and runs after this commit. (Coalescing it into the running job
 * would lose this transaction's facts; a job key only saves work, so a second run is the safe
 * side, and every handler is idempotent.)
 */
async function addJob(
  tx: Tx,
  taskName: string,
  payload: unknown,
  options: EnqueueOptions & { maxAttempts: number },
): Promise<string> {
  assertTaskName(taskName);
  const encoded = JSON.stringify(payload ?? {});
  assert(
    Buffer.byteLength(encoded) <= maxPayloadBytes,
    `payload of ${taskName} exceeds ${maxPayloadBytes} bytes`,
  );
  if (options.jobKey !== undefined) {
    assert(
      options.jobKey.length >= 1 && options.jobKey.length <= maxJobKeyLength,
      `job key of ${taskName} is 1 to 200 characters`,
    );
  }
  assert(
    Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1 && options.maxAttempts <= 100,
    'maxAttempts is 1 to 100',
  );
  const add = async (jobKey: string | null) => {
    const result = await tx.execute<{ id: string }>(sql`
      select id::text as id from graphile_worker.add_job(
        identifier => ${taskName}::text,
        payload => ${encoded}::json,
        queue_name => ${options.queueName ?? null}::text,
        run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
        max_attempts => ${options.maxAttempts}::int,
        job_key => ${jobKey}::text
      ) where id is not null`);
    return result.rows[0]?.id;
  };
  const id = await add(options.jobKey ?? null);
  if (id) return id;
  assert(options.jobKey !== undefined, `add_job returned no job for ${taskName} without a job key`);
  const followUp = await add(null);
  assert(followUp, `add_job returned no job for ${taskName} without a job key`);
  return followUp;
}

function assertTaskName(taskName: string): void {
  assert(
    taskName.length <= maxTaskNameLength && taskNamePattern.test(taskName),
    `task name "${taskName}" must be dotted lower_snake_case, at most ${maxTaskNameLength} characters`,
  );
}

/**
 * graphile-worker writes a job's completion or failure without awaiting it, unless it batches
 * them; batched (with no delay), the pool flushes them before it reports that it stopped. So when
 * runJobsOnce() or stop() returns, every job it ran is recorded as done or failed.
 */
const flushOnShutdown = { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } };

export interface JobQueueOptions {
  pool: pg.Pool;
  log: Logger;
  concurrency: number;
  pollIntervalMs: number;
  /** Used when a job is enqueued without maxAttempts (JOBS_MAX_ATTEMPTS). */
  defaultMaxAttempts: number;
}

/**
 * When a recurring task runs, in UTC: every `everyMinutes` minutes of the day (at minute 0 of the
 * day, then each multiple), or every `everyHours` hours at `atMinute` (hours of the day divisible by it).
 */
export type Recurrence = { everyMinutes: number } | { everyHours: number; atMinute?: number };

/** Whether a recurring task runs at this minute (UTC): the cron matcher of `JobQueue.schedule`. */
export function recurrenceMatches(
  recurrence: Recurrence,
  at: { min: number; hour: number; date: number },
): boolean {
  const minuteOfDay = at.hour * 60 + at.min;
  if ('everyMinutes' in recurrence) return minuteOfDay % recurrence.everyMinutes === 0;
  const hourOfMonth = (at.date - 1) * 24 + at.hour;
  return at.min === (recurrence.atMinute ?? 0) && hourOfMonth % recurrence.everyHours === 0;
}

/** What a sweep's pass is given. */
export interface SweepContext {
  /** Aborted when the worker stops: finish the item at hand and return. */
  signal: AbortSignal;
  log: Logger;
}

/**
 * What one pass of a sweep did: `processed`, the items it changed; `more`, true when it stopped at
 * its batch bound with work left, so the next pass starts at once instead of after the interval.
 */
export interface SweepOutcome {
  processed: number;
  more: boolean;
}

/**
 * One pass of a sweep: finds the work due in its own tables and does a bounded batch of it. Passes
 * of one sweep run one at a time in a process, but every worker process runs them: a pass takes
 * each item so that another instance's pass skips it (FOR UPDATE SKIP LOCKED, a try-lock), and
 * derives everything from committed rows, so a restart loses nothing.
 */
export type SweepPass = (context: SweepContext) => Promise<SweepOutcome>;

interface Sweep {
  intervalMs: number;
  pass: SweepPass;
}

/** Rounds of jobs and sweeps one runJobsOnce() runs at most before it reports a sweep that never settles. */
const maxDrainRounds = 10;

export class JobQueue {
  private readonly handlers = new Map<string, TaskHandler>();
  private readonly schedules = new Map<string, Recurrence>();
  private readonly sweeps = new Map<string, Sweep>();
  private sweepsStopping: AbortController | undefined;
  private sweepLoops: Promise<void>[] = [];
  private runner: Runner | undefined;
  private readonly workerLog: WorkerLogger;

  constructor(private readonly options: JobQueueOptions) {
    this.workerLog = workerLogger(options.log);
    // A pooled client that loses its connection emits 'error' (on the pool when idle, on the client
    // when checked out); unheard, it would end the process. graphile-worker asks for both handlers.
    if (options.pool.listenerCount('error') === 0) {
      options.pool.on('error', (error) =>
        logConnectionError(options.log, error, 'idle database client error'),
      );
    }
    if (options.pool.listenerCount('connect') === 0) {
      options.pool.on('connect', (client) => {
        client.on('error', (error) => logConnectionError(options.log, error, 'database client error'));
      });
    }
  }

  /** Registers the handler of `taskName`. Each task has exactly one handler. */
  register(taskName: string, handler: TaskHandler): void {
    assertTaskName(taskName);
    assert(!this.handlers.has(taskName), `task ${taskName} is registered twice`);
    assert(!this.runner, `task ${taskName} registered after the worker started`);
    this.handlers.set(taskName, handler);
  }

  /**
   * Runs `taskName` on a schedule in the long-running worker (graphile-worker's cron: one job per
   * tick across every instance, no backfill after downtime). The handler gets a payload with
   * `_cron`. Tests call the work directly instead.
   */
  schedule(taskName: string, recurrence: Recurrence): void {
    assert(this.handlers.has(taskName), `task ${taskName} has no registered handler`);
    assert(!this.runner, `task ${taskName} scheduled after the worker started`);
    assert(!this.schedules.has(taskName), `task ${taskName} is scheduled twice`);
    if ('everyMinutes' in recurrence) {
      assert(
        Number.isInteger(recurrence.everyMinutes) &&
          recurrence.everyMinutes >= 1 &&
          recurrence.everyMinutes <= 1440,
        'everyMinutes is 1 to 1440',
      );
    } else {
      assert(
        Number.isInteger(recurrence.everyHours) &&
          recurrence.everyHours >= 1 &&
          recurrence.everyHours <= 24 * 31,
        'everyHours is 1 to 744',
      );
    }
    this.schedules.set(taskName, recurrence);
  }

  /**
   * Registers a sweep: work derived from the application's own tables (orders past a deadline,
   * pending requests) instead of a job row per item. The long-running worker runs `pass` every
   * `intervalSeconds` (measured from the end of the previous pass; at once again while a pass
   * reports `more`), in every instance; runJobsOnce() runs every sweep until none has work left.
   * A pass that throws is logged, and the next one runs after the interval.
   */
  registerSweep(name: string, intervalSeconds: number, pass: SweepPass): void {
    assertTaskName(name);
    assert(!this.sweeps.has(name), `sweep ${name} is registered twice`);
    assert(!this.runner, `sweep ${name} registered after the worker started`);
    assert(
      Number.isInteger(intervalSeconds) && intervalSeconds >= 1 && intervalSeconds <= 86_400,
      'a sweep runs every 1 to 86,400 seconds',
    );
    this.sweeps.set(name, { intervalMs: intervalSeconds * 1_000, pass });
  }

  /** The sweeps registered so far. */
  get sweepNames(): string[] {
    return [...this.sweeps.keys()];
  }

  /** The tasks that run on a schedule (their cron jobs carry maxAttempts 1: the next tick is the retry). */
  get scheduledTaskNames(): string[] {
    return [...this.schedules.keys()];
  }

  /** The tasks registered so far. */
  get taskNames(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * Adds a job inside `tx`: it exists if and only if `tx` commits. The only way to add a job, so
   * that a typo in a task name fails at once instead of never running, and every job carries the
   * configured maxAttempts unless the caller names its own.
   */
  async enqueue(tx: Tx, taskName: string, payload: unknown, options: EnqueueOptions = {}): Promise<string> {
    assert(this.handlers.has(taskName), `task ${taskName} has no registered handler`);
    return addJob(tx, taskName, payload, {
      ...options,
      maxAttempts: options.maxAttempts ?? this.options.defaultMaxAttempts,
    });
  }

  /**
   * Runs every job that is due now, one at a time, until none is left, then every sweep until it
   * has no work left, in rounds, until a round finds nothing to do (the work of one can be due for
   * another: an auto-release asks for risk recomputes), then returns. Failed jobs are rescheduled
   * by the queue (in the future), so they do not run again in the same call; a sweep pass that
   * throws is thrown.
   */
  async runJobsOnce(): Promise<void> {
    const context = { signal: new AbortController().signal, log: this.options.log };
    for (let round = 1; ; round++) {
      await runOnce({
        pgPool: this.options.pool,
        taskList: this.taskList(),
        noHandleSignals: true,
        logger: this.workerLog,
        schema: jobsSchema,
        concurrency: 1,
        preset: flushOnShutdown,
      });
      let processed = 0;
      for (const [name, sweep] of this.sweeps) {
        for (let outcome = { processed: 0, more: true }; outcome.more;) {
          outcome = await sweep.pass({ ...context, log: this.options.log.child({ sweep: name }) });
          processed += outcome.processed;
        }
      }
      if (processed === 0) return;
      assert(round < maxDrainRounds, `sweeps still found work after ${maxDrainRounds} rounds`);
    }
  }

  /** Starts the long-running worker (LISTEN for new jobs, poll for scheduled ones) and the sweeps. */
  async start(): Promise<void> {
    assert(!this.runner, 'the job worker is already running');
    this.runner = await run({
      pgPool: this.options.pool,
      taskList: this.taskList(),
      noHandleSignals: true,
      logger: this.workerLog,
      schema: jobsSchema,
      concurrency: this.options.concurrency,
      pollInterval: this.options.pollIntervalMs,
      preset: flushOnShutdown,
      parsedCronItems: this.cronItems(),
    });
    const stopping = new AbortController();
    this.sweepsStopping = stopping;
    this.sweepLoops = [...this.sweeps].map(([name, sweep]) => this.runSweep(name, sweep, stopping.signal));
  }

  /** One sweep in the long-running worker: a pass, then the interval (none while passes report more). */
  private async runSweep(name: string, sweep: Sweep, signal: AbortSignal): Promise<void> {
    const log = this.options.log.child({ sweep: name });
    while (!signal.aborted) {
      let more = false;
      try {
        ({ more } = await sweep.pass({ signal, log }));
      } catch (error) {
        log.error({ err: error }, 'sweep pass failed');
      }
      if (more) await setImmediate();
      else await sleep(sweep.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  private cronItems() {
    return parseCronItems(
      [...this.schedules].map(([taskName, recurrence]) => ({
        task: taskName,
        identifier: taskName,
        match: (digest: { min: number; hour: number; date: number }) => recurrenceMatches(recurrence, digest),
        options: { backfillPeriod: 0, maxAttempts: 1 },
      })),
    );
  }

  get running(): boolean {
    return this.runner !== undefined;
  }

  /** Stops taking jobs and starting sweep passes, and waits for the running ones to finish. */
  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    this.sweepsStopping?.abort();
    await Promise.all(this.sweepLoops);
    this.sweepLoops = [];
    await runner.stop();
    await runner.promise.catch((error: unknown) =>
      this.options.log.error({ err: error }, 'job worker stopped with an error'),
    );
  }

  private taskList(): TaskList {
    const tasks: TaskList = {};
    for (const [taskName, handler] of this.handlers) {
      tasks[taskName] = async (payload, helpers) => {
        await handler(payload, {
          jobId: helpers.job.id,
          taskName,
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
          log: this.options.log.child({ job: helpers.job.id, task: taskName, attempt: helpers.job.attempts }),
        });
      };
    }
    return tasks;
  }
}

/** Installs or upgrades graphile-worker's schema (it keeps its own migration record). */
export async function migrateJobQueue(databaseUrl: string, log?: (message: string) => void): Promise<void> {
  await runMigrations({
    connectionString: databaseUrl,
    schema: jobsSchema,
    noHandleSignals: true,
    maxPoolSize: 1,
    logger: new WorkerLogger(() => (level, message) => {
      if (level === 'error') log?.(message);
    }),
  });
}

function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...(meta ?? {}) };
    // A failed task's message quotes its error, and a failed query's error its parameters.
    if (level === 'error') log.error(fields, withoutQueryParameters(message));
    else if (level === 'warning') log.warn(fields, withoutQueryParameters(message));
    else if (level === 'info') log.info(fields, message);
    else log.debug(fields, message);
  });
}
