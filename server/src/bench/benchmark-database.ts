import path from 'node:path';
import type { Config } from '../config';
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded';
import { migrate } from '../db/migrate';

/**
 * The database a benchmark runs on, migrated: DATABASE_URL when it is set, otherwise a throwaway
 * embedded PostgreSQL with its data under `directory` (removed with it).
 */
export async function startBenchmarkDatabase(
  config: Config,
  directory: string,
  databaseName: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = config.database.url
    ? { url: config.database.url, stop: async () => undefined }
    : await startEmbeddedPostgres({
        directory: path.join(directory, 'data'),
        port: 54400 + (process.pid % 500),
        persistent: false,
      });
  const url = config.database.url ?? (await ensureDatabase(server.url, databaseName));
  await migrate(url, config.migrationsDirectory);
  return { url, stop: () => server.stop() };
}
