import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config';

/** `bench/results/`, created when missing; its files are git-ignored (a reference run is added with `git add -f`). */
export function benchmarkResultsDirectory(config: Config): string {
  const directory = path.join(config.repositoryRoot, 'bench', 'results');
  fs.mkdirSync(directory, { recursive: true });
  return directory;
}

/** A file-name-safe timestamp, so runs sort by time and never overwrite each other. */
export function benchmarkStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Writes `<name>-<stamp>.json` with the machine it ran on; returns its path. */
export function writeBenchmarkResult(
  config: Config,
  name: string,
  stamp: string,
  result: Record<string, unknown>,
): string {
  const file = path.join(benchmarkResultsDirectory(config), `${name}-${stamp}.json`);
  const machine = { cpus: os.cpus().length, node: process.version };
  fs.writeFileSync(file, `${JSON.stringify({ ...result, machine }, null, 2)}\n`);
  return file;
}
