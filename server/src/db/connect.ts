import type { Config } from '../config';
import { ensureDatabase, startEmbeddedPostgres } from './embedded';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL, with data kept in its folder across restarts. */
export async function connectDatabaseServer(
  config: Config,
  onLog: (message: string) => void = () => undefined,
): Promise<DatabaseServer> {
  if (config.database.url) {
    return { url: config.database.url, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    directory: config.database.embeddedDirectory,
    port: config.database.embeddedPort,
    persistent: true,
    onLog,
  });
  const url = await ensureDatabase(server.url, 'codesale');
  return { url, embedded: true, stop: server.stop };
}
