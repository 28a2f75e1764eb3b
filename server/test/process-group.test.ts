import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error -- a plain ES module of the launcher scripts, without types
import { ProcessGroup } from '../../scripts/processes.mjs';

/** Whether the process runs: not gone, and not a zombie waiting for a parent that may never reap it. */
function running(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * `npm start`'s launcher (scripts/processes.mjs). The API runs the embedded PostgreSQL as a child
 * in its own process group; when the API is killed by a signal (SIGABRT when its heap ran out),
 * that child must not outlive it, or the next start adopts a database nobody stops.
 */
describe('ProcessGroup', () => {
  // The launcher owns its process: it sets the exit code and listens for SIGINT and SIGTERM. Undone
  // after the test, or the test runner would exit 1.
  const exitCode = process.exitCode;
  const listeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  afterEach(() => {
    process.exitCode = exitCode;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) {
        if (!listeners[signal].includes(listener)) process.removeListener(signal, listener);
      }
    }
  });

  it('given a child killed by a signal, then what it started in its group is stopped too', async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'process-group-')), 'grandchild.pid');
    const group = new ProcessGroup({ label: 'test' });
    group.start(
      'parent',
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const held = spawn(process.execPath, ['-e', 'process.on("SIGINT", () => process.exit(0)); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
         require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(held.pid));
         process.abort();`,
      ],
      { stdio: 'ignore' },
    );

    expect(await group.stopped).toBe(1);
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 10_000;
    while (running(grandchild) && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    const stillRunning = running(grandchild);
    if (stillRunning) process.kill(grandchild, 'SIGKILL');
    expect(stillRunning).toBe(false);
  });
});
