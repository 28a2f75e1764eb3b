import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { noteRunningApi, runningApiPort } from './running-api';

/**
 * `npm run seed` and `npm run staff:create` find the API `npm start` runs on their database by the
 * port it noted beside the data folder, whatever PORT each command was given.
 */
describe('the running API note', () => {
  let directory: string;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-running-api-'));
    // An API stand-in: answers /readyz as the real one does when ready.
    server = http.createServer((request, response) => {
      response.statusCode = request.url === '/readyz' ? 200 : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** A command's config on the embedded database in `directory`, with its own PORT (where nothing runs). */
  const commandConfig = () =>
    loadConfig({ EMBEDDED_POSTGRES_DIR: path.join(directory, 'postgres'), PORT: '1', NODE_ENV: 'test' });

  it('finds the API on the port npm start noted, and nothing once it forgot it at shutdown', async () => {
    expect(await runningApiPort(commandConfig())).toBeNull();
    const forget = noteRunningApi(commandConfig(), port);
    expect(await runningApiPort(commandConfig())).toBe(port);
    forget();
    expect(fs.existsSync(path.join(directory, 'postgres.api'))).toBe(false);
    expect(await runningApiPort(commandConfig())).toBeNull();
  });

  it("ignores a note left by a process that is gone, and a remover does not take a later start's note", async () => {
    const note = path.join(directory, 'postgres.api');
    fs.writeFileSync(note, `2147483646 ${port}\n`);
    expect(await runningApiPort(commandConfig())).toBeNull();

    const forgetEarlier = noteRunningApi(commandConfig(), port);
    fs.writeFileSync(note, `${process.ppid} ${port}\n`);
    forgetEarlier();
    expect(fs.readFileSync(note, 'utf8')).toBe(`${process.ppid} ${port}\n`);
    expect(await runningApiPort(commandConfig())).toBe(port);
    fs.rmSync(note);
  });

  it('notes nothing for an API on a database of its own (DATABASE_URL)', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost:1/codesale',
      EMBEDDED_POSTGRES_DIR: path.join(directory, 'postgres'),
      NODE_ENV: 'test',
    });
    noteRunningApi(config, port)();
    expect(fs.existsSync(path.join(directory, 'postgres.api'))).toBe(false);
  });
});
