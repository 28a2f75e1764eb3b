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

const insertEvent = (client: pg.Client, topic = 'TABLE_TEST') =>
  client
    .query<{ sequence: string }>(
      `insert into events (topic, payload) values ($1, '{}') returning sequence::text as sequence`,
      [topic],
    )
    .then((result) => BigInt(result.rows[0]!.sequence));

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
  await testDatabase.drop();
});

describe('events', () => {
  it('draws a sequence only once the previous publisher has committed, so sequence order is commit order', async () => {
    // given transaction A has inserted an event and is still open
    const [a, b, observer] = [await connect(), await connect(), await connect()];
    await a.query('begin');
    const first = await insertEvent(a);

    // when transaction B inserts an event on another topic
    await b.query('begin');
    const second = insertEvent(b, 'OTHER_TOPIC');

    // then B waits for A's commit-order lock (bounded wait for the database to report it)
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await observer.query(
        `select 1 from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`,
      );
      if (rows.length === 1) break;
      if (Date.now() > deadline) throw new Error('the second insert never waited for the lock');
    }

    // and once A commits, B's sequence follows A's
    await a.query('commit');
    expect(await second).toBe(first + 1n);
    await b.query('commit');
  });

  it('assigns the sequence itself, whatever the writer supplies', async () => {
    const client = await connect();
    const { rows } = await client.query<{ sequence: string }>(
      `insert into events (sequence, topic, payload) values (9000000000, 'TABLE_TEST', '{}') returning sequence::text as sequence`,
    );
    expect(BigInt(rows[0]!.sequence)).toBeLessThan(9_000_000_000n);
  });

  it.each([
    ['UPDATE', `update events set payload = '{"rewritten": true}'`],
    ['DELETE', 'delete from events'],
    ['TRUNCATE', 'truncate events'],
  ])('refuses %s: events are append-only', async (operation, statement) => {
    const client = await connect();
    await insertEvent(client);
    await expect(client.query(statement)).rejects.toMatchObject({
      code: '23001',
      message: `${operation} on events is not allowed: the table is append-only`,
    });
  });
});
