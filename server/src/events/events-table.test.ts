import pg from 'pg';
import { createTestDatabase } from '../../test/harness';

/** The `events` table's own guarantees (migrations/0008_events.sql), whoever writes to it. */

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabase.url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Inserts an event and returns its id (its sequence is drawn at commit). */
const insertEvent = (client: pg.Client, topic = 'TABLE_TEST') =>
  client
    .query<{ id: string }>(`insert into events (topic, payload) values ($1, '{}') returning id::text as id`, [
      topic,
    ])
    .then((result) => BigInt(result.rows[0]!.id));

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
  await testDatabase.drop();
});

async function sequenceOf(client: pg.Client, id: bigint): Promise<bigint | null> {
  const { rows } = await client.query<{ sequence: string | null }>(
    'select sequence::text as sequence from events where id = $1',
    [String(id)],
  );
  return rows[0]?.sequence ? BigInt(rows[0].sequence) : null;
}

/** Waits (bounded) until the database reports a backend waiting for the commit-order lock. */
async function untilWaitingForTheLock(observer: pg.Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await observer.query(
      `select 1 from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`,
    );
    if (rows.length === 1) return;
    if (Date.now() > deadline) throw new Error('no commit waited for the commit-order lock');
  }
}

describe('events', () => {
  it('numbers events in commit order: a transaction that inserted first and commits last gets the larger sequence', async () => {
    // given transaction A inserts an event, then transaction B inserts one
    const [a, b, observer] = [await connect(), await connect(), await connect()];
    await a.query('begin');
    const first = await insertEvent(a);
    await b.query('begin');
    const second = await insertEvent(b, 'OTHER_TOPIC');
    // (inside their transactions, neither has a sequence yet)
    expect(await sequenceOf(a, first)).toBeNull();

    // when B commits, then A
    await b.query('commit');
    await a.query('commit');

    // then B's sequence comes before A's
    const [sequenceA, sequenceB] = [await sequenceOf(observer, first), await sequenceOf(observer, second)];
    expect(sequenceB).not.toBeNull();
    expect(sequenceA).toBe(sequenceB! + 1n);
  });

  it('draws a sequence only once the previous publisher has committed', async () => {
    // given transaction A has drawn its sequence (its deferred trigger run early) and is still open
    const [a, b, observer] = [await connect(), await connect(), await connect()];
    await a.query('begin');
    const first = await insertEvent(a);
    await a.query('set constraints all immediate');
    const drawn = await sequenceOf(a, first);

    // when transaction B commits an event
    await b.query('begin');
    const second = await insertEvent(b);
    const committing = b.query('commit');

    // then B's commit waits for A's lock, and once A commits, B's sequence follows A's
    await untilWaitingForTheLock(observer);
    await a.query('commit');
    await committing;
    expect(await sequenceOf(observer, second)).toBe(drawn! + 1n);
  });

  it('assigns the sequence itself, whatever the writer supplies', async () => {
    const client = await connect();
    const { rows } = await client.query<{ id: string }>(
      `insert into events (sequence, topic, payload) values (9000000000, 'TABLE_TEST', '{}') returning id::text as id`,
    );
    const sequence = await sequenceOf(client, BigInt(rows[0]!.id));
    expect(sequence).not.toBeNull();
    expect(sequence!).toBeLessThan(9_000_000_000n);
  });

  it.each([
    ['UPDATE', `update events set payload = '{"rewritten": true}'`],
    ['UPDATE', 'update events set sequence = null'],
    ['DELETE', 'delete from events'],
    ['TRUNCATE', 'truncate events'],
  ])('refuses %s (%s): events are append-only', async (operation, statement) => {
    const client = await connect();
    await insertEvent(client);
    await expect(client.query(statement)).rejects.toMatchObject({
      code: '23001',
      message: `${operation} on events is not allowed: the table is append-only`,
    });
  });

  it('refuses to set the sequence of an uncommitted event by hand', async () => {
    const client = await connect();
    await client.query('begin');
    const id = await insertEvent(client);
    await expect(
      client.query('update events set sequence = 1 where id = $1', [String(id)]),
    ).rejects.toMatchObject({ code: '23001' });
    await client.query('rollback');
  });
});
