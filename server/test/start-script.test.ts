import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '..', '..');

/**
 * `npm start` (scripts/start.mjs) refuses at once, naming the variable to change, when a port it
 * needs is taken: an API already running there would otherwise answer this one's readiness check
 * and be announced as it.
 */
describe('npm start with its port taken', () => {
  it('exits 1 before building or starting anything, and says which port and what to do', async () => {
    // given another program on the API's port
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      // when npm start runs with that port
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [path.join(repositoryRoot, 'scripts', 'start.mjs')], {
            cwd: repositoryRoot,
            env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BUYER_PORT: '0' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let errors = '';
          child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
          child.once('error', reject);
          child.once('close', (exitCode) => resolve({ code: exitCode, stderr: errors }));
        },
      );
      // then it refuses, with the port and the variable to set
      expect(code).toBe(1);
      expect(stderr).toContain(`The API's port ${port} is already in use`);
      expect(stderr).toContain('set PORT in .env');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
