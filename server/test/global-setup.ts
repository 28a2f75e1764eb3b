import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { freePort } from './free-port';

/** One embedded PostgreSQL for the whole run, and a migrated template database to clone per test file. */
export const templateDatabase = 'codesale_template';

declare global {
  var __embeddedPostgres: EmbeddedDatabase | undefined;
  var __embeddedPostgresDirectory: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env['TEST_DATABASE_SERVER_URL']) return;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-test-pg-'));
  fs.chmodSync(directory, 0o755);
  const port = await freePort();
  const server = await startEmbeddedPostgres({
    directory: path.join(directory, 'data'),
    port,
    persistent: false,
  });
  globalThis.__embeddedPostgres = server;
  globalThis.__embeddedPostgresDirectory = directory;

  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();
  const templateUrl = new URL(server.url);
  templateUrl.pathname = `/${templateDatabase}`;
  await migrate(templateUrl.toString(), path.resolve(__dirname, '..', '..', 'migrations'));
  process.env['TEST_DATABASE_SERVER_URL'] = server.url;
}
