import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../../test/harness';
import { createDatabase, type Database } from './pool';
import { afterCommit, postgresErrorCode, withTransaction, type Tx } from './transaction';

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = createDatabase({ url: testDatabase.url, max: 5, statementTimeoutMs: 30_000 });
  await database.$client.query('create table counters (name text primary key, value integer not null)');
});
afterAll(async () => {
  await database.$client.end();
  await testDatabase.drop();
});

async function counter(name: string): Promise<number | undefined> {
  const { rows } = await database.$client.query('select value from counters where name = $1', [name]);
  return rows[0]?.value;
}

/**
 * Two serializable read-then-write increments of one counter that both read before either
 * writes: one of them must fail with 40001. Returns how often the work ran, and both outcomes.
 */
async function conflictingIncrements(name: string, retries: number) {
  await database.$client.query('insert into counters (name, value) values ($1, 0)', [name]);
  let runs = 0;
  let readers = 0;
  let bothRead: () => void = () => undefined;
  const bothHaveRead = new Promise<void>((resolve) => (bothRead = resolve));
  const increment = () =>
    withTransaction(
      database,
      async (tx: Tx) => {
        runs++;
        const { rows } = await tx.execute<{ value: number }>(
          sql`select value from counters where name = ${name}`,
        );
        if (++readers === 2) bothRead();
        await bothHaveRead;
        await tx.execute(sql`update counters set value = ${rows[0]!.value + 1} where name = ${name}`);
      },
      { isolationLevel: 'serializable', retries },
    );
  const outcomes = await Promise.allSettled([increment(), increment()]);
  return { runs, outcomes };
}

describe('withTransaction', () => {
  it('retries a serialization failure until both conflicting transactions commit', async () => {
    const { runs, outcomes } = await conflictingIncrements('retried', 3);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(runs).toBeGreaterThan(2);
    expect(await counter('retried')).toBe(2);
  });

  it('gives up after the bounded number of retries, surfacing the 40001', async () => {
    const { runs, outcomes } = await conflictingIncrements('not-retried', 0);

    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(runs).toBe(2);
    expect(rejected).toHaveLength(1);
    expect(postgresErrorCode(rejected[0]!.reason)).toBe('40001');
    expect(await counter('not-retried')).toBe(1);
  });

  it('does not retry a plain error or a non-retryable database error', async () => {
    let runs = 0;
    const plain = withTransaction(database, async () => {
      runs++;
      throw new Error('a bug');
    });
    await expect(plain).rejects.toThrow('a bug');

    const duplicate = withTransaction(database, async (tx) => {
      runs++;
      await tx.execute(sql`insert into counters (name, value) values ('duplicate', 1), ('duplicate', 2)`);
    });
    await expect(duplicate).rejects.toMatchObject({ cause: { code: '23505' } });

    expect(runs).toBe(2);
  });
});

describe('afterCommit', () => {
  it('runs hooks after the transaction has committed', async () => {
    const seenByHook: (number | undefined)[] = [];

    await withTransaction(database, async (tx) => {
      await tx.execute(sql`insert into counters (name, value) values ('hooked', 7)`);
      afterCommit(tx, async () => {
        seenByHook.push(await counter('hooked'));
      });
      // Before commit, another connection does not see the row yet.
      seenByHook.push(await counter('hooked'));
    });

    expect(seenByHook).toEqual([undefined, 7]);
  });

  it('never runs hooks of a transaction that rolls back', async () => {
    const hook = jest.fn();

    const failing = withTransaction(database, async (tx) => {
      afterCommit(tx, hook);
      throw new Error('rolled back');
    });

    await expect(failing).rejects.toThrow('rolled back');
    expect(hook).not.toHaveBeenCalled();
  });

  it('runs only the hooks of the attempt that committed when a transaction is retried', async () => {
    await database.$client.query(`insert into counters (name, value) values ('hooks-retried', 0)`);
    let readers = 0;
    let bothRead: () => void = () => undefined;
    const bothHaveRead = new Promise<void>((resolve) => (bothRead = resolve));
    let runs = 0;
    let hooksRun = 0;
    const increment = () =>
      withTransaction(
        database,
        async (tx) => {
          runs++;
          afterCommit(tx, () => void hooksRun++);
          await tx.execute(sql`select value from counters where name = 'hooks-retried'`);
          if (++readers === 2) bothRead();
          await bothHaveRead;
          await tx.execute(sql`update counters set value = value + 1 where name = 'hooks-retried'`);
        },
        { isolationLevel: 'serializable', retries: 3 },
      );

    await Promise.all([increment(), increment()]);

    expect(runs).toBeGreaterThan(2);
    expect(hooksRun).toBe(2);
  });

  it('refuses a hook outside withTransaction', async () => {
    await database.transaction(async (tx) => {
      expect(() => afterCommit(tx, () => undefined)).toThrow('afterCommit called outside withTransaction');
    });
  });
});
