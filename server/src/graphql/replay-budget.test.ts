import crypto from 'node:crypto';
import type { Client } from 'graphql-ws';
import {
  firstWebsocketResult,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  type TestApp,
} from '../../test/harness';
import { withTransaction } from '../db/transaction';
import { ReplayBudget } from './replay-budget';

describe('ReplayBudget', () => {
  it('lets a holder replay a minute of events at once, then refills evenly, and keeps holders apart', () => {
    let nowMs = 0;
    const budget = new ReplayBudget(600, () => nowMs);

    expect(budget.take('a', 400)).toBeNull();
    expect(budget.take('a', 300)).toBe(10); // 100 missing, at 10 a second
    expect(budget.take('b', 600)).toBeNull();
    nowMs += 10_000;
    expect(budget.take('a', 300)).toBeNull();
    expect(budget.take('a', 1)).toBe(1);
    // A replay larger than a minute's budget waits for a full bucket, not forever.
    nowMs += 60_000;
    expect(budget.take('a', 5_000)).toBeNull();
  });

  it('forgets the longest-unused holders past its bound (a forgotten holder starts full)', () => {
    const budget = new ReplayBudget(100, () => 0, 2);
    expect(budget.take('a', 100)).toBeNull();
    expect(budget.take('b', 100)).toBeNull();
    expect(budget.take('c', 100)).toBeNull();
    expect(budget.take('a', 100)).toBeNull();
    expect(budget.take('c', 1)).not.toBeNull();
  });
});

describe('resumed subscriptions past the replay budget', () => {
  let testApp: TestApp;
  const sockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp({ GRAPHQL_WS_REPLAY_EVENTS_PER_MINUTE: '1000' });
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** `count` viewer events of the user, published in one transaction. */
  async function publish(userRawId: string, count: number): Promise<void> {
    await withTransaction(testApp.services.database, async (tx) => {
      for (let index = 0; index < count; index++) {
        await testApp.services.pubsub.publish(
          tx,
          'VIEWER_EVENTS',
          { kind: 'API_KEY_CREATED', subjectId: crypto.randomUUID() },
          userRawId,
        );
      }
    });
  }

  it("refuses a replay that would pass the user's budget with RATE_LIMITED, while others replay and live subscriptions go on", async () => {
    // given a user with a cursor, 600 events after it, and another user with events of their own
    const user = await signUp(testApp.baseUrl);
    const other = await signUp(testApp.baseUrl);
    const socket = (client: typeof user.client) => {
      const websocket = client.websocket();
      sockets.push(websocket);
      return websocket;
    };
    const query = (after: string) => `subscription { viewerEvents(after: "${after}") { cursor } }`;
    const live = await subscribe(socket(user.client), 'subscription { viewerEvents { cursor } }');
    await publish(rawId(user.userId), 1);
    const after = ((await live.next()).data!['viewerEvents'] as { cursor: string }).cursor;
    await publish(rawId(user.userId), 600);
    await publish(rawId(other.userId), 600);

    // when the user resumes from it twice within the minute (1,200 events against 1,000)
    const first = await firstWebsocketResult(socket(user.client), query(after));
    const second = await firstWebsocketResult(socket(user.client), query(after));

    // then the first replays, the second is refused with when to retry
    expect(first.errors).toBeUndefined();
    expect(second.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/Too many missed events replayed/),
        extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) }),
      }),
    ]);
    // and another user's replay is theirs to spend, and the user's live subscription still hears events
    const theirs = await firstWebsocketResult(socket(other.client), query(after));
    expect(theirs.errors).toBeUndefined();
    await publish(rawId(user.userId), 1);
    expect(live.results.length).toBeGreaterThanOrEqual(1);
    expect((await live.next()).errors).toBeUndefined();
  });
});
