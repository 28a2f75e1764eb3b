import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrateJobQueue } from '../jobs/queue';

/**
 * Forward-only SQL migrations: every file `migrations/NNNN_name.sql` is applied once, in order,
 * in its own transaction, and recorded with its checksum. An applied file that changed is an
 * error: write a new migration instead. graphile-worker's schema (the job queue) is installed or
 * upgraded last, by the library's own migrations.
 */
export interface Migration {
  version: string;
  name: string;
  checksum: string;
  sql: string;
}

export function readMigrations(directory: string): Migration[] {
  return fs
    .readdirSync(directory)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(directory, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        checksum: crypto.createHash('sha256').update(sql).digest('hex'),
        sql,
      };
    });
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const migrationLockKey = 7_310_412_001;

export async function migrate(
  url: string,
  directory: string,
  onApplied: (name: string) => void = () => undefined,
): Promise<MigrationResult> {
  const migrations = readMigrations(directory);
  const client = new pg.Client({ connectionString: url, application_name: 'codesale-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
    await client.query(`
      create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations',
    );
    const applied = new Map(rows.map((row) => [row.version, row]));
    const result: MigrationResult = { applied: [], alreadyApplied: 0 };
    for (const migration of migrations) {
      const previous = applied.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} was changed after it was applied; migrations are forward-only, add a new one instead`,
          );
        }
        result.alreadyApplied++;
        continue;
      }
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      result.applied.push(migration.name);
      onApplied(migration.name);
    }
    // The job queue's own schema (graphile-worker keeps its own migration record), under the same lock.
    await migrateJobQueue(url);
    return result;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    await client.end();
  }
}
