import type { Client } from 'graphql-ws';
import { withTransaction } from '../db/transaction';
import { firstWebsocketResult, startTestApp, subscribe, type TestApp } from '../../test/harness';
import {
  disputedOrder,
  newStaff,
  postMessageMutation,
  requestResponse,
  startReview,
  type Staff,
} from '../../test/dispute-helpers';

const changeFields = 'kind disputeId action actorKind fromState state version dispute { id state }';
const feedQuery = (filter = '') => `subscription { disputeFeed${filter} { ${changeFields} } }`;
const updatedQuery = (disputeId: string) =>
  `subscription { disputeUpdated(id: "${disputeId}") { ${changeFields} } }`;
const resumedFeedQuery = (after: string) =>
  `subscription { disputeFeed(after: "${after}") { kind disputeId state cursor } }`;
const resumedUpdatedQuery = (disputeId: string, after?: string) =>
  `subscription { disputeUpdated(id: "${disputeId}"${after ? `, after: "${after}"` : ''}) { kind disputeId state cursor } }`;

describe('disputeFeed and disputeUpdated', () => {
  let testApp: TestApp;
  let support: Staff;
  const sockets: Client[] = [];

  beforeAll(async () => {
    testApp = await startTestApp();
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  function socketOf(client: { websocket(): Client }): Client {
    const socket = client.websocket();
    sockets.push(socket);
    return socket;
  }

  /** A subscription to a dispute its viewer may not read: refused as one to no dispute at all. */
  const notTheirs = {
    errors: [
      expect.objectContaining({
        message: 'No such dispute.',
        extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      }),
    ],
  };

  it('brings a transition to staff and to the parties, never to a buyer who is not a party', async () => {
    // given a dispute X, and an outsider who is the buyer of another dispute Y
    const x = await disputedOrder(testApp);
    const y = await disputedOrder(testApp);
    const outsider = y.buyer;
    // (their OPENED events are delivered before anyone subscribes)
    await testApp.services.pubsub.flush();
    // and subscribers: support on the feed (all, and only NEEDS_RESPONSE), X's buyer on X, the outsider on X and on Y
    const supportSocket = socketOf(support.client);
    const feed = await subscribe(supportSocket, feedQuery());
    const needsResponseFeed = await subscribe(
      supportSocket,
      feedQuery('(filter: { states: [NEEDS_RESPONSE] })'),
    );
    const partyUpdates = await subscribe(socketOf(x.buyer.client), updatedQuery(x.disputeId));
    const outsiderSocket = socketOf(outsider.client);
    const outsiderOnX = await subscribe(outsiderSocket, updatedQuery(x.disputeId));
    const outsiderOnY = await subscribe(outsiderSocket, updatedQuery(y.disputeId));

    // when support starts the review of X
    await startReview(support, x.disputeId, 1);

    // then support and X's buyer receive the transition
    const expected = {
      kind: 'TRANSITIONED',
      disputeId: x.disputeId,
      action: 'START_REVIEW',
      actorKind: 'SUPPORT',
      fromState: 'OPEN',
      state: 'UNDER_REVIEW',
      version: 2,
      dispute: { id: x.disputeId, state: 'UNDER_REVIEW' },
    };
    expect(await feed.next()).toEqual({ data: { disputeFeed: expected } });
    expect(await partyUpdates.next()).toEqual({ data: { disputeUpdated: expected } });

    // and when a later change of Y, the outsider's own dispute, reaches the outsider
    await startReview(support, y.disputeId, 1);
    expect(await outsiderOnY.next()).toMatchObject({
      data: { disputeUpdated: { disputeId: y.disputeId, state: 'UNDER_REVIEW' } },
    });
    // then nothing of X reached them before it (events are delivered in commit order): their
    // subscription to X was refused when they subscribed, as one to a dispute that does not exist
    expect(outsiderOnX.results).toEqual([notTheirs]);

    // and the filtered feed got only what it asked for
    await requestResponse(support, x.disputeId, 2, { party: 'SELLER' });
    expect(await needsResponseFeed.next()).toMatchObject({
      data: { disputeFeed: { disputeId: x.disputeId, state: 'NEEDS_RESPONSE' } },
    });
    expect(await feed.next()).toMatchObject({
      data: { disputeFeed: { disputeId: y.disputeId, state: 'UNDER_REVIEW' } },
    });
    expect(await feed.next()).toMatchObject({
      data: { disputeFeed: { disputeId: x.disputeId, state: 'NEEDS_RESPONSE' } },
    });
    expect(needsResponseFeed.results).toHaveLength(1);
    expect(outsiderOnX.results).toEqual([notTheirs]);
    // as are a made-up id and a malformed one, holding no place on the socket
    for (const id of ['garbage', 'RGlzcHV0ZTowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA']) {
      expect(await firstWebsocketResult(outsiderSocket, updatedQuery(id))).toEqual(notTheirs);
    }
  });

  it('refuses the staff feed to a buyer', async () => {
    const { buyer } = await disputedOrder(testApp);
    const result = await firstWebsocketResult(socketOf(buyer.client), feedQuery());
    expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('publishes nothing from a transaction that rolls back', async () => {
    // given a dispute under review, and another one open
    const decided = await disputedOrder(testApp);
    await startReview(support, decided.disputeId, 1);
    const other = await disputedOrder(testApp);
    await testApp.services.pubsub.flush();
    const feed = await subscribe(socketOf(support.client), feedQuery());

    // when a decision moves the first dispute to WON and CLOSED, and its transaction then fails
    const aborted = withTransaction(testApp.services.database, async (tx) => {
      const result = await testApp.services.disputes.applyDecision(tx, {
        orderId: decided.rawOrderId,
        decision: 'REFUND',
        adminId: support.rawId,
        reason: 'rolled back',
        expectedDisputeVersion: 2,
      });
      expect(result).toMatchObject({ dispute: { state: 'CLOSED' } });
      throw new Error('the money side failed');
    });
    await expect(aborted).rejects.toThrow('the money side failed');

    // and a transition of the other dispute commits afterwards
    await startReview(support, other.disputeId, 1);

    // then the committed transition is the first event the feed receives
    expect(await feed.next()).toMatchObject({
      data: { disputeFeed: { disputeId: other.disputeId, action: 'START_REVIEW' } },
    });
    expect(feed.results).toHaveLength(1);
    const [dispute] = (
      await testApp.database.$client.query(`select state, version from disputes where id = $1`, [
        decided.rawDisputeId,
      ])
    ).rows;
    expect(dispute).toEqual({ state: 'UNDER_REVIEW', version: 2 });
  });

  it('replays missed changes to staff and to the parties when they resume, never to a non-party', async () => {
    // given disputes X and Y; Y's buyer (an outsider to X) saw a change of Y, with its cursor
    const x = await disputedOrder(testApp);
    const y = await disputedOrder(testApp);
    const outsider = y.buyer;
    await testApp.services.pubsub.flush();
    const outsiderSocket = socketOf(outsider.client);
    const watchingY = await subscribe(outsiderSocket, resumedUpdatedQuery(y.disputeId));
    await startReview(support, y.disputeId, 1);
    const seen = (await watchingY.next()).data!['disputeUpdated'] as { state: string; cursor: string };
    expect(seen.state).toBe('UNDER_REVIEW');
    watchingY.unsubscribe();

    // when X changes twice and Y once while nobody is subscribed
    await startReview(support, x.disputeId, 1);
    await requestResponse(support, x.disputeId, 2, { party: 'SELLER' });
    await requestResponse(support, y.disputeId, 2, { party: 'BUYER' });

    // then, resuming from that cursor, staff receive all three in commit order
    const feed = await subscribe(socketOf(support.client), resumedFeedQuery(seen.cursor));
    const change = async (subscription: typeof feed, field: string) => {
      const result = await subscription.next();
      expect(result.errors).toBeUndefined();
      const { kind, disputeId, state } = result.data![field] as Record<string, string>;
      return { kind, disputeId, state };
    };
    expect([
      await change(feed, 'disputeFeed'),
      await change(feed, 'disputeFeed'),
      await change(feed, 'disputeFeed'),
    ]).toEqual([
      { kind: 'TRANSITIONED', disputeId: x.disputeId, state: 'UNDER_REVIEW' },
      { kind: 'TRANSITIONED', disputeId: x.disputeId, state: 'NEEDS_RESPONSE' },
      { kind: 'TRANSITIONED', disputeId: y.disputeId, state: 'NEEDS_RESPONSE' },
    ]);
    // and X's buyer receives X's two changes
    const buyerOnX = await subscribe(socketOf(x.buyer.client), resumedUpdatedQuery(x.disputeId, seen.cursor));
    expect([await change(buyerOnX, 'disputeUpdated'), await change(buyerOnX, 'disputeUpdated')]).toEqual([
      { kind: 'TRANSITIONED', disputeId: x.disputeId, state: 'UNDER_REVIEW' },
      { kind: 'TRANSITIONED', disputeId: x.disputeId, state: 'NEEDS_RESPONSE' },
    ]);
    // and the outsider, resuming on X and on Y, receives Y's change only
    const outsiderOnX = await subscribe(outsiderSocket, resumedUpdatedQuery(x.disputeId, seen.cursor));
    const outsiderOnY = await subscribe(outsiderSocket, resumedUpdatedQuery(y.disputeId, seen.cursor));
    expect(await change(outsiderOnY, 'disputeUpdated')).toEqual({
      kind: 'TRANSITIONED',
      disputeId: y.disputeId,
      state: 'NEEDS_RESPONSE',
    });
    // even once a live message on X, then one on Y, have reached the outsider's Y subscription
    for (const disputeId of [x.disputeId, y.disputeId]) {
      await support.client.data(postMessageMutation, {
        input: { disputeId, message: 'Support is looking at this.', attachments: [] },
      });
    }
    expect(await change(outsiderOnY, 'disputeUpdated')).toMatchObject({
      kind: 'MESSAGE_POSTED',
      disputeId: y.disputeId,
    });
    expect(outsiderOnX.results).toEqual([notTheirs]);
    // and the staff feed stays closed to them, with or without a cursor
    const refused = await firstWebsocketResult(outsiderSocket, resumedFeedQuery(seen.cursor));
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
