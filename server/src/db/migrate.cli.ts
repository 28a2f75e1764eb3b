import { loadConfig } from '../config';
import { connectDatabaseServer } from './connect';
import { migrate } from './migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await connectDatabaseServer(config);
  try {
    const result = await migrate(server.url, config.migrationsDirectory, (name) =>
      console.log(`applied ${name}`),
    );
    console.log(
      `migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied` +
        (server.embedded ? ` (embedded PostgreSQL, data in ${config.database.embeddedDirectory})` : ''),
    );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
