import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../test/free-port';
import { startEmbeddedPostgres } from './embedded';

/**
 * `npm start` again while the earlier one is still shutting down (newcomer probe): the new start
 * found the earlier one's PostgreSQL running, attached to it, and lost it a moment later when the
 * earlier process stopped it; it then answered every request with a database that was gone.
 */
describe('an embedded PostgreSQL being stopped', () => {
  let directory: string;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-embedded-restart-'));
    fs.chmodSync(directory, 0o755);
  });

  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('is not attached to by a start meanwhile: that start waits for it to stop, then runs its own', async () => {
    // given a server whose process has begun shutting down
    const dataDirectory = path.join(directory, 'data');
    const earlier = await startEmbeddedPostgres({
      directory: dataDirectory,
      port: await freePort(),
      persistent: true,
    });
    earlier.stopping();

    // when another start comes while it is still running, and the earlier process then stops it
    const laterPort = await freePort();
    const later = startEmbeddedPostgres({ directory: dataDirectory, port: laterPort, persistent: true });
    await earlier.stop();
    const server = await later;

    // then the later start runs a server of its own, on its port, which answers
    try {
      expect(new URL(server.url).port).toBe(String(laterPort));
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await client.end();
      }
      expect(fs.existsSync(`${dataDirectory}.stopping`)).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it('a marker left by a process that is gone does not hold a start back', async () => {
    const dataDirectory = path.join(directory, 'data');
    fs.writeFileSync(`${dataDirectory}.stopping`, '999999999');

    const server = await startEmbeddedPostgres({
      directory: dataDirectory,
      port: await freePort(),
      persistent: true,
    });
    await server.stop();

    expect(fs.existsSync(`${dataDirectory}.stopping`)).toBe(false);
  });
});
