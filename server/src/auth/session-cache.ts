import type { DeliveredEvent } from '../events/event-fan-out';
import type { DeliveryObserver } from '../events/pubsub';
import type { Role } from './roles';
import {
  sessionsRevokedTopic,
  userChangedTopic,
  type SessionsRevoked,
  type UserChanged,
} from './session-events';

/**
 * Open sessions as this instance last read them (session id → its user: id, roles, and the profile
 * `me` shows), so that a request with a cached session makes no database round trip to check it,
 * and `me` none to show it.
 *
 * Fresh because the events say when it is not: every change to what the session check reads
 * publishes an event in the changing transaction, which every instance's listener delivers:
 * SESSIONS_REVOKED (one session, or all of a user's) and USER_CHANGED (status, roles or profile,
 * published by a trigger on `users`). The cache drops what an event names as the event is
 * delivered (synchronously, before `pubsub.flush()` resolves), so a revoked session is refused on
 * every instance within one event delivery.
 *
 * Trusted only while delivery is current (DeliveryObserver): when the listener loses its connection
 * or a read fails, events may arrive late, so the cache empties and is neither read nor filled
 * until a read after the reconnect has caught up. A database read that raced an event is not stored
 * (`stamp`/`store`): any invalidation between the stamp and the store discards the answer.
 *
 * Bounded: at most `maxEntries` sessions (least recently used leave first), each trusted until the
 * access token it was read for expires and at most `maxAgeMs` after it was read (a safety net for a
 * notification lost on a half-open connection: the listener also polls every 10 s). Only open
 * sessions of active users are stored, never a refusal, and only after the access token verified:
 * nobody without a signed token can make it grow.
 */

export interface SessionCacheOptions {
  maxEntries: number;
  maxAgeMs: number;
  /** The clock, in ms since the epoch (tests move it). */
  now?: () => number;
}

/** At most this many sessions per instance: about 200 bytes each. */
export const sessionCacheMaxEntries = 10_000;
/**
 * An entry is read again from the database at least this often, whatever the events say: the bound
 * on staleness if a notification were lost without the connection failing, between two polls.
 */
export const sessionCacheMaxAgeMs = 60_000;

/** A session's user as the session check reads it: what `me` shows, and the roles it acts with. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  createdAt: Date;
}

interface Entry {
  user: SessionUser;
  /** ms since the epoch: no longer trusted from then on. */
  until: number;
}

export class SessionCache implements DeliveryObserver {
  private readonly entries = new Map<string, Entry>();
  private trusted = false;
  /** Bumped by every invalidation: a read stamped before one is not stored. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: SessionCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The session's user if it is cached, trusted and is `userId`; undefined otherwise. */
  get(sessionId: string, userId: string): SessionUser | undefined {
    if (!this.trusted) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.user.id !== userId || entry.until <= this.now()) {
      this.entries.delete(sessionId);
      return undefined;
    }
    // Most recently used last: Map iteration order is insertion order.
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    return { ...entry.user, roles: [...entry.user.roles] };
  }

  /** Taken before reading a session from the database; hand it to `store` with the answer. */
  stamp(): number | null {
    return this.trusted ? this.generation : null;
  }

  /**
   * Stores an open session read after `stamp`, unless something was invalidated since (the read
   * may have raced a revocation whose event was delivered meanwhile) or delivery is behind.
   * `notAfter`: when the access token it was read for expires (ms since the epoch).
   */
  store(stamp: number | null, sessionId: string, user: SessionUser, notAfter: number) {
    if (stamp === null || stamp !== this.generation || !this.trusted) return;
    const until = Math.min(notAfter, this.now() + this.options.maxAgeMs);
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { user: { ...user, roles: [...user.roles] }, until });
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  event(event: DeliveredEvent): void {
    if (event.topic === sessionsRevokedTopic) {
      const revoked = event.payload as Partial<SessionsRevoked> | null;
      // An API key's revocation names no session; forgetting the user's sessions too costs one read.
      if (typeof revoked?.sessionId === 'string' && revoked.apiKeyId === undefined) {
        this.forgetSession(revoked.sessionId);
      } else {
        this.forgetUser(revoked?.userId);
      }
    } else if (event.topic === userChangedTopic) {
      this.forgetUser((event.payload as Partial<UserChanged> | null)?.userId);
    }
  }

  current(): void {
    this.trusted = true;
  }

  behind(): void {
    this.trusted = false;
    this.clear();
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /**
   * Forgets one session now. AuthService calls it (and `forgetUser`) on this instance as it revokes,
   * and again once the revoking transaction has committed (a read that raced the uncommitted
   * revocation is dropped), so that this instance's next request after the commit reads the
   * database; the event does it on every instance (and here again) once delivered.
   */
  forgetSession(sessionId: string): void {
    this.generation++;
    this.entries.delete(sessionId);
  }

  /** Forgets every session of the user; of everybody when the event names nobody (never expected). */
  forgetUser(userId: unknown): void {
    if (typeof userId !== 'string') {
      this.clear();
      return;
    }
    this.generation++;
    // Rare (log-out everywhere, a ban, a role change): a scan of at most maxEntries.
    for (const [sessionId, entry] of this.entries) {
      if (entry.user.id === userId) this.entries.delete(sessionId);
    }
  }
}
