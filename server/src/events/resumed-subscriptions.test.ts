import crypto from 'node:crypto';
import type { Client } from 'graphql-ws';
import {
  firstWebsocketResult,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  websocketRoundTrip,
  type TestApp,
} from '../../test/harness';
import { withTransaction, type Tx } from '../db/transaction';
import { toGlobalId } from '../graphql/relay';
import { maxQueuedEvents } from './event-fan-out';
import { maxCatchUpEvents } from './pubsub';

const topic = 'VIEWER_EVENTS';

const viewerEventsQuery = (after?: string) =>
  `subscription { viewerEvents${after === undefined ? '' : `(after: "${after}")`} { subjectId cursor } }`;

interface ViewerEventView {
  subjectId: string;
  cursor: string;
}

describe('viewerEvents(after:)', () => {
  let testApp: TestApp;
  let user: Awaited<ReturnType<typeof signUp>>;
  let userRawId: string;
  const sockets: Client[] = [];

  const publishIn = (tx: Tx, subjectId: string) =>
    testApp.services.pubsub.publish(tx, topic, { kind: 'API_KEY_CREATED', subjectId }, userRawId);
  const publish = (...subjectIds: string[]) =>
    withTransaction(testApp.services.database, async (tx) => {
      for (const subjectId of subjectIds) await publishIn(tx, subjectId);
    });
  const subjects = (count: number) => Array.from({ length: count }, () => crypto.randomUUID());
  const globalIds = (ids: string[]) => ids.map((id) => toGlobalId('ApiKey', id));

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await signUp(testApp.baseUrl);
    userRawId = rawId(user.userId);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  function socket(): Client {
    const websocket = user.client.websocket();
    sockets.push(websocket);
    return websocket;
  }

  async function nextEvents(
    subscription: Awaited<ReturnType<typeof subscribe>>,
    count: number,
  ): Promise<ViewerEventView[]> {
    const events: ViewerEventView[] = [];
    for (let index = 0; index < count; index++) {
      const result = await within(10_000, subscription.next(), `event ${index + 1} of ${count}`);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      events.push(result.data!['viewerEvents'] as ViewerEventView);
    }
    return events;
  }

  /** A cursor at the current end of the viewer's events: an event received live. */
  async function currentCursor(): Promise<string> {
    const websocket = socket();
    const live = await subscribe(websocket, viewerEventsQuery());
    await publish(crypto.randomUUID());
    const [event] = await nextEvents(live, 1);
    live.unsubscribe();
    return event!.cursor;
  }

  it('replays exactly the events committed while the client was away, then live ones, none twice', async () => {
    // given a console that received event A over one connection, then lost it
    const first = socket();
    const live = await subscribe(first, viewerEventsQuery());
    const [a, b, c, d, e] = subjects(5);
    await publish(a!);
    const [received] = await nextEvents(live, 1);
    expect(received!.subjectId).toBe(toGlobalId('ApiKey', a!));
    await first.dispose();

    // when B and C commit while it is away, and D's transaction rolls back
    await publish(b!);
    await publish(c!);
    const rolledBack = withTransaction(testApp.services.database, async (tx) => {
      await publishIn(tx, d!);
      throw new Error('the work failed after publishing');
    });
    await expect(rolledBack).rejects.toThrow('the work failed after publishing');

    // and it subscribes again over a new connection, after A's cursor
    const resumed = await subscribe(socket(), viewerEventsQuery(received!.cursor));

    // then it receives B and C first, then E, committed live
    const missed = await nextEvents(resumed, 2);
    expect(missed.map((event) => event.subjectId)).toEqual(globalIds([b!, c!]));
    await publish(e!);
    const [next] = await nextEvents(resumed, 1);
    expect(next!.subjectId).toBe(toGlobalId('ApiKey', e!));

    // and nothing else, nothing twice
    await websocketRoundTrip(sockets.at(-1)!);
    expect(resumed.results).toHaveLength(3);
    expect(new Set([received, ...missed, next].map((event) => event!.cursor)).size).toBe(4);
  });

  it('replays missed events in commit order, also when a transaction that published first commits last', async () => {
    // given a console's last cursor, and a live subscriber
    const after = await currentCursor();
    const live = await subscribe(socket(), viewerEventsQuery());

    // when transaction 1 publishes P, then transaction 2 publishes Q and commits, then transaction 1 commits
    const [p, q] = subjects(2);
    let published!: () => void;
    const firstPublished = new Promise<void>((resolve) => (published = resolve));
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const first = withTransaction(testApp.services.database, async (tx) => {
      await publishIn(tx, p!);
      published();
      await mayCommit;
    });
    await firstPublished;
    await publish(q!);
    commit();
    await first;

    // then the live subscriber receives Q then P, and so does a console resuming from the cursor
    expect((await nextEvents(live, 2)).map((event) => event.subjectId)).toEqual(globalIds([q!, p!]));
    const resumed = await subscribe(socket(), viewerEventsQuery(after));
    expect((await nextEvents(resumed, 2)).map((event) => event.subjectId)).toEqual(globalIds([q!, p!]));
  });

  it('refuses a malformed cursor with BAD_USER_INPUT', async () => {
    for (const after of ['abc', '-1', '1.5', '01', '99999999999999999999']) {
      const result = await firstWebsocketResult(socket(), viewerEventsQuery(after));
      expect({ after, code: result.errors?.[0]?.extensions?.['code'] }).toEqual({
        after,
        code: 'BAD_USER_INPUT',
      });
    }
  });

  it(`answers EVENT_CURSOR_EXPIRED for a cursor more than ${maxCatchUpEvents} events back, or beyond the last event`, async () => {
    // given a cursor, and more events than a resumed subscription catches up
    const after = await currentCursor();
    await publish(...subjects(maxCatchUpEvents + 1));

    // when a console resumes from it, or from a cursor no event has reached
    const tooFarBehind = await firstWebsocketResult(socket(), viewerEventsQuery(after));
    const unknown = await firstWebsocketResult(socket(), viewerEventsQuery('9000000000000'));

    // then it is told to reload
    expect(tooFarBehind.errors?.[0]?.extensions?.['code']).toBe('EVENT_CURSOR_EXPIRED');
    expect(tooFarBehind.errors?.[0]?.message).toMatch(/reload/);
    expect(unknown.errors?.[0]?.extensions?.['code']).toBe('EVENT_CURSOR_EXPIRED');
  });

  it(`cuts a subscriber off once more than ${maxQueuedEvents} events wait for it, rather than dropping some`, async () => {
    // given a subscription whose consumer reads nothing
    const result = await testApp.services.pubsub.resume({
      topic,
      scopeId: userRawId,
      after: null,
      accept: () => true,
    });
    if (!('events' in result)) throw new Error('a live subscription cannot expire');

    // when more events than its queue holds are delivered
    await publish(...subjects(maxQueuedEvents + 1));
    await testApp.services.pubsub.flush();

    // then it yields a lagged marker (the resolver's EVENT_SUBSCRIBER_LAGGED) and ends
    expect(await result.events.next()).toEqual({ value: { lagged: true }, done: false });
    expect(await result.events.next()).toEqual({ value: undefined, done: true });
  });
});

/** `promise`, or a failure naming what did not arrive within `milliseconds` (a bound, not a synchronisation). */
async function within<T>(milliseconds: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not arrive within ${milliseconds} ms`)),
      milliseconds,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
