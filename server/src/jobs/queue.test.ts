import pino from 'pino';
import { createTestDatabase } from '../../test/harness';
import { createDatabase, type Database } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { JobQueue, recurrenceMatches } from './queue';

describe('JobQueue', () => {
  let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let queue: JobQueue;
  const runs: { task: string; payload: unknown; attempt: number }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = createDatabase({ url: testDatabase.url, max: 5, statementTimeoutMs: 30_000 });
    queue = new JobQueue({
      pool: database.$client,
      log: pino({ level: 'silent' }),
      concurrency: 2,
      pollIntervalMs: 1_000,
      defaultMaxAttempts: 3,
    });
    queue.register('test.record', async (payload, job) => {
      runs.push({ task: job.taskName, payload, attempt: job.attempt });
      if (failNext > 0) {
        failNext--;
        throw new Error('planned failure');
      }
    });
  });

  afterAll(async () => {
    await queue.stop();
    await database.$client.end();
    await testDatabase.drop();
  });

  beforeEach(() => {
    runs.length = 0;
    failNext = 0;
  });

  async function jobRows() {
    const result = await database.$client.query<{
      task_identifier: string;
      attempts: number;
      last_error: string | null;
    }>('select task_identifier, attempts, last_error from graphile_worker.jobs order by id');
    return result.rows;
  }

  it('adds a job only if its transaction commits', async () => {
    // given one transaction that rolls back and one that commits, each enqueueing a job
    await expect(
      withTransaction(database, async (tx) => {
        await queue.enqueue(tx, 'test.record', { n: 'rolled back' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await withTransaction(database, (tx) => queue.enqueue(tx, 'test.record', { n: 'committed' }));

    // when the queue is drained
    await queue.runJobsOnce();

    // then only the committed job ran, once, and it is gone from the queue
    expect(runs).toEqual([{ task: 'test.record', payload: { n: 'committed' }, attempt: 1 }]);
    expect(await jobRows()).toEqual([]);
  });

  it('keeps one pending job per job key', async () => {
    await withTransaction(database, async (tx) => {
      await queue.enqueue(tx, 'test.record', { n: 1 }, { jobKey: 'same' });
      await queue.enqueue(tx, 'test.record', { n: 2 }, { jobKey: 'same' });
    });

    await queue.runJobsOnce();

    expect(runs.map((run) => run.payload)).toEqual([{ n: 2 }]);
  });

  it('records a failed attempt and schedules the retry with backoff, bounded by maxAttempts', async () => {
    failNext = 1;
    await withTransaction(database, (tx) => queue.enqueue(tx, 'test.record', { n: 'flaky' }));

    await queue.runJobsOnce();

    // the retry is scheduled in the future, so the same drain does not run it again
    expect(runs).toHaveLength(1);
    const [row] = await jobRows();
    expect(row).toMatchObject({
      task_identifier: 'test.record',
      attempts: 1,
      last_error: expect.stringContaining('planned failure'),
    });
    const { rows } = await database.$client.query<{ max_attempts: number; due: boolean }>(
      'select max_attempts, run_at > now() as due from graphile_worker.jobs',
    );
    expect(rows[0]).toEqual({ max_attempts: 3, due: true });
    // make it due now, as time would
    await database.$client.query(`update graphile_worker._private_jobs set run_at = now()`);
    await queue.runJobsOnce();
    expect(runs.map((run) => run.attempt)).toEqual([1, 2]);
    expect(await jobRows()).toEqual([]);
  });

  it('adds the job again, to run after the commit, when a worker takes the keyed job while enqueue runs', async () => {
    // given a pending keyed job
    await withTransaction(database, (tx) =>
      queue.enqueue(tx, 'test.record', { n: 'first' }, { jobKey: 'taken' }),
    );
    // when a worker takes it (as graphile-worker's get_job does) while a transaction adds a job with its key
    const worker = await database.$client.connect();
    let heldJobId: string;
    let enqueued: Promise<string>;
    try {
      await worker.query('begin');
      const { rows } = await worker.query<{ id: string }>(
        `update graphile_worker._private_jobs
            set attempts = attempts + 1, locked_at = now(), locked_by = 'test-worker'
          where key = 'taken' and locked_at is null
          returning id::text as id`,
      );
      expect(rows).toHaveLength(1);
      heldJobId = rows[0]!.id;
      enqueued = withTransaction(database, (tx) =>
        queue.enqueue(tx, 'test.record', { n: 'second' }, { jobKey: 'taken' }),
      );
      await untilSomeoneWaitsOn(worker);
      await worker.query('commit');
    } finally {
      worker.release();
    }
    // then the enqueue added a job of its own (no error), which runs once the held job is done
    expect(await enqueued).not.toBe(heldJobId);
    await database.$client.query('delete from graphile_worker._private_jobs where id = $1', [heldJobId]);
    await queue.runJobsOnce();
    expect(runs.map((run) => run.payload)).toEqual([{ n: 'second' }]);
    expect(await jobRows()).toEqual([]);
  });

  /** Polls pg_stat_activity until a backend is blocked by `holder`'s locks (at most 10 s). */
  async function untilSomeoneWaitsOn(holder: import('pg').PoolClient): Promise<void> {
    const {
      rows: [self],
    } = await holder.query<{ pid: number }>('select pg_backend_pid() as pid');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await database.$client.query(
        'select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
        [self!.pid],
      );
      if (rows.length > 0) return;
      if (Date.now() > deadline) throw new Error('no transaction waited on the worker lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('refuses a task nobody registered, and a second handler for a task', async () => {
    await expect(withTransaction(database, (tx) => queue.enqueue(tx, 'test.unknown', {}))).rejects.toThrow(
      /no registered handler/,
    );
    expect(() => queue.register('test.record', async () => undefined)).toThrow(/registered twice/);
    expect(() => queue.register('Bad Name', async () => undefined)).toThrow(/lower_snake_case/);
  });

  it('runs jobs in the long-running worker until it is stopped', async () => {
    // given a started worker
    let handled!: () => void;
    const done = new Promise<void>((resolve) => (handled = resolve));
    const worker = new JobQueue({
      pool: database.$client,
      log: pino({ level: 'silent' }),
      concurrency: 1,
      pollIntervalMs: 1_000,
      defaultMaxAttempts: 3,
    });
    worker.register('test.record', async () => handled());
    await worker.start();

    // when a job is committed
    await withTransaction(database, (tx) => worker.enqueue(tx, 'test.record', { n: 'live' }));

    // then the worker runs it (woken by the queue's NOTIFY), and stops cleanly
    await done;
    await worker.stop();
    expect(worker.running).toBe(false);
    expect(await jobRows()).toEqual([]);
  });
});

describe('recurring tasks (JobQueue.schedule)', () => {
  const minutesOfADay = Array.from({ length: 24 * 60 }, (_, minute) => ({
    min: minute % 60,
    hour: Math.floor(minute / 60),
    date: 1,
  }));

  it('runs an every-N-minutes task N minutes apart, from midnight UTC', () => {
    const runs = minutesOfADay.filter((at) => recurrenceMatches({ everyMinutes: 15 }, at));
    expect(runs).toHaveLength(96);
    expect(runs.slice(0, 3)).toEqual([
      { min: 0, hour: 0, date: 1 },
      { min: 15, hour: 0, date: 1 },
      { min: 30, hour: 0, date: 1 },
    ]);
  });

  it('runs a daily task once a day at its minute, and a six-hourly one four times', () => {
    const daily = minutesOfADay.filter((at) => recurrenceMatches({ everyHours: 24, atMinute: 15 }, at));
    const sixHourly = minutesOfADay.filter((at) => recurrenceMatches({ everyHours: 6 }, at));
    expect(daily).toEqual([{ min: 15, hour: 0, date: 1 }]);
    expect(sixHourly.map((at) => at.hour)).toEqual([0, 6, 12, 18]);
  });

  it('refuses a task scheduled without a handler or with a nonsensical interval', () => {
    const jobs = new JobQueue({
      pool: { listenerCount: () => 1, on: () => undefined } as never,
      log: pino({ level: 'silent' }),
      concurrency: 1,
      pollIntervalMs: 1_000,
      defaultMaxAttempts: 3,
    });
    expect(() => jobs.schedule('nothing.registered', { everyMinutes: 1 })).toThrow(/no registered handler/);
    jobs.register('area.task', async () => undefined);
    expect(() => jobs.schedule('area.task', { everyMinutes: 0 })).toThrow(/1 to 1440/);
    jobs.schedule('area.task', { everyHours: 24 });
    expect(() => jobs.schedule('area.task', { everyHours: 24 })).toThrow(/scheduled twice/);
  });
});

describe('sweeps (JobQueue.registerSweep)', () => {
  let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  const silent = pino({ level: 'silent' });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = createDatabase({ url: testDatabase.url, max: 5, statementTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    await database.$client.end();
    await testDatabase.drop();
  });

  function newQueue(): JobQueue {
    return new JobQueue({
      pool: database.$client,
      log: silent,
      concurrency: 1,
      pollIntervalMs: 1_000,
      defaultMaxAttempts: 3,
    });
  }

  it('runJobsOnce runs jobs and sweeps in rounds until neither has work: work one gives the other is done', async () => {
    // given a job that gives a sweep 5 items, and a sweep that takes 2 per pass
    const queue = newQueue();
    let pending = 0;
    const passes: number[] = [];
    queue.register('test.feed', async () => {
      pending += 5;
    });
    queue.registerSweep('test.sweep', 60, async () => {
      const taken = Math.min(pending, 2);
      pending -= taken;
      passes.push(taken);
      return { processed: taken, more: taken === 2 };
    });
    await withTransaction(database, (tx) => queue.enqueue(tx, 'test.feed', {}));

    // when the queue is drained
    await queue.runJobsOnce();

    // then the sweep took every item, in bounded passes, and a last round found nothing
    expect(pending).toBe(0);
    expect(passes).toEqual([2, 2, 1, 0]);
  });

  it('refuses a sweep registered twice, with a nonsensical interval, or after the worker started', async () => {
    const queue = newQueue();
    const pass = async () => ({ processed: 0, more: false });
    queue.registerSweep('test.sweep', 1, pass);
    expect(() => queue.registerSweep('test.sweep', 1, pass)).toThrow(/registered twice/);
    expect(() => queue.registerSweep('test.other', 0, pass)).toThrow(/1 to 86,400 seconds/);
    expect(() => queue.registerSweep('test.other', 1.5, pass)).toThrow(/1 to 86,400 seconds/);
    await queue.start();
    try {
      expect(() => queue.registerSweep('test.other', 1, pass)).toThrow(/after the worker started/);
    } finally {
      await queue.stop();
    }
  });

  it('runs a pass, then waits the interval, in the long-running worker; a failed pass is logged and the next runs; stop waits for a running pass', async () => {
    // given a worker with a sweep every second whose first pass fails and whose third blocks
    const queue = newQueue();
    const started: number[] = [];
    const ended: number[] = [];
    let running = 0;
    let overlapped = false;
    let abortedWhileRunning = false;
    let thirdStarted!: () => void;
    const third = new Promise<void>((resolve) => (thirdStarted = resolve));
    let releaseThird!: () => void;
    const thirdReleased = new Promise<void>((resolve) => (releaseThird = resolve));
    queue.registerSweep('test.sweep', 1, async ({ signal }) => {
      running++;
      overlapped ||= running > 1;
      started.push(Date.now());
      try {
        if (started.length === 1) throw new Error('planned sweep failure');
        if (started.length === 3) {
          thirdStarted();
          await thirdReleased;
          abortedWhileRunning = signal.aborted;
        }
        return { processed: 1, more: false };
      } finally {
        running--;
        ended.push(Date.now());
      }
    });

    // when it starts, and is stopped during the third pass
    await queue.start();
    await third;
    let stopped = false;
    const stopping = queue.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    releaseThird();
    await stopping;

    // then the failure did not stop the sweep, each pass began at least the interval after the
    // previous one ended, none overlapped, and none began after the stop
    expect(started).toHaveLength(3);
    expect(started[1]! - ended[0]!).toBeGreaterThanOrEqual(990);
    expect(started[2]! - ended[1]!).toBeGreaterThanOrEqual(990);
    expect(overlapped).toBe(false);
    expect(abortedWhileRunning).toBe(true);
    expect(queue.running).toBe(false);
  });
});
