import type { Client } from 'graphql-ws';
import {
  startTestApp,
  subscribe,
  type SubscriptionResult,
  type TestApp,
  type TestClient,
} from '../../test/harness';
import {
  disputedOrder,
  heldOrder,
  newStaff,
  openDispute,
  startReview,
  type Staff,
} from '../../test/dispute-helpers';

/**
 * SubscriptionFanOut: an event reaching many subscribers is executed once per distinct result, its
 * loads are batched across those executions, and no subscriber receives a result computed for a
 * viewer with other rights. Counted through the fan-out's own counts and the app pool's statements.
 */

let testApp: TestApp;
let support: Staff;
const sockets: Client[] = [];

/** The server's own subscriptions (the session revocations app.ts follows): every queue beyond them is a socket's. */
let serverSubscriptions: number;
beforeAll(async () => {
  testApp = await startTestApp();
  serverSubscriptions = testApp.services.pubsub.subscriberCount();
  support = await newStaff(testApp, ['SUPPORT']);
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
});
afterAll(async () => {
  await testApp.close();
});

function socketOf(client: TestClient): Client {
  const socket = client.websocket();
  sockets.push(socket);
  return socket;
}

/** The statements the app's pool runs during `run` that read disputes by id (the `dispute` loader's). */
async function disputeLoadsDuring(run: () => Promise<void>): Promise<number> {
  const pool = testApp.database.$client;
  const original = pool.query.bind(pool);
  let loads = 0;
  pool.query = ((...args: unknown[]) => {
    const first = args[0] as string | { text: string };
    const text = typeof first === 'string' ? first : first.text;
    if (/from "disputes" where "disputes"\."id" in \(/.test(text)) loads++;
    return (original as (...rest: unknown[]) => unknown)(...args);
  }) as typeof pool.query;
  try {
    await run();
  } finally {
    pool.query = original as typeof pool.query;
  }
  return loads;
}

/** What the fan-out did during `run`. */
async function fanOutDuring(run: () => Promise<void>): Promise<{ executions: number; deliveries: number }> {
  const before = testApp.app.subscriptionFanOut.counts();
  await run();
  const after = testApp.app.subscriptionFanOut.counts();
  return {
    executions: after.executions - before.executions,
    deliveries: after.deliveries - before.deliveries,
  };
}

async function upload(client: TestClient, body: Buffer): Promise<string> {
  const response = await fetch(`${testApp.baseUrl}/attachments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      cookie: client.cookieHeader(),
      'x-csrf-token': client.csrfToken()!,
    },
    body,
  });
  const answer = (await response.json()) as { attachment?: { id: string } };
  if (!answer.attachment) throw new Error(`upload failed: ${JSON.stringify(answer)}`);
  return answer.attachment.id;
}

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached within 20 s');
}

async function openWebsockets(): Promise<number> {
  const metrics = await (await fetch(`${testApp.baseUrl}/metrics`)).text();
  return Number(/^codesale_websocket_connections (\d+)$/m.exec(metrics)?.[1]);
}

describe('subscription fan-out', () => {
  it('executes an event once for every subscriber with the same operation and rights, and loads its dispute once', async () => {
    // given a dispute, and three support agents with two sockets each, all on the staff feed with one document
    const disputed = await disputedOrder(testApp);
    await testApp.services.pubsub.flush();
    const agents = [support, await newStaff(testApp, ['SUPPORT']), await newStaff(testApp, ['SUPPORT'])];
    const document =
      'subscription { disputeFeed { kind disputeId state dispute { id state buyer { id } } } }';
    const feeds: Awaited<ReturnType<typeof subscribe>>[] = [];
    for (const agent of agents) {
      for (let socket = 0; socket < 2; socket++)
        feeds.push(await subscribe(socketOf(agent.client), document));
    }

    // when support starts the review
    let received: SubscriptionResult[] = [];
    let loads = 0;
    const fanOut = await fanOutDuring(async () => {
      loads = await disputeLoadsDuring(async () => {
        await startReview(support, disputed.disputeId, 1);
        received = await Promise.all(feeds.map((feed) => feed.next()));
      });
    });

    // then every subscriber receives the change with the dispute as it is now
    const change = {
      kind: 'TRANSITIONED',
      disputeId: disputed.disputeId,
      state: 'UNDER_REVIEW',
      dispute: { id: disputed.disputeId, state: 'UNDER_REVIEW', buyer: { id: disputed.buyer.id } },
    };
    expect(received).toEqual(feeds.map(() => ({ data: { disputeFeed: change } })));
    // and the event was executed and serialised once, written six times, with one read of the dispute
    expect(fanOut).toEqual({ executions: 1, deliveries: 6 });
    expect(loads).toBe(1);
  });

  it('shares one execution between documents that differ only in their operation name, spacing or comments', async () => {
    // given one agent subscribed to the staff feed with three spellings of one operation, and a fourth
    // that asks for something else (the attacker probe: 250 names of one document ran 250 times per event)
    const disputed = await disputedOrder(testApp);
    await testApp.services.pubsub.flush();
    const socket = socketOf(support.client);
    const spellings = [
      'subscription A { disputeFeed { kind disputeId state } }',
      'subscription B {\n  disputeFeed { kind disputeId state } # the same\n}',
      'query Unused { __typename } subscription C { disputeFeed { kind disputeId state } }',
    ];
    const feeds = [
      await subscribe(socket, spellings[0]!),
      await subscribe(socket, spellings[1]!),
      await subscribe(socket, spellings[2]!, 'C'),
      await subscribe(socket, 'subscription D { disputeFeed { kind disputeId } }'),
    ];

    // when support starts the review
    let received: SubscriptionResult[] = [];
    const fanOut = await fanOutDuring(async () => {
      await startReview(support, disputed.disputeId, 1);
      received = await Promise.all(feeds.map((feed) => feed.next()));
    });

    // then each receives its answer, from two executions: one for the three spellings, one for the other
    const change = { kind: 'TRANSITIONED', disputeId: disputed.disputeId, state: 'UNDER_REVIEW' };
    expect(received).toEqual([
      { data: { disputeFeed: change } },
      { data: { disputeFeed: change } },
      { data: { disputeFeed: change } },
      { data: { disputeFeed: { kind: 'TRANSITIONED', disputeId: disputed.disputeId } } },
    ]);
    expect(fanOut).toEqual({ executions: 2, deliveries: 4 });
  });

  it('gives viewers with other rights their own result from one batched load', async () => {
    // given a dispute, subscribed to with one document by its buyer, by support and by an admin
    const disputed = await disputedOrder(testApp);
    const admin = await newStaff(testApp, ['ADMIN']);
    // (the dispute's opening is delivered before anyone subscribes: a subscription takes what is
    // delivered after it, and an event still on its way would otherwise arrive first)
    await testApp.services.pubsub.flush();
    const document = `subscription { disputeUpdated(id: "${disputed.disputeId}") { state dispute { id evidence { sha256 } } } }`;
    const buyerUpdates = await subscribe(socketOf(disputed.buyer.client), document);
    const supportUpdates = await subscribe(socketOf(support.client), document);
    const adminUpdates = await subscribe(socketOf(admin.client), document);

    // when support starts the review
    let received: SubscriptionResult[] = [];
    let loads = 0;
    const fanOut = await fanOutDuring(async () => {
      loads = await disputeLoadsDuring(async () => {
        await startReview(support, disputed.disputeId, 1);
        received = await Promise.all([buyerUpdates.next(), supportUpdates.next(), adminUpdates.next()]);
      });
    });

    // then staff see the evidence snapshot, and the buyer the dispute without it (a staff-only field)
    const [buyerResult, supportResult, adminResult] = received;
    const evidence = supportResult!.data?.['disputeUpdated']?.dispute?.evidence;
    expect(evidence).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(adminResult).toEqual(supportResult);
    expect(supportResult!.errors).toBeUndefined();
    expect(buyerResult!.data).toEqual({
      disputeUpdated: { state: 'UNDER_REVIEW', dispute: { id: disputed.disputeId, evidence: null } },
    });
    expect(buyerResult!.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
    // and each of the three viewer classes had its own execution, all three from one read of the dispute
    expect(fanOut).toEqual({ executions: 3, deliveries: 3 });
    expect(loads).toBe(1);
  });

  it('gives each viewer its own result when the result depends on who the viewer is, with the same rights', async () => {
    // given a dispute whose buyer attached a file, and two support agents (the first on two sockets)
    // subscribed with one document that selects the file's download URL, which is signed for its viewer
    const order = await heldOrder(testApp);
    const attachmentId = await upload(order.buyer.client, Buffer.from('a screenshot, more or less\n'));
    const opened = await openDispute(order.buyer, order.orderId, { attachments: [attachmentId] });
    const disputeId = opened.dispute!.id;
    const colleague = await newStaff(testApp, ['SUPPORT']);
    await testApp.services.pubsub.flush();
    const document = `subscription { disputeUpdated(id: "${disputeId}") { dispute { messages { attachments { url { url } } } } } }`;
    const first = await subscribe(socketOf(support.client), document);
    const again = await subscribe(socketOf(support.client), document);
    const other = await subscribe(socketOf(colleague.client), document);

    // when support starts the review
    let received: SubscriptionResult[] = [];
    let loads = 0;
    const fanOut = await fanOutDuring(async () => {
      loads = await disputeLoadsDuring(async () => {
        await startReview(support, disputeId, 1);
        received = await Promise.all([first.next(), again.next(), other.next()]);
      });
    });

    // then each agent's URL is signed for that agent
    const viewerOf = (result: SubscriptionResult | undefined) => {
      const url = result?.data?.['disputeUpdated']?.dispute?.messages?.[0]?.attachments?.[0]?.url
        ?.url as string;
      return new URL(url).searchParams.get('viewer');
    };
    expect(received.map(viewerOf)).toEqual([support.rawId, support.rawId, colleague.rawId]);
    // and the agent's two subscriptions shared one execution; the colleague had its own, from the same load
    expect(fanOut).toEqual({ executions: 2, deliveries: 3 });
    expect(loads).toBe(1);
  });

  it('leaves no queue or socket behind once the sockets close', async () => {
    // given ten sockets, each with a feed subscription, once the earlier tests' sockets and their
    // queues are gone (a queue goes a moment after its socket closes)
    const serverOnly = async () =>
      testApp.services.pubsub.subscriberCount() === serverSubscriptions && (await openWebsockets()) === 0;
    await until(serverOnly);
    const own: Client[] = [];
    for (let index = 0; index < 10; index++) {
      const socket = support.client.websocket();
      own.push(socket);
      await subscribe(socket, 'subscription { disputeFeed { kind disputeId } }');
    }
    // (subscribe's round trip may answer a moment before the server registers the subscription)
    await until(() => testApp.services.pubsub.subscriberCount() === serverSubscriptions + 10);
    expect(await openWebsockets()).toBe(10);

    // when they all close
    await Promise.all(own.map((socket) => socket.dispose()));

    // then the server holds neither their event queues nor their sockets
    await until(serverOnly);
  });
});
