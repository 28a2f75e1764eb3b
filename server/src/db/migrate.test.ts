import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../../test/harness';
import { quoteIdentifier } from './embedded';
import { migrate, readMigrations } from './migrate';

const migrationsDirectory = path.resolve(__dirname, '..', '..', '..', 'migrations');

/** An empty database on the test server (not cloned from the migrated template). */
async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env['TEST_DATABASE_SERVER_URL']!;
  const name = `empty_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${quoteIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      await client.end();
    },
  };
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  const names = readMigrations(migrationsDirectory).map((migration) => migration.name);
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('applies every migration to an empty database, in order, recording each', async () => {
    const applied: string[] = [];

    const result = await migrate(database.url, migrationsDirectory, (name) => applied.push(name));

    expect(names.length).toBeGreaterThan(0);
    expect(result).toEqual({ applied: names, alreadyApplied: 0 });
    expect(applied).toEqual(names);
    const recorded = await query<{ name: string; checksum: string }>(
      database.url,
      'select name, checksum from schema_migrations order by version',
    );
    expect(recorded.map((row) => row.name)).toEqual(names);
    expect(recorded.map((row) => row.checksum)).toEqual(
      readMigrations(migrationsDirectory).map((migration) => migration.checksum),
    );
    const tables = await query<{ table_name: string }>(
      database.url,
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['users', 'sessions', 'api_keys', 'audit_log']),
    );
  });

  it('applies nothing the second time', async () => {
    const result = await migrate(database.url, migrationsDirectory);

    expect(result).toEqual({ applied: [], alreadyApplied: names.length });
  });

  it('applies a new migration once, and rolls back one that fails', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-migrations-'));
    try {
      // given an extra migration that works, then one that fails half-way
      fs.cpSync(migrationsDirectory, copy, { recursive: true });
      fs.writeFileSync(path.join(copy, '9998_added_later.sql'), 'create table added_later (id integer);\n');
      fs.writeFileSync(
        path.join(copy, '9999_broken.sql'),
        'create table half_done (id integer);\nselect 1 / 0;\n',
      );

      // when migrating, then the first is applied and recorded, the second fails and leaves nothing behind
      await expect(migrate(database.url, copy)).rejects.toThrow(
        'migration 9999_broken failed: division by zero',
      );
      expect(
        await query(
          database.url,
          `select to_regclass('added_later') is not null as added, to_regclass('half_done') is not null as half`,
        ),
      ).toEqual([{ added: true, half: false }]);
      expect(
        await query(database.url, `select version from schema_migrations where version >= '9998'`),
      ).toEqual([{ version: '9998' }]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('refuses an applied migration that was changed, asking for a new one', async () => {
    // given a copy of the migrations in which an applied file was edited
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-migrations-'));
    try {
      fs.cpSync(migrationsDirectory, copy, { recursive: true });
      const first = path.join(copy, `${names[0]}.sql`);
      fs.appendFileSync(first, '\ncreate table sneaked_in (id integer);\n');

      // when migrating with it, then it is refused and nothing of the edit is applied
      await expect(migrate(database.url, copy)).rejects.toThrow(
        `migration ${names[0]} was changed after it was applied; migrations are forward-only, add a new one instead`,
      );
      expect(await query(database.url, `select to_regclass('sneaked_in') as present`)).toEqual([
        { present: null },
      ]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('audit_log', () => {
  let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    await query(
      testDatabase.url,
      `insert into audit_log (action, subject_type, subject_id) values ('test.recorded', 'Test', '1')`,
    );
  });
  afterAll(async () => {
    await testDatabase.drop();
  });

  it.each([
    ['UPDATE', `update audit_log set action = 'test.rewritten'`],
    ['DELETE', 'delete from audit_log'],
    ['TRUNCATE', 'truncate audit_log'],
  ])('refuses %s', async (operation, statement) => {
    await expect(query(testDatabase.url, statement)).rejects.toMatchObject({
      code: '23001',
      message: `${operation} on audit_log is not allowed: the table is append-only`,
    });
    expect(await query(testDatabase.url, 'select action from audit_log')).toEqual([
      { action: 'test.recorded' },
    ]);
  });
});
