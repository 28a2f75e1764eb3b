import { csrfHeader, readCsrfToken, refreshPath } from './session-cookies';

/**
 * The single in-flight refresh (issue 9, DESIGN.md "clients/shared").
 *
 * The access cookie lives a few minutes; when it lapses every operation in flight comes back
 * UNAUTHENTICATED at once. Refresh tokens rotate with reuse detection on the server: a second
 * `/auth/refresh` with the token another request just rotated would revoke the whole session. So:
 * - within a tab, every failure awaits one shared promise, and only one request leaves;
 * - across tabs (which share the cookies), the refresh runs under a Web Lock held by every tab of
 *   the origin, and a tab that gets the lock after another tab refreshed skips its own refresh.
 *   It knows in one of two ways: the time of the last refresh in localStorage (a failure of a
 *   request sent before it came from the old cookie, which is gone now), or, when it had to wait
 *   for the lock, a probe of the session (`me`) sent with the cookies as they are now, because
 *   localStorage reaches another tab's process asynchronously and may not have arrived yet (the
 *   browser tests saw that in 5 runs of 20) while the cookie store is shared at once;
 * - a refresh that the server refuses (401: the refresh token expired, was revoked or reused)
 *   signs the user out, once; the operations fail and are not retried again;
 * - the console and the buyer app are different origins, so no Web Lock spans them, while the
 *   browser gives both the same cookies: the server answers a token rotated a moment ago 409
 *   RACED (it issues nothing, and keeps the cookies). The client waits, asks whether the cookies
 *   now hold a live session (the other app's answer set them), and otherwise refreshes again:
 *   its waits add up to more than the server's grace, so a token a thief rotated first still ends
 *   the session (REUSED) on the owner's last retry.
 * A rotated token never works again: the server's grace only spares the session, never renews it.
 */
export type RefreshOutcome = 'REFRESHED' | 'SIGNED_OUT';

export interface LockState {
  /** Another holder had the lock when this tab asked for it: it may have just refreshed. */
  waited: boolean;
}

export interface TabCoordination {
  /** Runs `task` while holding a lock every tab of this origin shares. */
  withLock<T>(task: (state: LockState) => Promise<T>): Promise<T>;
  /** When any tab last refreshed the session (ms since the epoch), 0 if never. */
  lastRefreshedAt(): number;
  recordRefresh(at: number): void;
}

const lockName = 'codesale:session-refresh';
const refreshedAtKey = 'codesale:session-refreshed-at';

/** Web Locks and localStorage when the browser has them (secure contexts); a no-op otherwise. */
export function browserTabCoordination(): TabCoordination {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  const storage = typeof localStorage === 'undefined' ? undefined : localStorage;
  let localRefreshedAt = 0;
  return {
    withLock: async <T>(task: (state: LockState) => Promise<T>): Promise<T> => {
      if (!locks) return task({ waited: false });
      const immediate = (await locks.request(lockName, { ifAvailable: true }, async (lock) =>
        lock ? { value: await task({ waited: false }) } : null,
      )) as { value: T } | null;
      if (immediate) return immediate.value;
      return (await locks.request(lockName, () => task({ waited: true }))) as T;
    },
    lastRefreshedAt: () => Math.max(localRefreshedAt, Number(storage?.getItem(refreshedAtKey) ?? 0) || 0),
    recordRefresh: (at) => {
      localRefreshedAt = at;
      storage?.setItem(refreshedAtKey, String(at));
    },
  };
}

/**
 * The waits before each new attempt of a refresh answered 409 RACED. Together (7.75 s) they outlast
 * the server's grace (auth.service.ts refreshRaceGraceMs, 5 s), so the last attempt is answered
 * for good: renewed, or REUSED.
 */
export const racedRefreshDelaysMs = [250, 500, 1_000, 2_000, 4_000];

/** One tab only: the coordination of a process (tests, a server-side client). */
export function singleTabCoordination(): TabCoordination {
  let refreshedAt = 0;
  return {
    withLock: (task) => task({ waited: false }),
    lastRefreshedAt: () => refreshedAt,
    recordRefresh: (at) => {
      refreshedAt = at;
    },
  };
}

/** The refresh route did not answer (network, 5xx): the session may be fine; the user stays in. */
export class RefreshUnavailableError extends Error {
  constructor(readonly status: number | null) {
    super(
      status === null
        ? 'The server could not be reached to renew the session; check the connection and retry.'
        : `Renewing the session failed (HTTP ${status}); retry in a moment.`,
    );
    this.name = 'RefreshUnavailableError';
  }
}

export interface SessionRefresherOptions {
  /** Absolute or same-origin URL of the refresh route. */
  refreshUrl?: string;
  fetch?: typeof fetch;
  readCsrfToken?: () => string | undefined;
  coordination?: TabCoordination;
  now?: () => number;
  /** A refresh that takes longer fails as unavailable. */
  timeoutMs?: number;
  /**
   * Whether the cookies as they are now hold a live session: asked after waiting for the tab lock,
   * and after a refresh answered RACED, to learn whether another tab or app just renewed it.
   */
  probeSession?: () => Promise<boolean>;
  /** Waits `ms` (tests pass their own clock). */
  sleep?: (ms: number) => Promise<void>;
}

export type RefreshListener = (outcome: RefreshOutcome) => void;

export class SessionRefresher {
  private inFlight: Promise<RefreshOutcome> | null = null;
  private readonly listeners = new Set<RefreshListener>();
  private readonly refreshUrl: string;
  private readonly fetch: typeof fetch;
  private readonly readCsrfToken: () => string | undefined;
  private readonly coordination: TabCoordination;
  private readonly timeoutMs: number;
  private readonly probeSession: (() => Promise<boolean>) | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;

  constructor(options: SessionRefresherOptions = {}) {
    this.refreshUrl = options.refreshUrl ?? refreshPath;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.readCsrfToken = options.readCsrfToken ?? (() => readCsrfToken());
    this.coordination = options.coordination ?? browserTabCoordination();
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.probeSession = options.probeSession;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Called after each refresh (in this tab) with its outcome, before the waiting operations resume. */
  onRefresh(listener: RefreshListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Renews the session for a request that failed as unauthenticated. `sentAt` is when that request
   * left: a refresh finished since then (here or in another tab) already renewed its cookie.
   */
  refresh(sentAt: number): Promise<RefreshOutcome> {
    if (this.coordination.lastRefreshedAt() > sentAt) return Promise.resolve('REFRESHED');
    this.inFlight ??= this.coordination
      .withLock((lock) => this.refreshUnderLock(sentAt, lock))
      .then((outcome) => {
        for (const listener of this.listeners) listener(outcome);
        return outcome;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async refreshUnderLock(sentAt: number, lock: LockState): Promise<RefreshOutcome> {
    // Another tab may have refreshed while this one waited for the lock.
    if (this.coordination.lastRefreshedAt() > sentAt) return 'REFRESHED';
    if (lock.waited && this.probeSession && (await this.probeSession().catch(() => false))) {
      this.coordination.recordRefresh(this.now());
      return 'REFRESHED';
    }
    for (let attempt = 0; ; attempt++) {
      const status = await this.post();
      if (status === 'SIGNED_OUT') return 'SIGNED_OUT';
      if (status >= 200 && status < 300) {
        this.coordination.recordRefresh(this.now());
        return 'REFRESHED';
      }
      if (status === 401 || status === 403) return 'SIGNED_OUT';
      const delay = racedRefreshDelaysMs[attempt];
      if (status !== 409 || delay === undefined) throw new RefreshUnavailableError(status);
      // RACED: another tab or app of this browser renewed the session at this moment.
      await this.sleep(delay);
      if (this.probeSession && (await this.probeSession().catch(() => false))) {
        this.coordination.recordRefresh(this.now());
        return 'REFRESHED';
      }
    }
  }

  /** One POST to the refresh route: its status, or SIGNED_OUT when there is no CSRF cookie to send. */
  private async post(): Promise<number | 'SIGNED_OUT'> {
    const csrfToken = this.readCsrfToken();
    // The CSRF cookie lives exactly as long as the refresh token: without it nothing can be renewed.
    if (!csrfToken) return 'SIGNED_OUT';
    try {
      const response = await this.fetch(this.refreshUrl, {
        method: 'POST',
        credentials: 'include',
        headers: { [csrfHeader]: csrfToken },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return response.status;
    } catch {
      throw new RefreshUnavailableError(null);
    }
  }
}
