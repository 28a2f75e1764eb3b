import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { processIsAlive } from '../shared/process-alive';

/**
 * `npm start` on an embedded database notes the port its API listens on beside the data folder
 * (`.data/postgres.api`: pid and port), so that the commands run against the same database
 * (`npm run seed`, `npm run staff:create`) find it wherever its PORT put it, rather than assume
 * their own PORT. Returns the note's remover, for the shutdown.
 */
export function noteRunningApi(config: Config, port: number): () => void {
  const note = apiNote(config);
  if (!note) return () => {};
  fs.writeFileSync(note, `${process.pid} ${port}\n`);
  return () => {
    // Only its own: a later start may have written its note meanwhile.
    if (readNote(note)?.pid === process.pid) fs.rmSync(note, { force: true });
  };
}

/**
 * The port of a CodeSale API running on this machine against this config's database: the one
 * `npm start` noted (its process alive), else the config's own PORT; null when neither answers.
 */
export async function runningApiPort(config: Config): Promise<number | null> {
  const note = apiNote(config);
  const noted = note ? readNote(note) : undefined;
  const ports = [
    ...(noted && processIsAlive(noted.pid) ? [noted.port] : []),
    ...(noted?.port === config.port ? [] : [config.port]),
  ];
  for (const port of ports) {
    if (await answers(port)) return port;
  }
  return null;
}

function apiNote(config: Config): string | null {
  if (config.database.url) return null;
  return `${path.resolve(config.database.embeddedDirectory)}.api`;
}

function readNote(note: string): { pid: number; port: number } | undefined {
  try {
    const [pid, port] = fs.readFileSync(note, 'utf8').trim().split(' ').map(Number);
    return pid && port ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
    return answer.ok;
  } catch {
    return false;
  }
}
