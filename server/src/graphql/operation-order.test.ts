import type { Client } from 'graphql-ws';
import {
  createApiKey,
  queryDatabase,
  someoneWaitsForALock,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import { newSeller } from '../../test/marketplace';
import { OperationOrder } from './operation-order';

/** Whether `promise` has settled by the time every pending microtask and I/O callback ran. */
async function isDone(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('OperationOrder', () => {
  it('lets an operation start only once every operation before it on the socket is set up', async () => {
    const order = new OperationOrder();
    await order.turn('subscription');
    const query = order.turn('query');
    const mutation = order.turn('mutation');
    expect(await isDone(query)).toBe(false);
    // when the subscription is set up, the query goes; the mutation waits for the query
    order.settled('subscription');
    expect(await isDone(query)).toBe(true);
    expect(await isDone(mutation)).toBe(false);
    order.settled('query');
    expect(await isDone(mutation)).toBe(true);
  });

  it('settles an operation once, whatever says so again', async () => {
    const order = new OperationOrder();
    await order.turn('a');
    order.settled('a');
    order.settled('a');
    await order.turn('b');
    const c = order.turn('c');
    order.settled('a');
    expect(await isDone(c)).toBe(false);
    order.settled('b');
    expect(await isDone(c)).toBe(true);
  });

  it('releases everything waiting when the socket closes', async () => {
    const order = new OperationOrder();
    await order.turn('a');
    const waiting = [order.turn('b'), order.turn('c')];
    order.settleAll();
    expect(await isDone(Promise.all(waiting))).toBe(true);
  });

  it('gives a reused id its own turn without leaving the operations after the first one waiting', async () => {
    const order = new OperationOrder();
    await order.turn('a');
    const again = order.turn('a');
    expect(await isDone(again)).toBe(true);
    const next = order.turn('b');
    order.settled('a');
    expect(await isDone(next)).toBe(true);
  });
});

describe('a socket’s operations, in order', () => {
  let testApp: TestApp;
  const websockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterEach(async () => {
    await Promise.all(websockets.splice(0).map((websocket) => websocket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** The first answer of `query` on `websocket`. */
  const answer = (websocket: Client, query: string, variables?: Record<string, unknown>) =>
    new Promise<Record<string, any> | null | undefined>((resolve, reject) =>
      websocket.subscribe(
        { query, variables },
        { next: (result) => resolve(result.data), error: reject, complete: () => undefined },
      ),
    );

  it('answers a query sent after a subscription only once the subscription is set up', async () => {
    // given a seller with two events, and a subscription that resumes after the first: setting it
    // up reads the events table, which a transaction of this test holds locked
    const seller = await newSeller(testApp);
    await createApiKey(seller.client);
    const { id: secondKey } = await createApiKey(seller.client);
    await testApp.services.pubsub.flush();
    const sequences = await queryDatabase<{ cursor: string }>(
      testApp,
      `select sequence::text as cursor from events where topic = 'VIEWER_EVENTS' and scope_id = $1 order by sequence`,
      [seller.rawId],
    );
    expect(sequences).toHaveLength(2);
    const websocket = seller.client.websocket();
    const other = seller.client.websocket();
    websockets.push(websocket, other);
    await answer(other, '{ __typename }');
    const lock = await testApp.database.$client.connect();
    try {
      await lock.query('begin');
      await lock.query('lock table events in access exclusive mode');
      const replayed = answer(
        websocket,
        'subscription ($after: String) { viewerEvents(after: $after) { kind subjectId } }',
        { after: sequences[0]!.cursor },
      );
      await someoneWaitsForALock(testApp, 'relation');
      // when a query that needs no database follows the subscription on its socket
      let answered = false;
      const me = answer(websocket, '{ me { id } }').then((data) => {
        answered = true;
        return data;
      });
      // then it waits for the subscription, while twenty queries on another socket of the same
      // viewer, each with a database round trip, go through (without the order it answers within them)
      for (let round = 0; round < 20 && !answered; round++) {
        await answer(other, '{ me { id } }');
        await queryDatabase(testApp, 'select 1');
      }
      expect(answered).toBe(false);
      // and once the subscription is set up, both answer: the missed event, then the query
      await lock.query('commit');
      expect(await replayed).toEqual({ viewerEvents: { kind: 'API_KEY_CREATED', subjectId: secondKey } });
      expect(await me).toEqual({ me: { id: seller.id } });
    } finally {
      await lock.query('rollback').catch(() => undefined);
      lock.release();
    }
  });

  it('delivers to a subscription the event of a mutation sent right after it on the same socket', async () => {
    const seller = await newSeller(testApp);
    const websocket = seller.client.websocket();
    websockets.push(websocket);
    await testApp.services.pubsub.flush();
    // when a subscription and a mutation whose commit publishes an event for it are sent together
    const heard = new Promise<unknown>((resolve, reject) =>
      websocket.subscribe(
        { query: 'subscription { viewerEvents { kind subjectId } }' },
        { next: (result) => resolve(result.data), error: reject, complete: () => undefined },
      ),
    );
    const created = await new Promise<{ createApiKey: { apiKey: { id: string } } }>((resolve, reject) =>
      websocket.subscribe(
        {
          query: 'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }',
          variables: { input: { name: 'sent with the subscription', scopes: ['CATALOG_READ'] } },
        },
        {
          next: (result) => resolve(result.data as { createApiKey: { apiKey: { id: string } } }),
          error: reject,
          complete: () => undefined,
        },
      ),
    );
    // then the subscription hears it
    expect(await heard).toEqual({
      viewerEvents: { kind: 'API_KEY_CREATED', subjectId: created.createApiKey.apiKey.id },
    });
  });
});
