import { spawn } from 'node:child_process';
import path from 'node:path';

const serverRoot = path.join(__dirname, '..');

/**
 * Runs test/logger-child.ts; resolves with its log lines' messages once `expected` have arrived
 * (the child is then killed), or once it exits. A child still short of them after 10 s is killed,
 * and the test sees what arrived.
 */
function linesOfChild(mode: 'wait' | 'block' | 'exit', messages: string[], expected: number) {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(serverRoot, 'test', 'logger-child.ts'), mode, ...messages],
    { cwd: serverRoot, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const messagesOf = () =>
    output
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise<string[]>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.endsWith('\n') && messagesOf().length >= expected) {
        child.kill('SIGKILL');
        resolve(messagesOf());
      }
    });
    child.once('close', () => {
      clearTimeout(timer);
      resolve(messagesOf());
    });
  });
}

describe('the production logger on stdout (lines written in batches)', () => {
  it('writes a held line within its flush interval while the process runs on', async () => {
    expect(await linesOfChild('wait', ['first', 'second'], 2)).toEqual(['first', 'second']);
  });

  it('writes an error line at once, with the lines before it', async () => {
    // The child blocks right after logging: no timer can write for it.
    expect(await linesOfChild('block', ['before', 'error: failed'], 2)).toEqual(['before', 'error: failed']);
  });

  it('writes the lines it holds when the process exits', async () => {
    expect(await linesOfChild('exit', ['last words'], 1)).toEqual(['last words']);
  });
});
