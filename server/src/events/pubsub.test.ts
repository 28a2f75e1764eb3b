import { sql } from 'drizzle-orm';
import type { Client } from 'graphql-ws';
import { signUp, startTestApp, startTestAppOnDatabase, type TestApp } from '../../test/harness';
import { withTransaction } from '../db/transaction';
import { fromGlobalId, toGlobalId } from '../graphql/relay';

const topic = 'VIEWER_EVENTS';
const probeId = '00000000-0000-4000-8000-000000000000';
const subjectA = '11111111-1111-4111-8111-111111111111';
const subjectB = '22222222-2222-4222-8222-222222222222';

interface ViewerEvent {
  kind: string;
  subjectId: string;
}

/** A live `viewerEvents` subscription: what it has received, in order, and a way to wait for the next real event. */
class ViewerEvents {
  private readonly received: ViewerEvent[] = [];
  private taken = 0;
  private failure: unknown;
  private wake: () => void = () => undefined;
  readonly dispose: () => void;

  constructor(websocket: Client) {
    this.dispose = websocket.subscribe<{ viewerEvents: ViewerEvent }>(
      { query: 'subscription { viewerEvents { kind subjectId } }' },
      {
        next: (result) => {
          if (result.errors || !result.data) this.failure = result.errors;
          else this.received.push(result.data.viewerEvents);
          this.wake();
        },
        error: (error) => {
          this.failure = error;
          this.wake();
        },
        complete: () => undefined,
      },
    );
  }

  /**
   * graphql-ws does not acknowledge a subscription, so publish committed probe events until a new
   * one arrives: from then on, every committed event reaches this subscriber.
   */
  async ready(publishProbe: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + 10_000;
    const before = this.received.length;
    while (this.received.length === before) {
      if (this.failure) throw new Error(`subscription failed: ${JSON.stringify(this.failure)}`);
      if (Date.now() > deadline) throw new Error('no probe event arrived within 10 s');
      await publishProbe();
    }
  }

  /** The next event that is not a probe. */
  async next(): Promise<ViewerEvent> {
    for (;;) {
      if (this.failure) throw new Error(`subscription failed: ${JSON.stringify(this.failure)}`);
      const event = this.received[this.taken];
      if (event) {
        this.taken++;
        if (event.subjectId !== toGlobalId('ApiKey', probeId)) return event;
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

describe('PostgresPubSub.publish', () => {
  let testApp: TestApp;
  let websocket: Client;
  let events: ViewerEvents;
  let userRawId: string;

  const publish = (app: TestApp, subjectId: string) =>
    withTransaction(app.services.database, (tx) =>
      app.services.pubsub.publish(tx, topic, { kind: 'API_KEY_CREATED', subjectId }, userRawId),
    );

  beforeAll(async () => {
    testApp = await startTestApp();
    const user = await signUp(testApp.baseUrl);
    userRawId = fromGlobalId(user.userId, 'User')!;
    websocket = user.client.websocket();
    events = new ViewerEvents(websocket);
    await events.ready(() => publish(testApp, probeId));
  });
  afterAll(async () => {
    events.dispose();
    await websocket.dispose();
    await testApp.close();
  });

  it('delivers an event when its transaction commits, not when it is published', async () => {
    // given an open transaction that has published event A
    await withTransaction(testApp.services.database, async (tx) => {
      await testApp.services.pubsub.publish(
        tx,
        topic,
        { kind: 'API_KEY_CREATED', subjectId: subjectA },
        userRawId,
      );

      // when event B commits in another transaction meanwhile
      await publish(testApp, subjectB);

      // then B arrives while A is still waiting for its commit
      expect(await events.next()).toEqual({
        kind: 'API_KEY_CREATED',
        subjectId: toGlobalId('ApiKey', subjectB),
      });
    });

    // and A arrives once its transaction has committed
    expect(await events.next()).toEqual({
      kind: 'API_KEY_CREATED',
      subjectId: toGlobalId('ApiKey', subjectA),
    });
  });

  it('never delivers an event whose transaction rolls back', async () => {
    // given an event published in a transaction that fails
    const rolledBack = withTransaction(testApp.services.database, async (tx) => {
      await testApp.services.pubsub.publish(
        tx,
        topic,
        { kind: 'API_KEY_REVOKED', subjectId: subjectA },
        userRawId,
      );
      throw new Error('the work failed after publishing');
    });
    await expect(rolledBack).rejects.toThrow('the work failed after publishing');

    // when an event commits afterwards
    await publish(testApp, subjectB);

    // then the committed event is the first to arrive
    expect(await events.next()).toEqual({
      kind: 'API_KEY_CREATED',
      subjectId: toGlobalId('ApiKey', subjectB),
    });
  });

  it('rejects an oversized payload, and its transaction rolls back', async () => {
    const oversized = withTransaction(testApp.services.database, async (tx) => {
      await tx.execute(
        sql`insert into rate_limit_windows (bucket, window_start, hits) values ('pubsub-test', now(), 1)`,
      );
      await testApp.services.pubsub.publish(
        tx,
        topic,
        { kind: 'API_KEY_CREATED', subjectId: 'x'.repeat(8_000) },
        userRawId,
      );
    });

    await expect(oversized).rejects.toThrow(/bytes; events carry ids, not documents/);
    const { rows } = await testApp.database.$client.query(
      `select 1 from rate_limit_windows where bucket = 'pubsub-test'`,
    );
    expect(rows).toHaveLength(0);
  });

  it('resumes delivery after its LISTEN connection is cut', async () => {
    // given the app's LISTEN connection is terminated by the database (waiting until it is gone, so
    // that any event received afterwards came through a new connection)
    const { rows } = await testApp.database.$client.query(
      `select pg_terminate_backend(pid, 10000) as terminated from pg_stat_activity
       where datname = current_database() and application_name = 'codesale-listen'`,
    );
    expect(rows).toEqual([{ terminated: true }]);

    // when the listener has reconnected (probes get through again)
    await events.ready(() => publish(testApp, probeId));

    // then committed events are delivered as before
    await publish(testApp, subjectA);
    expect(await events.next()).toEqual({
      kind: 'API_KEY_CREATED',
      subjectId: toGlobalId('ApiKey', subjectA),
    });
  });

  it('delivers an event committed through one instance to a subscriber on another', async () => {
    // given a second app instance on the same database, and a subscriber connected to it
    const instanceB = await startTestAppOnDatabase(testApp.config.database.url!);
    const user = await signUp(instanceB.baseUrl);
    const subscriberOnB = user.client.websocket();
    const eventsOnB = new ViewerEvents(subscriberOnB);
    const publishThroughA = (subjectId: string) =>
      withTransaction(testApp.services.database, (tx) =>
        testApp.services.pubsub.publish(
          tx,
          topic,
          { kind: 'API_KEY_REVOKED', subjectId },
          fromGlobalId(user.userId, 'User')!,
        ),
      );
    try {
      await eventsOnB.ready(() => publishThroughA(probeId));

      // when an event for that user commits through instance A
      await publishThroughA(subjectA);

      // then the subscriber on instance B receives it
      expect(await eventsOnB.next()).toEqual({
        kind: 'API_KEY_REVOKED',
        subjectId: toGlobalId('ApiKey', subjectA),
      });
    } finally {
      eventsOnB.dispose();
      await subscriberOnB.dispose();
      await instanceB.close();
    }
  });
});

describe('PostgresPubSub.watch', () => {
  const channel = 'codesale_watch_test';
  let testApp: TestApp;
  const wakes: (string | null)[] = [];
  let waiting: (() => void) | undefined;

  /** Resolves once `wakes` satisfies `condition` (each wake-up re-checks it). */
  const wokenUntil = async (condition: () => boolean) => {
    while (!condition()) await new Promise<void>((resolve) => (waiting = resolve));
  };
  const listenerConnections = async () =>
    (
      await testApp.database.$client.query(
        `select pid from pg_stat_activity
          where datname = current_database() and application_name = 'codesale-listen'`,
      )
    ).rows;

  beforeAll(async () => {
    testApp = await startTestApp();
    // Resolves once the channel is listened to: from then on, every committed notification wakes it.
    await testApp.services.pubsub.watch(channel, (payload) => {
      wakes.push(payload);
      waiting?.();
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('wakes on a committed notification, never on a rolled-back one, on the listener connection it shares with events', async () => {
    wakes.length = 0;
    // given a notification in a transaction that rolls back
    await expect(
      withTransaction(testApp.services.database, async (tx) => {
        await tx.execute(sql`select pg_notify(${channel}, 'rolled back')`);
        throw new Error('the work failed after notifying');
      }),
    ).rejects.toThrow('the work failed after notifying');
    // when another one commits
    await withTransaction(testApp.services.database, (tx) =>
      tx.execute(sql`select pg_notify(${channel}, 'committed')`),
    );
    // then the watcher wakes with the committed one only, and the app still has one listener connection
    await wokenUntil(() => wakes.length > 0);
    expect(wakes).toEqual(['committed']);
    expect(await listenerConnections()).toHaveLength(1);
  });

  it('watchBarrier resolves only once a notification committed before it has woken the watcher', async () => {
    wakes.length = 0;
    for (let round = 0; round < 20; round++) {
      // given a notification that committed (the commit acknowledged)
      await withTransaction(testApp.services.database, (tx) =>
        tx.execute(sql`select pg_notify(${channel}, ${`round ${round}`})`),
      );
      // when the barrier resolves, then the watcher has been woken with it already
      await testApp.services.pubsub.watchBarrier();
      expect(wakes.at(-1)).toBe(`round ${round}`);
    }
  });

  it('wakes after its listener connection is cut and reconnects, and listens again', async () => {
    wakes.length = 0;
    // given the app's LISTEN connection is terminated by the database
    const [listener] = await listenerConnections();
    await testApp.database.$client.query(`select pg_terminate_backend($1, 10000)`, [listener!['pid']]);
    // then the watcher is woken once the listener has reconnected (what was notified meanwhile is lost)
    await wokenUntil(() => wakes.includes(null));
    // and notifications reach it again, through one new connection
    await testApp.database.$client.query(`select pg_notify($1, 'after reconnect')`, [channel]);
    await wokenUntil(() => wakes.includes('after reconnect'));
    const connections = await listenerConnections();
    expect(connections).toHaveLength(1);
    expect(connections[0]!['pid']).not.toBe(listener!['pid']);
  });
});
