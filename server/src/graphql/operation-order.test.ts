import type { Client } from 'graphql-ws';
import { startTestApp, subscribe, type TestApp } from '../../test/harness';
import { newBuyer, newSeller } from '../../test/marketplace';
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

  it('answers a query sent right after a subscription only once the subscription listens', async () => {
    const buyer = await newBuyer(testApp);
    const websocket = buyer.client.websocket();
    websockets.push(websocket);
    await subscribe(websocket, 'subscription { viewerEvents { kind } }');
    for (let round = 0; round < 20; round++) {
      const before = testApp.services.pubsub.subscriberCount();
      // when a subscription and a query that needs no database are sent together
      websocket.subscribe(
        { query: 'subscription { viewerEvents { kind } }' },
        {
          next: () => undefined,
          error: () => undefined,
          complete: () => undefined,
        },
      );
      const registeredWhenAnswered = await new Promise<number>((resolve, reject) =>
        websocket.subscribe(
          { query: '{ me { id } }' },
          {
            next: () => resolve(testApp.services.pubsub.subscriberCount()),
            error: reject,
            complete: () => undefined,
          },
        ),
      );
      // then the subscription was listening by the time the query was answered
      expect(registeredWhenAnswered).toBe(before + 1);
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
