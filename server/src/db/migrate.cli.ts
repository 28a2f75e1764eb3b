import '../tools/node-version.guard';
import { loadConfig } from '../config';
import { runCli } from '../tools/cli';
import { connectDatabaseServer } from './connect';
import { migrate } from './migrate';

async function main(): Promise<number> {
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
    return 0;
  } finally {
    await server.stop();
  }
}

runCli(main);
