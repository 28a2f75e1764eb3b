import fs from 'node:fs';
import path from 'node:path';
import { processIsAlive } from '../../shared/process-alive';
import type { ApiResult, Json } from './api';
import type { ConnectSnapshot } from './connect';
import type { TransfersSnapshot } from './transfers';

/**
 * The emulator's state in a file, so that `npm start` started again finds what Stripe would still
 * know: its keys, payment intents (a card form opened before the restart can still be paid),
 * charges, disputes, events and the webhooks not yet delivered, idempotency keys, the platform's
 * balance, connected accounts (a seller stays connected), their balances and bank payouts, and
 * transfers. What a test or a tool set for the moment (faults, latency, paused webhooks) and
 * account links (minutes long) start afresh.
 *
 * Written whole to a temporary file and renamed over the last one: a crash leaves the previous
 * state or the new one, never half of either. One write at a time; changes made during a write
 * are written by the next. One process at a time: the emulator that claims the file (a `.lock`
 * beside it, naming its process) reads and writes it; another, started meanwhile by a command
 * such as `npm run staff:create` while `npm start` runs, keeps its state in memory, so that it
 * never writes its stale copy over the running server's.
 */
export interface EmulatorState {
  version: typeof stateVersion;
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  paymentIntents: Json[];
  charges: Json[];
  disputes: Json[];
  /** Every event kept, oldest first. */
  events: Json[];
  /** Events whose webhook had not been answered 2xx when saved, in creation order: sent after a restart. */
  undelivered: string[];
  idempotency: [string, { fingerprint: string; result: ApiResult; savedAtMs: number }][];
  platformBalance: Record<string, number>;
  connect: ConnectSnapshot;
  transfers: TransfersSnapshot;
}

const stateVersion = 1;

/** How long changes gather before they are written: a burst of requests makes one write. */
const writeDelayMs = 200;

/**
 * Claims `file` for this process: true when no other live process holds it (a lock left by a
 * process that is gone is taken over), false when one does.
 */
export function claimStateFile(file: string): boolean {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.readFileSync(lock, 'utf8'));
    if (holder === process.pid || processIsAlive(holder)) return false;
    fs.rmSync(lock, { force: true });
  }
  return false;
}

/** Gives the file up (the emulator closed). */
export function releaseStateFile(file: string): void {
  const lock = `${file}.lock`;
  if (fs.existsSync(lock) && Number(fs.readFileSync(lock, 'utf8')) === process.pid) fs.rmSync(lock);
}

/**
 * The saved state, or undefined when there is none. A file that cannot be read as one (a version
 * of the emulator that no longer matches, a file edited by hand) is moved aside to
 * `<file>.unreadable-<time>` and the emulator starts empty: what it held is lost to this run, not
 * to whoever looks for it.
 */
export function readEmulatorState(
  file: string,
  log: (message: string, fields?: Record<string, unknown>) => void,
): EmulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = parseState(text);
  if (state) return state;
  const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, aside);
  log('Stripe emulator state unreadable: moved aside, starting empty', { file, movedTo: aside });
  return undefined;
}

function parseState(text: string): EmulatorState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<EmulatorState>;
  const lists = [state.paymentIntents, state.charges, state.disputes, state.events, state.undelivered];
  const keys = [state.secretKey, state.publishableKey, state.webhookSecret];
  const wellFormed =
    state.version === stateVersion &&
    keys.every((key) => typeof key === 'string' && key.length > 0) &&
    lists.every(Array.isArray) &&
    Array.isArray(state.idempotency) &&
    typeof state.platformBalance === 'object' &&
    state.platformBalance !== null &&
    Array.isArray(state.connect?.accounts) &&
    Array.isArray(state.connect?.payouts) &&
    typeof state.connect?.balances === 'object' &&
    Array.isArray(state.transfers?.transfers) &&
    Number.isSafeInteger(state.transfers?.reversalCount);
  return wellFormed ? (state as EmulatorState) : undefined;
}

/** Writes the emulator's state to its file a moment after it changed, one write at a time. */
export class EmulatorStateWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => EmulatorState,
    private readonly log: (message: string, fields?: Record<string, unknown>) => void,
  ) {}

  /** Something changed: write it soon. */
  changed(): void {
    this.dirty = true;
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, writeDelayMs);
    this.timer.unref();
  }

  /** Writes the state now, and waits until it is on disk (the emulator closing). */
  async writeNow(): Promise<void> {
    await this.writing;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
  }

  private write(): Promise<void> {
    this.dirty = false;
    const text = JSON.stringify(this.snapshot());
    const temporary = `${this.file}.${process.pid}.tmp`;
    this.writing = (async () => {
      try {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.writeFile(temporary, text, { mode: 0o600 });
        await fs.promises.rename(temporary, this.file);
      } catch (error) {
        // Kept running: the next change tries again; a restart before it would start from the last write.
        this.log('Stripe emulator state not saved', { file: this.file, err: error });
      } finally {
        this.writing = undefined;
        if (this.dirty) this.changed();
      }
    })();
    return this.writing;
  }
}
