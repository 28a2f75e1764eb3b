/**
 * What `npm start` and `npm run dev` share: the repository's .env, the buyer app's build
 * environment, and children that are stopped together.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const dotenvFile = path.join(root, '.env');
const fromFile = fs.existsSync(dotenvFile) ? util.parseEnv(fs.readFileSync(dotenvFile, 'utf8')) : {};

/** A setting as the API reads it (server/src/config.ts): the environment over .env, then the default. */
export function setting(name, fallback) {
  return process.env[name] || fromFile[name] || fallback;
}

/** Whether the environment or .env sets `name` at all (even to an empty value). */
export function isSet(name) {
  return name in process.env || name in fromFile;
}

/**
 * The environment `next build` and `next dev` need: no telemetry, and BUYER_BUILD_ROOT when
 * node_modules is a symlink out of the repository (a git worktree sharing another checkout's
 * packages), since Turbopack compiles nothing outside its root (clients/buyer/next.config.mjs).
 */
export function buyerBuildEnvironment() {
  const environment = { NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' };
  if (process.env.BUYER_BUILD_ROOT) return environment;
  const modules = path.join(root, 'node_modules');
  if (!fs.existsSync(modules)) return environment;
  const real = fs.realpathSync(modules);
  const relative = path.relative(root, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    const a = root.split(path.sep);
    const b = path.dirname(real).split(path.sep);
    let index = 0;
    while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
    environment.BUYER_BUILD_ROOT = a.slice(0, index).join(path.sep) || path.sep;
  }
  return environment;
}

/**
 * Children that live and die together, each in its own process group (a terminal's Ctrl-C reaches
 * this launcher only, which stops them in order). When one exits while nobody asked, the others
 * are stopped and the exit code is non-zero. Ctrl-C and SIGTERM stop them all: SIGINT to the
 * child itself (`{ group: false }`: a node process that stops its own children, as the API stops
 * its embedded PostgreSQL after draining) or to its whole group (an npm wrapper and what it ran),
 * then SIGKILL to the group after `killAfterMs`.
 */
export class ProcessGroup {
  constructor({ label, killAfterMs = 15_000 }) {
    this.label = label;
    this.killAfterMs = killAfterMs;
    this.children = [];
    this.stopping = false;
    this.exitCode = 0;
    this.onStopped = () => undefined;
    this.stopped = new Promise((resolve) => (this.onStopped = resolve));
    process.on('SIGINT', () => this.stop(0, 'SIGINT'));
    process.on('SIGTERM', () => this.stop(0, 'SIGTERM'));
  }

  /** Starts `command arguments`; `options` are spawn's (stdio, env, cwd). */
  start(name, command, commandArguments, options = {}) {
    const child = spawn(command, commandArguments, {
      cwd: root,
      stdio: 'inherit',
      ...options,
      detached: true,
    });
    const entry = { name, child, exited: false };
    this.children.push(entry);
    child.on('exit', (code, signal) => {
      entry.exited = true;
      // Killed by a signal (a crash: SIGABRT when the heap ran out), it stopped nothing it had
      // started: its embedded PostgreSQL, in its group, would outlive it and be adopted by the next
      // start. SIGINT is PostgreSQL's fast shutdown.
      if (signal) signalGroup(child, 'SIGINT');
      if (!this.stopping) {
        process.stdout.write(
          `${this.label}: ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`,
        );
        this.stop(code === 0 || code === null ? 1 : code);
      }
      if (this.children.every((other) => other.exited)) {
        process.exitCode = this.exitCode;
        this.onStopped(this.exitCode);
      }
    });
    child.on('error', (error) => {
      process.stdout.write(`${this.label}: could not start ${name}: ${error.message}\n`);
      entry.exited = true;
      this.stop(1);
    });
    return child;
  }

  /** Stops every child still running; the process exits with `exitCode` once they are gone. */
  stop(exitCode, signal) {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = exitCode;
    if (signal) process.stdout.write(`\n${this.label}: ${signal}, stopping\n`);
    for (const { child, group, exited } of this.children) {
      if (exited) continue;
      if (group) signalGroup(child, 'SIGINT');
      else child.kill('SIGINT');
      setTimeout(() => signalGroup(child, 'SIGKILL'), this.killAfterMs).unref();
    }
    if (this.children.every((entry) => entry.exited)) {
      process.exitCode = this.exitCode;
      this.onStopped(this.exitCode);
    }
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // That group is gone already.
  }
}

/**
 * Resolves once GET `url` answers 200; rejects when `stillRunning()` turns false (the process
 * exited) or after `timeoutMs`. A launcher's wait for another process, which signals nothing else.
 */
export async function waitUntilReady(url, stillRunning, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!stillRunning()) throw new Error(`it exited before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Copies a child's stdout to ours and resolves with the first match of `pattern` in it; rejects
 * if the child exits first.
 */
export function waitForLine(child, pattern) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      process.stdout.write(chunk);
      if (seen === null) return;
      seen = (seen + chunk.toString('utf8')).slice(-10_000);
      const match = pattern.exec(seen);
      if (match) {
        seen = null;
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', () => {
      if (seen !== null) reject(new Error('it exited before it was ready'));
    });
  });
}
