import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../../test/harness';
import { createDatabase, type Database } from './pool';
import { preparedStatement, runPrepared } from './prepared';
import { withTransaction } from './transaction';

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = createDatabase({ url: testDatabase.url, max: 3, statementTimeoutMs: 30_000 });
  await database.$client.query('create table notes (id integer primary key, body text not null)');
});
afterAll(async () => {
  await database.$client.end();
  await testDatabase.drop();
});

const insertNote = preparedStatement<{ id: number; body: string; backend: number }>(
  'test.insert_note',
  sql`insert into notes (id, body) values (${sql.placeholder('id')}, ${sql.placeholder('body')})
      returning id, body, pg_backend_pid() as backend`,
);
const noteCount = preparedStatement<{ count: number; preparedHere: boolean }>(
  'test.note_count',
  sql`select count(*)::int as count,
             exists (select 1 from pg_prepared_statements where name = 'test.note_count') as "preparedHere"
        from notes where body <> ${'ignored constant'}`,
);

describe('runPrepared', () => {
  it('given a transaction, when a statement runs in it, then it runs on that connection and rolls back with it', async () => {
    // when a named insert runs inside a transaction that then fails
    const backends: number[] = [];
    await expect(
      withTransaction(database, async (tx) => {
        const { rows } = await tx.execute<{ backend: number }>(sql`select pg_backend_pid() as backend`);
        backends.push(rows[0]!.backend);
        const [inserted] = await runPrepared(tx, insertNote, { id: 1, body: 'rolled back' });
        backends.push(inserted!.backend);
        // and the transaction sees its own uncommitted row through the same statement kind
        expect((await runPrepared(tx, noteCount))[0]!.count).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // then it ran on the transaction's connection, and nothing remains
    expect(backends[1]).toBe(backends[0]);
    expect((await runPrepared(database, noteCount))[0]!.count).toBe(0);
  });

  it('given a connection that ran a statement once, when it runs it again, then PostgreSQL has it prepared under its name', async () => {
    await withTransaction(database, async (tx) => {
      await runPrepared(tx, noteCount);
      const [again] = await runPrepared(tx, noteCount);
      expect(again!.preparedHere).toBe(true);
    });
  });

  it('given values by name, then each placeholder gets its value and a missing one is refused before sending', async () => {
    const [row] = await runPrepared(database, insertNote, { id: 2, body: 'kept' });
    expect(row).toMatchObject({ id: 2, body: 'kept' });
    await expect(runPrepared(database, insertNote, { id: 3 })).rejects.toThrow(/placeholder "body"/);
  });
});

describe('preparedStatement', () => {
  it('refuses a second text under one name, and accepts the same definition again', () => {
    expect(() =>
      preparedStatement('test.note_count', sql`select 1 as count, false as "preparedHere"`),
    ).toThrow(/defined twice/);
    expect(
      preparedStatement(
        'test.insert_note',
        sql`insert into notes (id, body) values (${sql.placeholder('id')}, ${sql.placeholder('body')})
      returning id, body, pg_backend_pid() as backend`,
      ).name,
    ).toBe('test.insert_note');
    expect(() => preparedStatement('Not A Name', sql`select 1`)).toThrow(/not a short lower-case name/);
  });
});
