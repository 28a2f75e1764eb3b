import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__embeddedPostgres?.stop();
  if (globalThis.__embeddedPostgresDirectory) {
    fs.rmSync(globalThis.__embeddedPostgresDirectory, { recursive: true, force: true });
  }
}
