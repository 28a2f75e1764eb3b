import fs from 'node:fs';

/** Stops the run's PostgreSQL. Idempotent: a multi-project jest run (console and buyer browser tests) calls it once per project. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__embeddedPostgres;
  const directory = globalThis.__embeddedPostgresDirectory;
  globalThis.__embeddedPostgres = undefined;
  globalThis.__embeddedPostgresDirectory = undefined;
  await server?.stop();
  if (directory) fs.rmSync(directory, { recursive: true, force: true });
}
