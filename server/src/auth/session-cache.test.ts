import pg from 'pg';
import {
  createStaff,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  startTestAppOnDatabase,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { withTransaction } from '../db/transaction';
import { listenerApplicationName, type DeliveryObserver } from '../events/pubsub';
import { SessionCache } from './session-cache';
import { Role } from './roles';

/**
 * Issue 11.3: each instance caches open sessions, and the revocation events keep the cache honest.
 * Two instances on one database: a session cached on B is revoked through A (or by a change to
 * its user), B's listener delivers the event once, and B's next request with it is refused.
 */

const meQuery = '{ me { id } }';

let instanceA: TestApp;
let instanceB: TestApp;

beforeAll(async () => {
  instanceA = await startTestApp();
  instanceB = await startTestAppOnDatabase(instanceA.config.database.url!);
});
afterAll(async () => {
  await instanceB.close();
  await instanceA.close();
});

/** The same browser session, sent to another instance (behind a load balancer). */
function on(instance: TestApp, client: TestClient): TestClient {
  const copy = new TestClient(instance.baseUrl);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}

/** Counts the clients `instance` checks out of its pool (each query or transaction takes one). */
function poolCheckouts(instance: TestApp): { count(): number; stop(): void } {
  let count = 0;
  const onAcquire = () => count++;
  instance.database.$client.on('acquire', onAcquire);
  return { count: () => count, stop: () => instance.database.$client.off('acquire', onAcquire) };
}

/** Signs `client` in on B and checks, with B's pool, that its session check is now answered from B's cache. */
async function cachedOnB(client: TestClient, userId: string): Promise<TestClient> {
  const onB = on(instanceB, client);
  expect((await onB.data(meQuery)).me.id).toBe(userId);
  const checkouts = poolCheckouts(instanceB);
  try {
    expect(await onB.data('{ __typename }')).toEqual({ __typename: 'Query' });
    expect(checkouts.count()).toBe(0);
  } finally {
    checkouts.stop();
  }
  return onB;
}

const overrideMutation = `mutation ($input: OverrideRiskTierInput!) {
  overrideRiskTier(input: $input) { riskProfile { tier } errors { code } }
}`;

describe('a session cached on instance B', () => {
  it('given a cached session, when it asks again, then neither the session check nor `me` makes a database round trip', async () => {
    const { client, userId } = await signUp(instanceA.baseUrl, { displayName: 'Cached Caty' });
    const onB = on(instanceB, client);
    const checkouts = poolCheckouts(instanceB);
    try {
      // The first request reads the session with its user, once.
      expect((await onB.data(meQuery)).me.id).toBe(userId);
      expect(checkouts.count()).toBe(1);

      for (let index = 0; index < 5; index++) {
        expect(await onB.data('{ __typename }')).toEqual({ __typename: 'Query' });
      }
      expect(await onB.data('{ me { id email displayName roles createdAt } }')).toEqual({
        me: {
          id: userId,
          email: expect.stringContaining('@example.test'),
          displayName: 'Cached Caty',
          roles: ['BUYER'],
          createdAt: expect.any(String),
        },
      });
      expect(checkouts.count()).toBe(1);
    } finally {
      checkouts.stop();
    }
  });

  it("given a cached session, when its user's display name changes in the database, then after one event delivery `me` on B shows the new one", async () => {
    const { client, userId } = await signUp(instanceA.baseUrl, { displayName: 'Before' });
    const onB = await cachedOnB(client, userId);
    expect((await onB.data('{ me { displayName } }')).me.displayName).toBe('Before');

    await queryDatabase(instanceA, `update users set display_name = 'After' where id = $1`, [rawId(userId)]);
    await instanceB.services.pubsub.flush();

    expect((await onB.data('{ me { displayName } }')).me.displayName).toBe('After');
  });

  it.each([
    [
      'it logs out through A',
      async (client: TestClient) => {
        await client.data('mutation { logOut { loggedOut } }');
      },
    ],
    [
      'another session of the user logs out everywhere through A',
      async (_client: TestClient, account: { email: string; password: string }) => {
        const other = new TestClient(instanceA.baseUrl);
        await logIn(other, account.email, account.password);
        await other.data('mutation { logOut(input: { allSessions: true }) { loggedOut } }');
      },
    ],
    [
      'another session of the user revokes it through A',
      async (client: TestClient, account: { email: string; password: string }) => {
        const { mySessions } = await client.data<{ mySessions: { id: string; current: boolean }[] }>(
          '{ mySessions { id current } }',
        );
        const current = mySessions.find((session) => session.current)!;
        const other = new TestClient(instanceA.baseUrl);
        await logIn(other, account.email, account.password);
        const answer = await other.data(
          'mutation ($id: ID!) { revokeSession(input: { sessionId: $id }) { errors { code } } }',
          { id: current.id },
        );
        expect(answer.revokeSession.errors).toEqual([]);
      },
    ],
    [
      'an admin bans the user through A',
      async (_client: TestClient, account: { userId: string }) => {
        const admin = await createStaff(instanceA, ['ADMIN']);
        const answer = await admin.client.data(overrideMutation, {
          input: {
            userId: account.userId,
            role: 'BUYER',
            tier: 'BANNED',
            reason: 'Confirmed fraud',
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
          },
        });
        expect(answer.overrideRiskTier.errors).toEqual([]);
      },
    ],
    [
      'its account is disabled in the database (an operator, no application code)',
      async (_client: TestClient, account: { userId: string }) => {
        await queryDatabase(instanceA, `update users set status = 'DISABLED' where id = $1`, [
          rawId(account.userId),
        ]);
      },
    ],
  ])(
    'when %s, then after one event delivery on B its next request on B is anonymous',
    async (_case, revoke) => {
      // given a session whose check B answers from its cache
      const account = await signUp(instanceA.baseUrl);
      const onB = await cachedOnB(account.client, account.userId);

      // when it is revoked through A, and B's listener delivers what committed
      await revoke(account.client, account);
      await instanceB.services.pubsub.flush();

      // then B refuses it: the request is anonymous
      expect((await onB.data(meQuery)).me).toBeNull();
    },
  );

  it('given a cached support session, when its SUPPORT role is removed in the database, then after one event delivery B refuses the staff query', async () => {
    const staff = await createStaff(instanceA, ['SUPPORT']);
    const { me } = await staff.client.data<{ me: { id: string } }>(meQuery);
    const onB = await cachedOnB(staff.client, me.id);
    const staffQuery = 'query ($id: ID!) { user(id: $id) { id } }';
    expect((await onB.data(staffQuery, { id: me.id })).user.id).toBe(me.id);

    await queryDatabase(instanceA, `update users set roles = '{BUYER}' where id = $1`, [rawId(me.id)]);
    await instanceB.services.pubsub.flush();

    const refused = await onB.graphql(staffQuery, { id: me.id });
    expect(refused.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
  });

  it('given a session cached on the instance that revokes it, then its next request there is refused at once, before any event delivery', async () => {
    // given a session whose check A answers from its cache (a second copy of the cookies keeps them after log-out)
    const { client, userId } = await signUp(instanceA.baseUrl);
    const sameSessionOnA = on(instanceA, client);
    expect((await sameSessionOnA.data(meQuery)).me.id).toBe(userId);

    // when it logs out through A, then A refuses it on the next request, without waiting for the event
    await client.data('mutation { logOut { loggedOut } }');
    expect((await sameSessionOnA.data(meQuery)).me).toBeNull();
  });

  it('given a request that read the session while its revocation had not committed, then the cache does not serve it once the revocation has', async () => {
    // given a session, and its revocation on A in a transaction that has not committed
    const { client, userId } = await signUp(instanceA.baseUrl);
    const sameSessionOnA = on(instanceA, client);
    const [session] = await queryDatabase(instanceA, 'select id from sessions where user_id = $1', [
      rawId(userId),
    ]);
    const viewer = { via: 'session', sessionId: session!['id'], userId: rawId(userId) } as const;
    await withTransaction(instanceA.database, async (tx) => {
      await instanceA.services.auth.revokeAllSessions(tx, rawId(userId), 'TEST_REVOKED');
      // when a request of the session is checked meanwhile: it reads the session as still open
      expect((await sameSessionOnA.data(meQuery)).me.id).toBe(userId);
    });
    // then, as the revocation's answer would leave (no event delivered yet), A's cache does not
    // hold the session, and its next request is refused
    expect(instanceA.services.auth.cachedViewerUser(viewer as never)).toBeUndefined();
    expect((await sameSessionOnA.data(meQuery)).me).toBeNull();
  });

  it("given two users' cached sessions, when one is revoked, then the other stays cached", async () => {
    const revoked = await signUp(instanceA.baseUrl);
    const kept = await signUp(instanceA.baseUrl);
    const revokedOnB = await cachedOnB(revoked.client, revoked.userId);
    const keptOnB = await cachedOnB(kept.client, kept.userId);

    await revoked.client.data('mutation { logOut { loggedOut } }');
    await instanceB.services.pubsub.flush();

    expect((await revokedOnB.data(meQuery)).me).toBeNull();
    const checkouts = poolCheckouts(instanceB);
    try {
      expect(await keptOnB.data('{ __typename }')).toEqual({ __typename: 'Query' });
      expect(checkouts.count()).toBe(0);
    } finally {
      checkouts.stop();
    }
  });
});

describe("while B's listener is disconnected", () => {
  it('given a cached session, when the listener loses its connection and cannot reconnect, then every request reads the database (a revocation it cannot hear of is seen) until it has caught up', async () => {
    const databaseName = new URL(instanceA.config.database.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: instanceA.config.database.url! });
    await admin.connect();
    // A database's connections are allowed or not from another database of the server.
    const server = new pg.Client({ connectionString: process.env['TEST_DATABASE_SERVER_URL']! });
    await server.connect();
    const allowConnections = (allow: boolean) =>
      server.query(`alter database "${databaseName}" with allow_connections ${allow}`);
    const account = await signUp(instanceA.baseUrl);
    const onB = await cachedOnB(account.client, account.userId);
    // B's pool keeps a connection open while new ones are refused below.
    const states: string[] = [];
    let caughtUp!: () => void;
    const current = new Promise<void>((resolve) => (caughtUp = resolve));
    let lost!: () => void;
    const behind = new Promise<void>((resolve) => (lost = resolve));
    const observer: DeliveryObserver = {
      event: () => undefined,
      behind: () => {
        states.push('behind');
        lost();
      },
      current: () => {
        states.push('current');
        if (states.includes('behind')) caughtUp();
      },
    };
    const stopObserving = instanceB.services.pubsub.observeDelivery(observer);
    try {
      // when no new connection may open, and the listeners' connections are killed
      await allowConnections(false);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and application_name = $1`,
        [listenerApplicationName],
      );
      await behind;

      // then each request reads its session from the database
      const checkouts = poolCheckouts(instanceB);
      try {
        expect(await onB.data('{ __typename }')).toEqual({ __typename: 'Query' });
        expect(await onB.data('{ __typename }')).toEqual({ __typename: 'Query' });
        expect(checkouts.count()).toBe(2);
      } finally {
        checkouts.stop();
      }
      // and a revocation whose event could not be heard yet is refused at once
      await admin.query(
        `update sessions set revoked_at = now(), revoked_reason = 'TEST' where user_id = $1`,
        [rawId(account.userId)],
      );
      expect((await onB.data(meQuery)).me).toBeNull();
      expect(states).toEqual(['current', 'behind']);

      // when the listener reconnects and catches up, then the session stays refused
      await allowConnections(true);
      await current;
      expect((await onB.data(meQuery)).me).toBeNull();
      // and a new session is cached again
      const again = new TestClient(instanceA.baseUrl);
      await logIn(again, account.email, account.password);
      await cachedOnB(again, account.userId);
    } finally {
      stopObserving();
      await allowConnections(true);
      await server.end();
      await admin.end();
    }
  });
});

describe('SessionCache', () => {
  const userId = '00000000-0000-4000-8000-000000000001';
  const event = (topic: string, payload: unknown) => ({ sequence: 1n, topic, scopeId: null, payload });
  const user = (id: string) => ({
    id,
    email: 'someone@example.test',
    displayName: 'Someone',
    roles: [Role.BUYER],
    createdAt: new Date(0),
  });
  const rolesOf = (found: { roles: Role[] } | undefined) => found?.roles;

  function cache(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
    let now = 1_000_000;
    const sessions = new SessionCache({
      maxEntries: options.maxEntries ?? 10,
      maxAgeMs: options.maxAgeMs ?? 60_000,
      now: () => now,
    });
    sessions.current();
    return {
      sessions,
      advance: (ms: number) => (now += ms),
      store: (sessionId: string, notAfter = now + 900_000, owner = userId) =>
        sessions.store(sessions.stamp(), sessionId, user(owner), notAfter),
    };
  }

  it('trusts an entry until its access token expires, and never longer than the maximum age', () => {
    const { sessions, advance, store } = cache({ maxAgeMs: 60_000 });
    store('token-bound', 1_000_000 + 30_000);
    store('age-bound');
    advance(29_999);
    expect(rolesOf(sessions.get('token-bound', userId))).toEqual([Role.BUYER]);
    advance(1);
    expect(sessions.get('token-bound', userId)).toBeUndefined();
    expect(rolesOf(sessions.get('age-bound', userId))).toEqual([Role.BUYER]);
    advance(30_000);
    expect(sessions.get('age-bound', userId)).toBeUndefined();
  });

  it('answers only for the session’s own user', () => {
    const { sessions, store } = cache();
    store('s1');
    expect(sessions.get('s1', '00000000-0000-4000-8000-000000000002')).toBeUndefined();
  });

  it('keeps at most maxEntries sessions, dropping the least recently used', () => {
    const { sessions, store } = cache({ maxEntries: 2 });
    store('s1');
    store('s2');
    sessions.get('s1', userId);
    store('s3');
    expect(sessions.size).toBe(2);
    expect(sessions.get('s2', userId)).toBeUndefined();
    expect(rolesOf(sessions.get('s1', userId))).toEqual([Role.BUYER]);
  });

  it('does not store a read that raced an invalidation', () => {
    const { sessions } = cache();
    const stamp = sessions.stamp();
    sessions.event(event('SESSIONS_REVOKED', { userId, sessionId: 's1' }));
    sessions.store(stamp, 's1', user(userId), Number.MAX_SAFE_INTEGER);
    expect(sessions.get('s1', userId)).toBeUndefined();
  });

  it('forgets one session, every session of a user, or the user whose access changed', () => {
    const { sessions, store } = cache();
    const other = '00000000-0000-4000-8000-000000000002';
    store('s1');
    store('s2');
    store('s3', undefined, other);
    sessions.event(event('SESSIONS_REVOKED', { userId, sessionId: 's1' }));
    expect([sessions.get('s1', userId), rolesOf(sessions.get('s2', userId))]).toEqual([
      undefined,
      [Role.BUYER],
    ]);
    sessions.event(event('SESSIONS_REVOKED', { userId, sessionId: null }));
    expect(sessions.get('s2', userId)).toBeUndefined();
    store('s2');
    sessions.event(event('USER_CHANGED', { userId }));
    expect(sessions.get('s2', userId)).toBeUndefined();
    expect(rolesOf(sessions.get('s3', other))).toEqual([Role.BUYER]);
    sessions.event(event('OTHER_TOPIC', { userId: other }));
    expect(rolesOf(sessions.get('s3', other))).toEqual([Role.BUYER]);
  });

  it('while delivery is behind: empty, not read, not filled', () => {
    const { sessions, store } = cache();
    store('s1');
    const stamp = sessions.stamp();
    sessions.behind();
    sessions.store(stamp, 's1', user(userId), Number.MAX_SAFE_INTEGER);
    store('s2');
    expect(sessions.size).toBe(0);
    sessions.current();
    expect(sessions.get('s1', userId)).toBeUndefined();
  });
});
