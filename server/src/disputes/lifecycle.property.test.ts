import fc from 'fast-check';
import {
  transition,
  type DisputeAction,
  type DisputeActorKind,
  type DisputeState,
} from '../domain/dispute-matrix';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import {
  assignMutation,
  decide,
  disputedOrder,
  newStaff,
  postMessageMutation,
  requestResponse,
  startReview,
  startReviewMutation,
  withdrawMutation,
  type Staff,
} from '../../test/dispute-helpers';

/**
 * The matrix, proven on the database: random sequences of lifecycle steps by every kind of actor,
 * through the public API. A step the matrix allows moves the dispute to the matrix's target and
 * appends exactly one event (a decision two: WON or LOST, then CLOSED); a step it refuses
 * changes neither the state nor the events.
 */
type Step =
  | { kind: 'assign' }
  | { kind: 'startReview'; by: 'SUPPORT' | 'BUYER' }
  | { kind: 'request'; party: 'BUYER' | 'SELLER' }
  | { kind: 'answer'; by: 'BUYER' | 'SELLER' }
  | { kind: 'expire' }
  | { kind: 'decide'; decision: 'refund' | 'release' }
  | { kind: 'withdraw'; by: 'BUYER' | 'SELLER' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'assign' as const }),
  fc.record({
    kind: fc.constant('startReview' as const),
    by: fc.constantFrom('SUPPORT' as const, 'BUYER' as const),
  }),
  fc.record({
    kind: fc.constant('request' as const),
    party: fc.constantFrom('BUYER' as const, 'SELLER' as const),
  }),
  fc.record({
    kind: fc.constant('answer' as const),
    by: fc.constantFrom('BUYER' as const, 'SELLER' as const),
  }),
  fc.constant({ kind: 'expire' as const }),
  fc.record({
    kind: fc.constant('decide' as const),
    decision: fc.constantFrom('refund' as const, 'release' as const),
  }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    by: fc.constantFrom('BUYER' as const, 'SELLER' as const),
  }),
);

describe('the dispute lifecycle (property over the matrix)', () => {
  let testApp: TestApp;
  let support: Staff;
  let admin: Staff;
  beforeAll(async () => {
    testApp = await startTestApp();
    support = await newStaff(testApp, ['SUPPORT']);
    admin = await newStaff(testApp, ['ADMIN']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('moves only as the matrix says, one event per transition, nothing on a refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 10 }), async (steps) => {
        const disputed = await disputedOrder(testApp);
        const read = async () => {
          const [row] = await queryDatabase(
            testApp,
            `select d.state, d.version, d.requested_party,
                    (select count(*)::int from dispute_events e where e.dispute_id = d.id) as events
               from disputes d where d.id = $1`,
            [disputed.rawDisputeId],
          );
          return row as {
            state: DisputeState;
            version: number;
            requested_party: string | null;
            events: number;
          };
        };

        for (const current of steps) {
          const before = await read();
          const { action, actor } = matrixStepOf(current, before.requested_party);
          const verdict = action ? transition(before.state, action, actor) : { allowed: false as const };
          // An answer from the party that was not asked is a message, not a transition.
          const expectedEvents = verdict.allowed ? (current.kind === 'decide' ? 2 : 1) : 0;

          await perform(current, disputed, before.version);

          const after = await read();
          if (verdict.allowed) {
            expect(after.state).toBe(current.kind === 'decide' ? 'CLOSED' : verdict.to);
            expect(after.version).toBeGreaterThan(before.version);
          } else {
            expect(after.state).toBe(before.state);
            expect(after.version).toBe(before.version);
          }
          expect(after.events - before.events).toBe(expectedEvents);
        }
      }),
      { numRuns: 12 },
    );
  });

  /** The matrix action and actor a step stands for; null when the step is not a lifecycle action at all. */
  function matrixStepOf(
    current: Step,
    requestedParty: string | null,
  ): { action: DisputeAction | null; actor: DisputeActorKind } {
    switch (current.kind) {
      case 'assign':
        return { action: 'ASSIGN', actor: 'SUPPORT' };
      case 'startReview':
        return { action: 'START_REVIEW', actor: current.by };
      case 'request':
        return { action: 'REQUEST_RESPONSE', actor: 'SUPPORT' };
      case 'answer':
        return { action: current.by === requestedParty ? 'ANSWER' : null, actor: current.by };
      case 'expire':
        return { action: 'EXPIRE_RESPONSE', actor: 'SYSTEM' };
      case 'decide':
        return {
          action: current.decision === 'refund' ? 'DECIDE_REFUND' : 'DECIDE_RELEASE',
          actor: 'DECISION',
        };
      case 'withdraw':
        return { action: 'WITHDRAW', actor: current.by };
    }
  }

  async function perform(
    current: Step,
    disputed: Awaited<ReturnType<typeof disputedOrder>>,
    version: number,
  ): Promise<void> {
    const { disputeId } = disputed;
    switch (current.kind) {
      case 'assign':
        await support.client.graphql(assignMutation, { input: { disputeId, expectedVersion: version } });
        return;
      case 'startReview':
        if (current.by === 'SUPPORT') await startReview(support, disputeId, version);
        else
          await disputed.buyer.client.graphql(startReviewMutation, {
            input: { disputeId, expectedVersion: version },
          });
        return;
      case 'request':
        await requestResponse(support, disputeId, version, { party: current.party });
        return;
      case 'answer': {
        const party = current.by === 'BUYER' ? disputed.buyer : disputed.seller;
        await party.client.graphql(postMessageMutation, {
          input: { disputeId, message: 'Here is what happened.', attachments: [] },
        });
        return;
      }
      case 'expire':
        await testApp.services.disputes.expireResponse(disputed.rawDisputeId, version);
        return;
      case 'decide':
        await decide(admin, current.decision, disputed.orderId);
        return;
      case 'withdraw': {
        const party = current.by === 'BUYER' ? disputed.buyer : disputed.seller;
        await party.client.graphql(withdrawMutation, { input: { disputeId, expectedVersion: version } });
        return;
      }
    }
  }
});
