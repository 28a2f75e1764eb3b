import { limits } from './api';

/**
 * Faults injected into the emulator's API (`/v1/...`), for tests and the benchmark:
 * - `latency`: the request waits `ms` more before it is handled;
 * - `error_before_apply`: answered 500 `api_error`, nothing applied, nothing kept for its idempotency key;
 * - `response_lost`: applied in full (its idempotent result kept, its events sent), then the
 *   connection is destroyed without an answer: the client sees a connection error (ECONNRESET).
 *   stripe-node retries a closed connection once even with `maxNetworkRetries: 0` (with the same
 *   idempotency key, so the retry gets the first result): to make the caller see the failure,
 *   lose max(maxNetworkRetries, 1) + 1 responses (`times`).
 * `path` is an exact path or a prefix of whole segments (`/v1/transfers` matches `/v1/transfers/tr_1/reversals`).
 */
export type EmulatorFault = { method: 'GET' | 'POST' | 'DELETE'; path: string } & (
  { kind: 'latency'; ms: number } | { kind: 'error_before_apply' } | { kind: 'response_lost' }
);

export interface ScheduledFault {
  fault: EmulatorFault;
  /** Requests it still applies to. */
  remaining: number;
}

export class FaultPlan {
  private readonly scheduled: ScheduledFault[] = [];

  /** Throws on a fault it cannot apply (a programming error in the test that asks). */
  inject(fault: EmulatorFault, times = 1): void {
    if (!['GET', 'POST', 'DELETE'].includes(fault.method)) throw new Error(`unknown method ${fault.method}`);
    if (!/^\/v1(\/[A-Za-z0-9_.-]+)*$/.test(fault.path))
      throw new Error(`a fault path is an API path (/v1/...), not ${fault.path}`);
    if (!['latency', 'error_before_apply', 'response_lost'].includes(fault.kind))
      throw new Error(`unknown fault kind ${String(fault.kind)}`);
    if (fault.kind === 'latency' && !isWholeNumberUpTo(fault.ms, limits.maxLatencyMs))
      throw new Error(`latency is 0..${limits.maxLatencyMs} ms`);
    if (!isWholeNumberUpTo(times, limits.maxFaultTimes) || times < 1)
      throw new Error(`a fault applies 1..${limits.maxFaultTimes} times`);
    if (this.scheduled.length >= limits.maxFaults) throw new Error(`at most ${limits.maxFaults} faults`);
    this.scheduled.push({ fault: { ...fault }, remaining: times });
  }

  /** The first fault scheduled for this request, counted as applied; null when none. */
  take(method: string, path: string): EmulatorFault | null {
    const index = this.scheduled.findIndex(
      ({ fault }) => fault.method === method && matches(fault.path, path),
    );
    if (index < 0) return null;
    const scheduled = this.scheduled[index]!;
    scheduled.remaining--;
    if (scheduled.remaining === 0) this.scheduled.splice(index, 1);
    return scheduled.fault;
  }

  list(): ScheduledFault[] {
    return this.scheduled.map(({ fault, remaining }) => ({ fault: { ...fault }, remaining }));
  }

  clear(): void {
    this.scheduled.length = 0;
  }
}

function matches(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function isWholeNumberUpTo(value: unknown, maximum: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= maximum;
}
