import { allowedStatePairs, disputeStates } from '../domain/dispute-matrix';
import { queryDatabase, startTestApp, type TestApp, rawId } from '../../test/harness';
import { newBuyer } from '../../test/marketplace';
import {
  assignMutation,
  decide,
  disputedOrder,
  heldOrder,
  newStaff,
  openDispute,
  postMessageMutation,
  requestResponse,
  startReview,
  type DisputePayloadView,
  type Staff,
} from '../../test/dispute-helpers';

describe('the dispute lifecycle', () => {
  let testApp: TestApp;
  let support: Staff;
  let otherSupport: Staff;

  beforeAll(async () => {
    testApp = await startTestApp();
    support = await newStaff(testApp, ['SUPPORT']);
    otherSupport = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const eventsOf = (rawDisputeId: string) =>
    queryDatabase(
      testApp,
      `select version, action, actor_kind, actor_user_id, from_state, to_state, note
         from dispute_events where dispute_id = $1 order by version`,
      [rawDisputeId],
    );

  describe('openDispute', () => {
    it('opens a dispute on a held order in its protection window, with its first event, message and evidence', async () => {
      // given a held order
      const order = await heldOrder(testApp);
      // when its buyer disputes it
      const opened = await openDispute(order.buyer, order.orderId, {
        reason: 'ALREADY_REDEEMED',
        message: '  Already used.  ',
      });
      // then the dispute is OPEN at version 1
      expect(opened.errors).toEqual([]);
      expect(opened.dispute).toMatchObject({
        state: 'OPEN',
        version: 1,
        reason: 'ALREADY_REDEEMED',
        assignee: null,
      });
      const disputeId = opened.dispute!.id;
      const raw = rawId(disputeId);
      // and its opening is recorded, with the claim as the first message and an evidence snapshot
      expect(await eventsOf(raw)).toEqual([
        expect.objectContaining({
          version: 1,
          action: 'OPEN',
          actor_kind: 'BUYER',
          from_state: null,
          to_state: 'OPEN',
        }),
      ]);
      const messages = await queryDatabase(
        testApp,
        `select body, author_kind from dispute_messages where dispute_id = $1`,
        [raw],
      );
      expect(messages).toEqual([{ body: 'Already used.', author_kind: 'BUYER' }]);
      const snapshots = await queryDatabase(
        testApp,
        `select schema_version from dispute_evidence_snapshots where dispute_id = $1`,
        [raw],
      );
      expect(snapshots).toEqual([{ schema_version: 2 }]);
      // and the parties can read it, an outsider cannot
      const query = `query ($id: ID!) { dispute(id: $id) { id state messages { body authorKind } } }`;
      expect((await order.buyer.client.data(query, { id: disputeId }))['dispute']).toMatchObject({
        state: 'OPEN',
      });
      expect((await order.seller.client.data(query, { id: disputeId }))['dispute']).toMatchObject({
        messages: [{ body: 'Already used.', authorKind: 'BUYER' }],
      });
      const outsider = await newBuyer(testApp);
      expect((await outsider.client.data(query, { id: disputeId }))['dispute']).toBeNull();
    });

    it('refuses what breaks a rule: not your order, settled, protection over, a second dispute, the cap', async () => {
      const order = await heldOrder(testApp);
      const outsider = await newBuyer(testApp);
      const codes = (payload: DisputePayloadView) => payload.errors.map((error) => error.code);

      // another buyer's order does not exist for them
      expect(codes(await openDispute(outsider, order.orderId))).toEqual(['ORDER_NOT_FOUND']);
      expect(codes(await openDispute(outsider, 'not-an-id'))).toEqual(['ORDER_NOT_FOUND']);
      // one open dispute per order
      expect(codes(await openDispute(order.buyer, order.orderId))).toEqual([]);
      expect(codes(await openDispute(order.buyer, order.orderId))).toEqual(['DISPUTE_ALREADY_OPEN']);
      // a settled order
      const confirmed = await heldOrder(testApp);
      await confirmed.buyer.client.data(
        `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
        {
          input: { orderId: confirmed.orderId },
        },
      );
      expect(codes(await openDispute(confirmed.buyer, confirmed.orderId))).toEqual(['ORDER_ALREADY_SETTLED']);
      // a protection window that has ended
      const late = await heldOrder(testApp);
      await queryDatabase(
        testApp,
        `update orders set protection_ends_at = now() - interval '1 second' where id = $1`,
        [late.rawOrderId],
      );
      expect(codes(await openDispute(late.buyer, late.orderId))).toEqual(['PROTECTION_WINDOW_ENDED']);
      // an empty message
      const quiet = await heldOrder(testApp);
      expect(codes(await openDispute(quiet.buyer, quiet.orderId, { message: '   ' }))).toEqual([
        'INVALID_MESSAGE',
      ]);
      // a message that shows other words than it holds, or rings the terminal's bell
      expect(
        codes(
          await openDispute(quiet.buyer, quiet.orderId, { message: 'Seller wrote: \u202edetnuoper\u202c' }),
        ),
      ).toEqual(['INVALID_MESSAGE']);
      expect(codes(await openDispute(quiet.buyer, quiet.orderId, { message: 'bell \u0007' }))).toEqual([
        'INVALID_MESSAGE',
      ]);
      // nothing was written by any refusal
      const [{ count }] = (await queryDatabase(
        testApp,
        `select count(*)::int as count from disputes where order_id = any($1::uuid[])`,
        [[confirmed.rawOrderId, late.rawOrderId, quiet.rawOrderId]],
      )) as [{ count: number }];
      expect(count).toBe(0);
    });

    it("caps a buyer's open disputes, also when they open them all at once", async () => {
      // given a buyer with five held orders, and a cap of 2
      const buyer = await newBuyer(testApp);
      const previous = testApp.services.disputes.useOpenDisputeLimit(async () => 2);
      const orders = [];
      for (let index = 0; index < 5; index++) orders.push(await heldOrder(testApp, { buyer }));
      // when they dispute all five at the same time
      const answers = await Promise.all(orders.map((order) => openDispute(buyer, order.orderId)));
      testApp.services.disputes.useOpenDisputeLimit(previous);
      // then exactly two open and the rest are refused
      expect(answers.filter((answer) => answer.dispute)).toHaveLength(2);
      expect(answers.filter((answer) => answer.errors[0]?.code === 'TOO_MANY_OPEN_DISPUTES')).toHaveLength(3);
    });

    it('takes the cap from the injectable limit (the risk area provides it per buyer)', async () => {
      const buyer = await newBuyer(testApp);
      const first = await heldOrder(testApp, { buyer });
      const second = await heldOrder(testApp, { buyer });
      const previous = testApp.services.disputes.useOpenDisputeLimit(async (_tx, buyerId) =>
        buyerId === buyer.rawId ? 1 : 2,
      );
      try {
        expect((await openDispute(buyer, first.orderId)).errors).toEqual([]);
        expect((await openDispute(buyer, second.orderId)).errors.map((error) => error.code)).toEqual([
          'TOO_MANY_OPEN_DISPUTES',
        ]);
      } finally {
        testApp.services.disputes.useOpenDisputeLimit(previous);
      }
    });
  });

  describe('startDisputeReview', () => {
    it('lets exactly one of two agents racing on the same version move the dispute; the other gets DISPUTE_STATE_CHANGED', async () => {
      for (let round = 0; round < 3; round++) {
        // given an OPEN dispute at version 1
        const { disputeId, rawDisputeId } = await disputedOrder(testApp);
        // when two agents start its review at once, both having seen version 1
        const answers = await Promise.all([
          startReview(support, disputeId, 1),
          startReview(otherSupport, disputeId, 1),
        ]);
        // then one moved it and the other was told it changed
        const winners = answers.filter((answer) => answer.dispute);
        expect(winners).toHaveLength(1);
        expect(winners[0]!.dispute).toMatchObject({ state: 'UNDER_REVIEW', version: 2 });
        expect(answers.find((answer) => !answer.dispute)!.errors.map((error) => error.code)).toEqual([
          'DISPUTE_STATE_CHANGED',
        ]);
        // and exactly one transition was recorded
        const events = await eventsOf(rawDisputeId);
        expect(events.map((event) => event.action)).toEqual(['OPEN', 'START_REVIEW']);
      }
    });

    it('refuses a stale version and a step the matrix does not allow, changing nothing', async () => {
      const { disputeId, rawDisputeId } = await disputedOrder(testApp);
      expect((await startReview(support, disputeId, 7)).errors.map((error) => error.code)).toEqual([
        'DISPUTE_STATE_CHANGED',
      ]);
      expect((await startReview(support, disputeId, 1)).dispute).toMatchObject({
        state: 'UNDER_REVIEW',
        version: 2,
      });
      // UNDER_REVIEW has no START_REVIEW
      expect((await startReview(support, disputeId, 2)).errors.map((error) => error.code)).toEqual([
        'TRANSITION_NOT_ALLOWED',
      ]);
      expect((await eventsOf(rawDisputeId)).map((event) => event.version)).toEqual([1, 2]);
    });

    it('is for staff only: a party cannot run the lifecycle', async () => {
      const { disputeId, buyer } = await disputedOrder(testApp);
      const response = await buyer.client.graphql(
        `mutation ($input: StartDisputeReviewInput!) { startDisputeReview(input: $input) { errors { code } } }`,
        {
          input: { disputeId, expectedVersion: 1 },
        },
      );
      expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    });
  });

  describe('assignDispute', () => {
    it('assigns to the caller by default and to a colleague on request, each a versioned event', async () => {
      const { disputeId, rawDisputeId } = await disputedOrder(testApp);
      const assign = async (input: Record<string, unknown>) =>
        (
          await support.client.data<{ assignDispute: DisputePayloadView }>(assignMutation, {
            input: { disputeId, ...input },
          })
        ).assignDispute;
      expect((await assign({ expectedVersion: 1 })).dispute).toMatchObject({
        state: 'UNDER_REVIEW',
        version: 2,
        assignee: { id: support.id },
      });
      expect((await assign({ expectedVersion: 2, assigneeId: otherSupport.id })).dispute).toMatchObject({
        state: 'UNDER_REVIEW',
        version: 3,
        assignee: { id: otherSupport.id },
      });
      const buyer = await newBuyer(testApp);
      expect(
        (await assign({ expectedVersion: 3, assigneeId: buyer.id })).errors.map((error) => error.code),
      ).toEqual(['ASSIGNEE_NOT_STAFF']);
      expect(
        (await eventsOf(rawDisputeId)).map(
          (event) => `${event.action}:${event.from_state}->${event.to_state}`,
        ),
      ).toEqual(['OPEN:null->OPEN', 'ASSIGN:OPEN->UNDER_REVIEW', 'ASSIGN:UNDER_REVIEW->UNDER_REVIEW']);
      // the timeline names the colleague, not their id
      const [colleague] = await queryDatabase(testApp, 'select display_name from users where id = $1', [
        otherSupport.rawId,
      ]);
      expect((await eventsOf(rawDisputeId)).map((event) => event.note)).toEqual([
        expect.anything(),
        'Assigned to themselves.',
        `Assigned to ${colleague!['display_name']}.`,
      ]);
    });
  });

  describe('requestDisputeResponse', () => {
    it('returns to UNDER_REVIEW when the asked party answers, not when the other party writes', async () => {
      const { disputeId, rawDisputeId, buyer, seller } = await disputedOrder(testApp);
      await startReview(support, disputeId, 1);
      const requested = await requestResponse(support, disputeId, 2, { party: 'SELLER', deadlineHours: 48 });
      expect(requested.dispute).toMatchObject({
        state: 'NEEDS_RESPONSE',
        version: 3,
        requestedParty: 'SELLER',
      });

      const post = (client: typeof buyer.client, message: string) =>
        client.data<{ postDisputeMessage: DisputePayloadView }>(postMessageMutation, {
          input: { disputeId, message },
        });
      // the buyer writes: a message, no transition
      expect((await post(buyer.client, 'Any news?')).postDisputeMessage.dispute).toMatchObject({
        state: 'NEEDS_RESPONSE',
        version: 3,
      });
      // the seller, who was asked, answers: back to review
      expect((await post(seller.client, 'Here is the proof.')).postDisputeMessage.dispute).toMatchObject({
        state: 'UNDER_REVIEW',
        version: 4,
        requestedParty: null,
        responseDueAt: null,
      });
      const events = await eventsOf(rawDisputeId);
      expect(events.at(-1)).toMatchObject({
        action: 'ANSWER',
        actor_kind: 'SELLER',
        from_state: 'NEEDS_RESPONSE',
        to_state: 'UNDER_REVIEW',
      });
      // an outsider cannot write in it
      const outsider = await newBuyer(testApp);
      expect(
        (await post(outsider.client, 'hello')).postDisputeMessage.errors.map((error) => error.code),
      ).toEqual(['DISPUTE_NOT_FOUND']);
    });

    it('is returned to UNDER_REVIEW with a system note by the deadline job, and not before the deadline', async () => {
      // given a dispute waiting for the seller's response
      const { disputeId, rawDisputeId } = await disputedOrder(testApp);
      await startReview(support, disputeId, 1);
      await requestResponse(support, disputeId, 2, { party: 'SELLER', deadlineHours: 24 });
      const key = `dispute_response_deadline:${rawDisputeId}:3`;
      const [job] = await queryDatabase(testApp, `select run_at from graphile_worker.jobs where key = $1`, [
        key,
      ]);
      const [dispute] = await queryDatabase(testApp, `select response_due_at from disputes where id = $1`, [
        rawDisputeId,
      ]);
      expect(new Date(job!['run_at']).getTime()).toBe(new Date(dispute!['response_due_at']).getTime());

      // when the queue runs before the deadline, nothing happens
      await testApp.services.jobs.runJobsOnce();
      expect((await eventsOf(rawDisputeId)).map((event) => event.version)).toEqual([1, 2, 3]);

      // when the deadline has come (the job is due) and the queue runs
      await queryDatabase(testApp, `update graphile_worker._private_jobs set run_at = now() where key = $1`, [
        key,
      ]);
      await testApp.services.jobs.runJobsOnce();

      // then the dispute is back under review, by the system, with a note
      const events = await eventsOf(rawDisputeId);
      expect(events.at(-1)).toMatchObject({
        version: 4,
        action: 'EXPIRE_RESPONSE',
        actor_kind: 'SYSTEM',
        actor_user_id: null,
        from_state: 'NEEDS_RESPONSE',
        to_state: 'UNDER_REVIEW',
      });
      expect(events.at(-1)!['note']).toMatch(/No response from the seller/);
      const [after] = await queryDatabase(
        testApp,
        `select state, requested_party, response_due_at from disputes where id = $1`,
        [rawDisputeId],
      );
      expect(after).toEqual({ state: 'UNDER_REVIEW', requested_party: null, response_due_at: null });
    });

    it('makes the deadline job of an answered request a no-op', async () => {
      // given a request the buyer answered
      const { disputeId, rawDisputeId, buyer } = await disputedOrder(testApp);
      await startReview(support, disputeId, 1);
      await requestResponse(support, disputeId, 2, { party: 'BUYER', deadlineHours: 1 });
      await buyer.client.data(postMessageMutation, {
        input: { disputeId, message: 'Screenshot attached later.' },
      });
      // when the request's deadline job runs
      expect(await testApp.services.disputes.expireResponse(rawDisputeId, 3)).toBe('SKIPPED');
      // then nothing changed after the answer
      expect((await eventsOf(rawDisputeId)).map((event) => event.action)).toEqual([
        'OPEN',
        'START_REVIEW',
        'REQUEST_RESPONSE',
        'ANSWER',
      ]);
    });

    it('refuses a deadline outside 1 hour to the configured maximum', async () => {
      const { disputeId } = await disputedOrder(testApp);
      await startReview(support, disputeId, 1);
      expect(
        (await requestResponse(support, disputeId, 2, { deadlineHours: 0 })).errors.map(
          (error) => error.code,
        ),
      ).toEqual(['INVALID_DEADLINE']);
      expect(
        (await requestResponse(support, disputeId, 2, { deadlineHours: 100_000 })).errors.map(
          (error) => error.code,
        ),
      ).toEqual(['INVALID_DEADLINE']);
    });
  });

  describe('settlement while a dispute is open', () => {
    it('refuses confirmDelivery and skips auto-release while the dispute is open', async () => {
      // given a disputed order whose protection window has ended
      const { buyer, orderId, rawOrderId } = await disputedOrder(testApp);
      // when the buyer confirms delivery
      const confirmed = await buyer.client.data<{ confirmDelivery: { errors: { code: string }[] } }>(
        `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
        { input: { orderId } },
      );
      // then it is refused
      expect(confirmed.confirmDelivery.errors.map((error) => error.code)).toEqual(['DISPUTE_OPEN']);
      // and the auto-release, past the window, skips the order
      const [order] = await queryDatabase(testApp, `select protection_ends_at from orders where id = $1`, [
        rawOrderId,
      ]);
      const afterWindow = new Date(new Date(order!['protection_ends_at']).getTime() + 1_000);
      expect(await testApp.services.delivery.autoRelease(rawOrderId, afterWindow)).toBe('SKIPPED');
      const [after] = await queryDatabase(testApp, `select escrow_status from orders where id = $1`, [
        rawOrderId,
      ]);
      expect(after).toEqual({ escrow_status: 'HELD' });
    });
  });

  describe('refundOrder and releaseOrder', () => {
    it('are refused to support (FORBIDDEN), and no lifecycle mutation reaches WON or LOST', async () => {
      const { disputeId, orderId, rawDisputeId, rawOrderId } = await disputedOrder(testApp);
      await startReview(support, disputeId, 1);
      for (const mutation of ['refundOrder', 'releaseOrder']) {
        const response = await support.client.graphql(
          `mutation ($input: OrderDecisionInput!) { ${mutation}(input: $input) { errors { code } } }`,
          { input: { orderId, reason: 'support tries', idempotencyKey: `support-${mutation}` } },
        );
        expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      }
      const [dispute] = await queryDatabase(testApp, `select state, version from disputes where id = $1`, [
        rawDisputeId,
      ]);
      expect(dispute).toEqual({ state: 'UNDER_REVIEW', version: 2 });
      const [order] = await queryDatabase(testApp, `select escrow_status from orders where id = $1`, [
        rawOrderId,
      ]);
      expect(order).toEqual({ escrow_status: 'HELD' });
    });

    it('are refused while the dispute is not under review', async () => {
      const admin = await newStaff(testApp, ['ADMIN']);
      const { orderId } = await disputedOrder(testApp);
      expect((await decide(admin, 'refund', orderId)).errors.map((error) => error.code)).toEqual([
        'DISPUTE_NOT_UNDER_REVIEW',
      ]);
    });
  });

  describe('disputeQueue and disputeCounts', () => {
    it('pages the queue oldest first by state and assignee, and counts disputes per state', async () => {
      const countsQuery = `{ disputeCounts { state count } }`;
      const counts = async () =>
        Object.fromEntries(
          (
            (await support.client.data(countsQuery))['disputeCounts'] as { state: string; count: number }[]
          ).map((row) => [row.state, row.count]),
        );
      const before = await counts();
      expect(Object.keys(before).sort()).toEqual([...disputeStates].sort());
      // given three new disputes, the first of which an agent takes
      const opened = [
        await disputedOrder(testApp),
        await disputedOrder(testApp),
        await disputedOrder(testApp),
      ];
      await startReview(otherSupport, opened[0]!.disputeId, 1);
      const after = await counts();
      expect(after['OPEN']).toBe(before['OPEN']! + 2);
      expect(after['UNDER_REVIEW']).toBe(before['UNDER_REVIEW']! + 1);

      // when support pages through the unassigned OPEN disputes, two at a time
      const page = async (after: string | null) =>
        (
          await support.client.data(
            `query ($after: String) {
              disputeQueue(filter: { states: [OPEN], unassignedOnly: true }, first: 2, after: $after) {
                edges { cursor node { id state createdAt } } pageInfo { hasNextPage endCursor }
              }
            }`,
            { after },
          )
        )['disputeQueue'];
      const seen: { id: string; state: string; createdAt: string }[] = [];
      for (let cursor: string | null = null, more = true; more;) {
        const current = await page(cursor);
        seen.push(...current.edges.map((edge: { node: (typeof seen)[number] }) => edge.node));
        more = current.pageInfo.hasNextPage;
        cursor = current.pageInfo.endCursor;
      }
      // then every open one appears once, oldest first, and the taken one does not
      const ids = seen.map((node) => node.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(seen.every((node) => node.state === 'OPEN')).toBe(true);
      expect(ids).toEqual(expect.arrayContaining([opened[1]!.disputeId, opened[2]!.disputeId]));
      expect(ids).not.toContain(opened[0]!.disputeId);
      const times = seen.map((node) => Date.parse(node.createdAt));
      expect(times).toEqual([...times].sort((left, right) => left - right));
      // and the assignee filter finds the taken one
      const mine = await support.client.data(
        `query ($assignee: ID!) { disputeQueue(filter: { assigneeId: $assignee }) { edges { node { id } } } }`,
        { assignee: otherSupport.id },
      );
      expect(mine['disputeQueue']['edges'].map((edge: { node: { id: string } }) => edge.node.id)).toContain(
        opened[0]!.disputeId,
      );
      // and the queue is for staff only; parties list their own disputes
      const buyerView = await opened[1]!.buyer.client.graphql(`{ disputeQueue { edges { node { id } } } }`);
      expect(buyerView.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const own = await opened[1]!.seller.client.data(`{ myDisputes { edges { node { id } } } }`);
      expect(own['myDisputes']['edges']).toEqual([{ node: { id: opened[1]!.disputeId } }]);
    });
  });

  describe('disputeQueue overdueOnly', () => {
    const queueDocument = `query ($filter: DisputeQueueFilter, $first: Int, $after: String) {
      disputeQueue(filter: $filter, first: $first, after: $after) {
        edges { cursor node { id state responseDueAt createdAt assignee { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    interface QueueNode {
      id: string;
      state: string;
      responseDueAt: string | null;
      createdAt: string;
      assignee: { id: string } | null;
    }
    /** Every page of the queue under `filter`, `first` at a time. */
    const wholeQueue = async (filter: Record<string, unknown>, first = 2): Promise<QueueNode[]> => {
      const nodes: QueueNode[] = [];
      for (let after: string | null = null, more = true; more;) {
        const page: any = (await support.client.data(queueDocument, { filter, first, after }))[
          'disputeQueue'
        ];
        nodes.push(...page.edges.map((edge: { node: QueueNode }) => edge.node));
        more = page.pageInfo.hasNextPage;
        after = page.pageInfo.endCursor;
      }
      return nodes;
    };
    /** Moves the response deadline into the past, as if the deadline job had not reached the dispute yet. */
    const passDeadline = (rawDisputeId: string, options: { unassign?: boolean } = {}) =>
      queryDatabase(
        testApp,
        // Every update is one version step (disputes_guard); NEEDS_RESPONSE -> NEEDS_RESPONSE is allowed.
        `update disputes set response_due_at = now() - interval '1 minute', version = version + 1
           ${options.unassign ? ', assignee_id = null' : ''} where id = $1`,
        [rawDisputeId],
      );
    /** A dispute asked for a response by `agent`, who therefore holds it. */
    const waitingForResponse = async (agent: Staff) => {
      const opened = await disputedOrder(testApp);
      await startReview(agent, opened.disputeId, 1);
      await requestResponse(agent, opened.disputeId, 2, { deadlineHours: 24 });
      return opened;
    };

    it('selects NEEDS_RESPONSE disputes past their deadline, combined with assignee, unassigned and states, page by page', async () => {
      // given an agent's two overdue disputes, a colleague's overdue one, an unassigned overdue one,
      // one of the agent's still in time, and an OPEN one
      const agent = await newStaff(testApp, ['SUPPORT']);
      const mineOverdue = [await waitingForResponse(agent), await waitingForResponse(agent)];
      const colleaguesOverdue = await waitingForResponse(otherSupport);
      const unassignedOverdue = await waitingForResponse(otherSupport);
      const mineInTime = await waitingForResponse(agent);
      const open = await disputedOrder(testApp);
      for (const dispute of [...mineOverdue, colleaguesOverdue]) await passDeadline(dispute.rawDisputeId);
      await passDeadline(unassignedOverdue.rawDisputeId, { unassign: true });
      const overdueIds = [...mineOverdue, colleaguesOverdue, unassignedOverdue].map(
        (dispute) => dispute.disputeId,
      );

      // when support pages through the overdue queue one at a time
      const overdue = await wholeQueue({ overdueOnly: true }, 1);
      // then each overdue dispute appears once, oldest first, and nothing else does
      const ids = overdue.map((node) => node.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(overdueIds));
      expect(ids).not.toContain(mineInTime.disputeId);
      expect(ids).not.toContain(open.disputeId);
      for (const node of overdue) {
        expect(node.state).toBe('NEEDS_RESPONSE');
        expect(Date.parse(node.responseDueAt!)).toBeLessThan(Date.now());
      }
      const times = overdue.map((node) => Date.parse(node.createdAt));
      expect(times).toEqual([...times].sort((left, right) => left - right));

      // and "assigned to me" narrows it to the agent's overdue disputes, in time ones left out
      const mine = await wholeQueue({ overdueOnly: true, assigneeId: agent.id });
      expect(mine.map((node) => node.id)).toEqual(mineOverdue.map((dispute) => dispute.disputeId));
      // and "unassigned" to the overdue ones nobody holds
      const unassigned = await wholeQueue({ overdueOnly: true, unassignedOnly: true });
      expect(unassigned.map((node) => node.id)).toContain(unassignedOverdue.disputeId);
      expect(unassigned.every((node) => node.assignee === null && node.state === 'NEEDS_RESPONSE')).toBe(
        true,
      );
      // and states that include NEEDS_RESPONSE keep the same overdue disputes
      const withStates = await wholeQueue({ overdueOnly: true, states: ['OPEN', 'NEEDS_RESPONSE'] });
      expect(withStates.map((node) => node.id)).toEqual(ids);
      // and without overdueOnly, the agent's queue still holds the dispute that is in time
      const agentsQueue = await wholeQueue({ assigneeId: agent.id, states: ['NEEDS_RESPONSE'] });
      expect(agentsQueue.map((node) => node.id)).toEqual(
        [...mineOverdue, mineInTime].map((dispute) => dispute.disputeId),
      );
    });

    it('refuses filters that exclude each other, naming the field', async () => {
      const refusal = async (filter: Record<string, unknown>) => {
        const answer = await support.client.graphql(queueDocument, { filter });
        expect(answer.data?.['disputeQueue'] ?? null).toBeNull();
        return answer.errors?.map((error) => [error.extensions?.['code'], error.extensions?.['field']]);
      };
      expect(await refusal({ overdueOnly: true, states: ['OPEN', 'UNDER_REVIEW'] })).toEqual([
        ['BAD_USER_INPUT', 'filter.overdueOnly'],
      ]);
      expect(await refusal({ assigneeId: support.id, unassignedOnly: true })).toEqual([
        ['BAD_USER_INPUT', 'filter.unassignedOnly'],
      ]);
    });
  });

  describe('the database', () => {
    it('keeps dispute events, messages and snapshots append-only', async () => {
      const { rawDisputeId } = await disputedOrder(testApp);
      for (const table of ['dispute_events', 'dispute_messages', 'dispute_evidence_snapshots']) {
        await expect(
          queryDatabase(testApp, `update ${table} set created_at = now() where dispute_id = $1`, [
            rawDisputeId,
          ]),
        ).rejects.toThrow(/append-only/);
        await expect(
          queryDatabase(testApp, `delete from ${table} where dispute_id = $1`, [rawDisputeId]),
        ).rejects.toThrow(/append-only/);
        await expect(queryDatabase(testApp, `truncate ${table} cascade`)).rejects.toThrow(/append-only/);
      }
      await expect(
        queryDatabase(testApp, `delete from disputes where id = $1`, [rawDisputeId]),
      ).rejects.toThrow(/append-only/);
    });

    it('refuses a state change outside the matrix, or one that skips a version, even from raw SQL', async () => {
      const { rawDisputeId } = await disputedOrder(testApp);
      await expect(
        queryDatabase(
          testApp,
          `update disputes set state = 'WON', outcome = 'WON', decided_at = now(), version = 2 where id = $1`,
          [rawDisputeId],
        ),
      ).rejects.toThrow(/cannot move from OPEN to WON/);
      await expect(
        queryDatabase(testApp, `update disputes set state = 'UNDER_REVIEW' where id = $1`, [rawDisputeId]),
      ).rejects.toThrow(/version must go from 1 to 2/);
    });

    it("allows exactly the matrix's (from, to) pairs", async () => {
      const rows = await queryDatabase<{ from_state: string; to_state: string; allowed: boolean }>(
        testApp,
        `select f::text as from_state, t::text as to_state, dispute_transition_allowed(f, t) as allowed
           from unnest(enum_range(null::dispute_state)) f, unnest(enum_range(null::dispute_state)) t`,
      );
      expect(rows).toHaveLength(disputeStates.length ** 2);
      const databasePairs = new Set(
        rows.filter((row) => row.allowed).map((row) => `${row.from_state}->${row.to_state}`),
      );
      expect([...databasePairs].sort()).toEqual([...allowedStatePairs()].sort());
    });
  });
});
