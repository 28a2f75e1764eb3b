import crypto from 'node:crypto';
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { holdAccountActive, holdSessionOpen, userStanding } from '../auth/auth.queries';
import { lockOrder } from '../checkout/order-queries';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { afterCommit, postgresConstraint, withTransaction, type Tx } from '../db/transaction';
import type { ResponseRequested } from './dispute-mail';
import {
  isOpenDisputeState,
  openDisputeStates,
  transition,
  type DisputeAction,
  type DisputeActorKind,
} from '../domain/dispute-matrix';
import type { PostgresPubSub } from '../events/pubsub';
import { catchRefusal, refuse, type Refusable } from '../shared/user-error';
import type { JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import {
  checkAttachmentCount,
  checkMessageCount,
  insertMessage,
  ownAttachments,
  validMessage,
} from './dispute-messages';
import { noPartyRisk, type PartyRiskLookup } from './dispute-risk';
import {
  disputeFeedTopic,
  disputeUpdatedTopic,
  type DisputeChangeKind,
  type DisputeChangePayload,
} from './dispute-events';
import {
  AssignDisputeErrorCode,
  OpenDisputeErrorCode,
  PostDisputeMessageErrorCode,
  RequestDisputeResponseErrorCode,
  StartDisputeReviewErrorCode,
  WithdrawDisputeErrorCode,
} from './disputes.errors';
import {
  disputeAttachments,
  disputeEvents,
  disputeEvidenceSnapshots,
  disputeMessages,
  disputes,
} from './disputes.tables';
import { collectEvidence, evidenceSchemaVersion, hashEvidence } from './evidence';
import { publishViewerEvent } from '../auth/viewer-events';

export type DisputeRow = typeof disputes.$inferSelect;
export type DisputeEventRow = typeof disputeEvents.$inferSelect;
export type DisputeMessageRow = typeof disputeMessages.$inferSelect;
export type DisputeAttachmentRow = typeof disputeAttachments.$inferSelect;
export type EvidenceSnapshotRow = typeof disputeEvidenceSnapshots.$inferSelect;
export type DisputeReason = DisputeRow['reason'];
export type DisputeParty = NonNullable<DisputeRow['requestedParty']>;

/** How many open disputes a buyer may have at once. The risk area provides one per buyer; by default it is the configured cap. */
export type OpenDisputeLimit = (tx: Tx, buyerId: string) => Promise<number>;

/** Who acts on a dispute. Staff act as SUPPORT or ADMIN; parties as BUYER or SELLER; the system has no user. */
export interface StaffActor {
  userId: string;
  kind: 'SUPPORT' | 'ADMIN';
}

export const responseDeadlineTask = 'disputes.response_deadline';

const noteMaxLength = 2_000;

/**
 * The codes of the refusals a transition can meet, from the enum of the mutation that asked for
 * it: every mutation that moves a dispute at a client's request has both.
 */
interface TransitionCodes<Code extends string> {
  DISPUTE_STATE_CHANGED: Code;
  TRANSITION_NOT_ALLOWED: Code;
}

/**
 * The dispute lifecycle (invariant 8). Every state change goes through `move`: the matrix
 * decides, the UPDATE is filtered on the state and version the caller saw, and the dispute event
 * and subscription events are written in the same transaction. It never moves money: the admin's
 * refund or release (DecisionService) asks `applyDecision` for the dispute's side of a decision.
 * Its reading half is DisputeQueries (disputes.queries.ts); what a message may carry is
 * dispute-messages.ts.
 *
 * Lock order, everywhere: the buyer's advisory lock (opening only), the order row, the dispute row.
 */
export class DisputeService {
  private openDisputeLimit: OpenDisputeLimit;
  /** The risk of a dispute's party, for staff (the risk area provides it; null until then). */
  partyRisk: PartyRiskLookup;
  private readonly onResponseRequested: (notice: ResponseRequested) => void;

  constructor(
    private readonly database: Database,
    private readonly pubsub: PostgresPubSub,
    private readonly jobs: JobQueue,
    private readonly settings: Config['disputes'],
    options: {
      openDisputeLimit?: OpenDisputeLimit;
      partyRisk?: PartyRiskLookup;
      /** Told once a request for a party's response has committed (services.ts mails the party). */
      onResponseRequested?: (notice: ResponseRequested) => void;
    } = {},
  ) {
    this.openDisputeLimit = options.openDisputeLimit ?? (async () => settings.maxOpenDisputesPerBuyer);
    this.partyRisk = options.partyRisk ?? noPartyRisk;
    this.onResponseRequested = options.onResponseRequested ?? (() => undefined);
  }

  /** Replaces the open-dispute cap (the risk area's per-buyer limit); returns the one it replaced. */
  useOpenDisputeLimit(limit: OpenDisputeLimit): OpenDisputeLimit {
    const previous = this.openDisputeLimit;
    this.openDisputeLimit = limit;
    return previous;
  }

  registerTasks(jobs: JobQueue): void {
    jobs.register(responseDeadlineTask, async (payload) => {
      const { disputeId, version } = payload as { disputeId?: unknown; version?: unknown };
      if (typeof disputeId !== 'string' || typeof version !== 'number') {
        throw new Error('response deadline job without a dispute id and version');
      }
      await this.expireResponse(disputeId, version);
    });
  }

  /**
   * Settlement is blocked while a dispute is open. Locks the order row, the lock openDispute
   * takes, so the answer holds until the caller's transaction ends: a dispute cannot open between
   * this check and the caller's release.
   */
  async hasOpenDispute(tx: Tx, orderId: string): Promise<boolean> {
    await lockOrder(tx, orderId);
    const [open] = await tx
      .select({ id: disputes.id })
      .from(disputes)
      .where(and(eq(disputes.orderId, orderId), inArray(disputes.state, [...openDisputeStates])));
    return open !== undefined;
  }

  async openDispute(
    buyerId: string,
    input: {
      orderId: string | null;
      reason: DisputeReason;
      message: string;
      attachmentIds: (string | null)[];
    },
  ): Promise<Refusable<{ dispute: DisputeRow }, OpenDisputeErrorCode>> {
    return catchRefusal(async () => {
      const message = validMessage(input.message, OpenDisputeErrorCode);
      if (!input.orderId) refuse(OpenDisputeErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId');
      checkAttachmentCount(input.attachmentIds, this.settings.maxAttachmentsPerMessage, OpenDisputeErrorCode);
      const orderId = input.orderId;
      try {
        return await withTransaction(this.database, (tx) =>
          this.openInTransaction(tx, buyerId, orderId, input.reason, message, input.attachmentIds),
        );
      } catch (error) {
        // Two openings of one order queue on the order lock, so this is a bug's last line of defence.
        if (postgresConstraint(error) === 'disputes_one_open_per_order') {
          refuse(
            OpenDisputeErrorCode.DISPUTE_ALREADY_OPEN,
            'This order already has an open dispute.',
            'orderId',
          );
        }
        throw error;
      }
    });
  }

  private async openInTransaction(
    tx: Tx,
    buyerId: string,
    orderId: string,
    reason: DisputeReason,
    message: string,
    attachmentIds: (string | null)[],
  ): Promise<{ dispute: DisputeRow }> {
    // One buyer's openings queue here, so two at once cannot both pass the cap.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`dispute_open:${buyerId}`}, 0))`);
    const order = await lockOrder(tx, orderId);
    // Another buyer's order is "not found": its existence is not theirs to learn.
    if (!order || order.buyerId !== buyerId)
      refuse(OpenDisputeErrorCode.ORDER_NOT_FOUND, 'No such order.', 'orderId');
    if (order.escrowStatus !== 'HELD') {
      refuse(
        OpenDisputeErrorCode.ORDER_ALREADY_SETTLED,
        'This order was already settled; it can no longer be disputed.',
        'orderId',
      );
    }
    const now = new Date();
    if (order.protectionEndsAt <= now) {
      refuse(
        OpenDisputeErrorCode.PROTECTION_WINDOW_ENDED,
        "This order's buyer protection has ended.",
        'orderId',
      );
    }
    // A held order's earlier dispute is open, or was withdrawn: a decided one settled the order.
    const [existing] = await tx
      .select({ state: disputes.state })
      .from(disputes)
      .where(eq(disputes.orderId, order.id))
      .orderBy(desc(disputes.createdAt))
      .limit(1);
    if (existing && isOpenDisputeState(existing.state))
      refuse(OpenDisputeErrorCode.DISPUTE_ALREADY_OPEN, 'This order already has an open dispute.', 'orderId');
    if (existing) {
      refuse(
        OpenDisputeErrorCode.DISPUTE_WITHDRAWN,
        'You withdrew the dispute on this order; it cannot be opened again. Confirm the delivery, or it is released when its protection ends.',
        'orderId',
      );
    }
    const limit = await this.openDisputeLimit(tx, buyerId);
    const [{ open } = { open: 0 }] = await tx
      .select({ open: count() })
      .from(disputes)
      .where(and(eq(disputes.buyerId, buyerId), inArray(disputes.state, [...openDisputeStates])));
    if (open >= limit) {
      refuse(
        OpenDisputeErrorCode.TOO_MANY_OPEN_DISPUTES,
        limit === 0
          ? "Your account's standing allows no disputes now (after chargebacks or disputes lost): none can be opened while it lasts."
          : `You have ${open} open dispute${open === 1 ? '' : 's'}, as many as your account may have at once: wait for one to be decided before opening another.`,
      );
    }
    const attachments = await ownAttachments(tx, buyerId, attachmentIds, OpenDisputeErrorCode);

    const disputeId = crypto.randomUUID();
    // The histories are collected before the dispute exists: the evidence is what was known before it.
    const evidence = await collectEvidence(tx, {
      disputeId,
      order,
      claim: { reason, message, attachmentIds: attachments },
      now,
    });
    const [dispute] = await tx
      .insert(disputes)
      .values({
        id: disputeId,
        orderId: order.id,
        buyerId,
        sellerId: order.sellerId,
        reason,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    assert(dispute, 'dispute insert returned no row');
    await tx.insert(disputeEvents).values({
      disputeId,
      version: 1,
      action: 'OPEN',
      actorUserId: buyerId,
      actorKind: 'BUYER',
      fromState: null,
      toState: 'OPEN',
      note: truncateNote(`${reason}: ${message}`),
    });
    await insertMessage(tx, dispute.id, { userId: buyerId, kind: 'BUYER' }, message, attachments);
    const { sha256 } = hashEvidence(evidence);
    await tx.insert(disputeEvidenceSnapshots).values({
      id: crypto.randomUUID(),
      disputeId,
      schemaVersion: evidenceSchemaVersion,
      content: evidence as unknown as Record<string, unknown>,
      contentSha256: sha256,
    });
    await this.publish(tx, dispute, 'OPENED', { action: 'OPEN', fromState: null, actorKind: 'BUYER' });
    // The buyer's orders and the seller's sales show the order as disputed: their open clients hear of it.
    await publishViewerEvent(tx, buyerId, 'ORDER_UPDATED', order.id);
    await publishViewerEvent(tx, dispute.sellerId, 'SALE_UPDATED', order.id);
    return { dispute };
  }

  async assignDispute(
    staff: StaffActor,
    input: { disputeId: string | null; assigneeId: string | null; expectedVersion: number },
  ): Promise<Refusable<{ dispute: DisputeRow }, AssignDisputeErrorCode>> {
    return catchRefusal(() =>
      withTransaction(this.database, async (tx) => {
        const dispute = await this.findForStaff(tx, staff, input.disputeId, AssignDisputeErrorCode);
        const assigneeId = input.assigneeId ?? staff.userId;
        // Staff first: the dispute's buyer is not a colleague, whatever else they are. Locked, so
        // that an admin disabling the colleague now either waits for this or is seen here.
        const assignee = await userStanding(tx, assigneeId, 'lock');
        const isStaff = assignee?.roles.some((role) => role === 'SUPPORT' || role === 'ADMIN');
        if (!assignee || !isStaff || assignee.status !== 'ACTIVE') {
          refuse(
            AssignDisputeErrorCode.ASSIGNEE_NOT_STAFF,
            'Disputes are assigned to active support or admin staff.',
            'assigneeId',
          );
        }
        if (isParty(dispute, assigneeId)) {
          refuse(
            AssignDisputeErrorCode.OWN_DISPUTE,
            'This colleague bought or sold the order: assign the dispute to someone else.',
            'assigneeId',
          );
        }
        const moved = await this.move(
          tx,
          dispute,
          {
            action: 'ASSIGN',
            actor: staff,
            expectedVersion: input.expectedVersion,
            changes: { assigneeId },
            // Staff read the timeline: the colleague by name, not by id.
            note:
              assigneeId === staff.userId
                ? 'Assigned to themselves.'
                : `Assigned to ${assignee!.displayName}.`,
          },
          AssignDisputeErrorCode,
        );
        return { dispute: moved };
      }),
    );
  }

  /**
   * In the transaction that disables a staff account (AuthService.setStaffAccountStatus, after it
   * locked the account's row): the open disputes assigned to it go back to the queue, unassigned,
   * each keeping its state, as a versioned event by the admin who disabled the account. A dispute
   * being assigned to the account at that moment either committed first (its assignee check locks
   * the account's row, so this sees it) or is refused afterwards (the account is no longer active).
   * Returns the disputes returned.
   */
  async returnAssignedToQueue(tx: Tx, staffUserId: string, admin: { userId: string }): Promise<DisputeRow[]> {
    const assigned = await tx
      .select()
      .from(disputes)
      .where(and(eq(disputes.assigneeId, staffUserId), inArray(disputes.state, [...openDisputeStates])))
      .orderBy(disputes.id)
      .for('update');
    const returned: DisputeRow[] = [];
    for (const dispute of assigned) {
      returned.push(
        await this.move(
          tx,
          dispute,
          {
            action: 'UNASSIGN',
            actor: { userId: admin.userId, kind: 'ADMIN' },
            expectedVersion: dispute.version,
            changes: { assigneeId: null },
            note: "Returned to the queue: the assignee's staff account was disabled.",
          },
          null,
        ),
      );
    }
    return returned;
  }

  async startReview(
    staff: StaffActor,
    input: { disputeId: string | null; expectedVersion: number },
  ): Promise<Refusable<{ dispute: DisputeRow }, StartDisputeReviewErrorCode>> {
    return catchRefusal(() =>
      withTransaction(this.database, async (tx) => {
        const dispute = await this.findForStaff(tx, staff, input.disputeId, StartDisputeReviewErrorCode);
        const moved = await this.move(
          tx,
          dispute,
          {
            action: 'START_REVIEW',
            actor: staff,
            expectedVersion: input.expectedVersion,
            // Whoever starts the review of an unassigned dispute takes it.
            changes: dispute.assigneeId ? {} : { assigneeId: staff.userId },
            note: null,
          },
          StartDisputeReviewErrorCode,
        );
        return { dispute: moved };
      }),
    );
  }

  async requestResponse(
    staff: StaffActor,
    input: {
      disputeId: string | null;
      party: DisputeParty;
      message: string;
      deadlineHours: number;
      expectedVersion: number;
    },
  ): Promise<Refusable<{ dispute: DisputeRow }, RequestDisputeResponseErrorCode>> {
    return catchRefusal(async () => {
      const message = validMessage(input.message, RequestDisputeResponseErrorCode);
      const maxHours = this.settings.maxResponseDeadlineHours;
      if (
        !Number.isInteger(input.deadlineHours) ||
        input.deadlineHours < 1 ||
        input.deadlineHours > maxHours
      ) {
        refuse(
          RequestDisputeResponseErrorCode.INVALID_DEADLINE,
          `The deadline is 1 to ${maxHours} hours from now.`,
          'deadlineHours',
        );
      }
      return withTransaction(this.database, async (tx) => {
        const dispute = await this.findForStaff(tx, staff, input.disputeId, RequestDisputeResponseErrorCode);
        const responseDueAt = new Date(Date.now() + input.deadlineHours * 3_600_000);
        const moved = await this.move(
          tx,
          dispute,
          {
            action: 'REQUEST_RESPONSE',
            actor: staff,
            expectedVersion: input.expectedVersion,
            changes: { requestedParty: input.party, responseDueAt },
            note: truncateNote(
              `Response requested from the ${input.party.toLowerCase()} by ${responseDueAt.toISOString()}: ${message}`,
            ),
          },
          RequestDisputeResponseErrorCode,
        );
        await insertMessage(tx, moved.id, staff, message, []);
        const notice: ResponseRequested = {
          disputeId: moved.id,
          party: input.party,
          userId: input.party === 'BUYER' ? moved.buyerId : moved.sellerId,
          responseDueAt,
          message,
        };
        afterCommit(tx, () => this.onResponseRequested(notice));
        // One job per request: a later change bumps the version and turns this job into a no-op.
        await this.jobs.enqueue(
          tx,
          responseDeadlineTask,
          { disputeId: moved.id, version: moved.version },
          { runAt: responseDueAt, jobKey: `dispute_response_deadline:${moved.id}:${moved.version}` },
        );
        return { dispute: moved };
      });
    });
  }

  /**
   * A message from a party or staff. When the party that support asked answers, the dispute goes
   * back to UNDER_REVIEW in the same transaction.
   */
  async postMessage(
    author: {
      userId: string;
      staffKind: StaffActor['kind'] | null;
      /** The session the request came in on: the message lands only while it is open (null: no check). */
      sessionId?: string | null;
    },
    input: { disputeId: string | null; message: string; attachmentIds: (string | null)[] },
  ): Promise<Refusable<{ dispute: DisputeRow; message: DisputeMessageRow }, PostDisputeMessageErrorCode>> {
    return catchRefusal(async () => {
      const message = validMessage(input.message, PostDisputeMessageErrorCode);
      checkAttachmentCount(
        input.attachmentIds,
        this.settings.maxAttachmentsPerMessage,
        PostDisputeMessageErrorCode,
      );
      return withTransaction(this.database, async (tx) => {
        const notFound = () =>
          refuse(PostDisputeMessageErrorCode.DISPUTE_NOT_FOUND, 'No such dispute.', 'disputeId');
        if (!input.disputeId) return notFound();
        // First, before the dispute's lock: a revocation waits for this message, or it is refused.
        await holdSessionOpen(tx, author.sessionId ?? null, author.userId);
        // Locked: the answer and the deadline job must not both move the dispute.
        const [dispute] = await tx
          .select()
          .from(disputes)
          .where(eq(disputes.id, input.disputeId))
          .for('update');
        if (!dispute) return notFound();
        const kind: DisputeActorKind | null =
          dispute.buyerId === author.userId
            ? 'BUYER'
            : dispute.sellerId === author.userId
              ? 'SELLER'
              : author.staffKind;
        if (!kind) return notFound();
        if (!isOpenDisputeState(dispute.state)) {
          refuse(
            PostDisputeMessageErrorCode.DISPUTE_CLOSED,
            dispute.outcome === 'WITHDRAWN'
              ? 'The buyer withdrew this dispute; its conversation is closed.'
              : 'This dispute was decided; its conversation is closed.',
            'disputeId',
          );
        }
        // The answer support asked for is never refused for the count: a party at the limit could
        // otherwise be asked and left unable to answer. Answers are as many as support's requests.
        const answersRequest = dispute.state === 'NEEDS_RESPONSE' && dispute.requestedParty === kind;
        if (!answersRequest) {
          await checkMessageCount(
            tx,
            dispute.id,
            author.userId,
            this.settings.maxMessagesPerParticipant,
            PostDisputeMessageErrorCode,
          );
        }
        const attachments = await ownAttachments(
          tx,
          author.userId,
          input.attachmentIds,
          PostDisputeMessageErrorCode,
        );
        let current = dispute;
        if (answersRequest) {
          // The row is locked and the asked party may always answer: nothing here can be refused.
          current = await this.move(
            tx,
            dispute,
            {
              action: 'ANSWER',
              actor: { userId: author.userId, kind },
              expectedVersion: dispute.version,
              changes: { requestedParty: null, responseDueAt: null },
              note: `The ${kind.toLowerCase()} answered.`,
            },
            null,
          );
        }
        const posted = await insertMessage(
          tx,
          current.id,
          { userId: author.userId, kind },
          message,
          attachments,
        );
        if (current === dispute) {
          await this.publish(tx, dispute, 'MESSAGE_POSTED', {
            action: 'POST_MESSAGE',
            fromState: dispute.state,
            actorKind: kind,
          });
        }
        return { dispute: current, message: posted };
      });
    });
  }

  /**
   * The buyer takes an open dispute back: it closes with the outcome WITHDRAWN, in any open state,
   * with their optional last word as a message. No money moves: the order is held as before the
   * dispute, so the buyer may confirm the delivery and the auto-release sweep takes it once its
   * protection has ended. The order is locked first, as a decision locks it: a withdrawal and an
   * admin's decision queue there, and the second is refused.
   */
  async withdraw(
    buyer: { userId: string; sessionId?: string | null },
    input: { disputeId: string | null; expectedVersion: number; message: string | null },
  ): Promise<Refusable<{ dispute: DisputeRow }, WithdrawDisputeErrorCode>> {
    return catchRefusal(async () => {
      const message = input.message === null ? null : validMessage(input.message, WithdrawDisputeErrorCode);
      return withTransaction(this.database, async (tx) => {
        const notFound = () =>
          refuse(WithdrawDisputeErrorCode.DISPUTE_NOT_FOUND, 'No such dispute.', 'disputeId');
        if (!input.disputeId) return notFound();
        // First, before the order's lock: a revocation waits for this withdrawal, or it is refused.
        await holdSessionOpen(tx, buyer.sessionId ?? null, buyer.userId);
        const [found] = await tx
          .select({ orderId: disputes.orderId })
          .from(disputes)
          .where(eq(disputes.id, input.disputeId));
        if (!found) return notFound();
        await lockOrder(tx, found.orderId);
        const [dispute] = await tx.select().from(disputes).where(eq(disputes.id, input.disputeId));
        assert(dispute, 'a dispute is never deleted');
        // The seller may read the dispute and learns who may withdraw it; anyone else, that there is none.
        if (!isParty(dispute, buyer.userId)) return notFound();
        if (dispute.buyerId !== buyer.userId) {
          refuse(
            WithdrawDisputeErrorCode.TRANSITION_NOT_ALLOWED,
            'Only the buyer who opened a dispute can withdraw it.',
            'disputeId',
          );
        }
        if (!isOpenDisputeState(dispute.state)) {
          refuse(
            WithdrawDisputeErrorCode.DISPUTE_CLOSED,
            dispute.outcome === 'WITHDRAWN'
              ? 'You already withdrew this dispute.'
              : 'This dispute was decided; there is nothing left to withdraw.',
            'disputeId',
          );
        }
        const now = new Date();
        const withdrawn = await this.move(
          tx,
          dispute,
          {
            action: 'WITHDRAW',
            actor: { userId: buyer.userId, kind: 'BUYER' },
            expectedVersion: input.expectedVersion,
            changes: {
              outcome: 'WITHDRAWN',
              decidedAt: now,
              closedAt: now,
              requestedParty: null,
              responseDueAt: null,
            },
            note: 'Withdrawn by the buyer: the order stays held for confirmation or auto-release.',
          },
          WithdrawDisputeErrorCode,
        );
        if (message !== null) {
          await insertMessage(tx, withdrawn.id, { userId: buyer.userId, kind: 'BUYER' }, message, []);
        }
        // The order is no longer disputed: the buyer's orders and the seller's sales show it.
        await publishViewerEvent(tx, dispute.buyerId, 'ORDER_UPDATED', dispute.orderId);
        await publishViewerEvent(tx, dispute.sellerId, 'SALE_UPDATED', dispute.orderId);
        return { dispute: withdrawn };
      });
    });
  }

  /** The response deadline job: a dispute still waiting on the request of `version` goes back to review. */
  async expireResponse(disputeId: string, version: number): Promise<'EXPIRED' | 'SKIPPED'> {
    return withTransaction(this.database, async (tx) => {
      const [dispute] = await tx.select().from(disputes).where(eq(disputes.id, disputeId)).for('update');
      if (!dispute || dispute.state !== 'NEEDS_RESPONSE' || dispute.version !== version) return 'SKIPPED';
      const party = dispute.requestedParty?.toLowerCase() ?? 'party';
      await this.move(
        tx,
        dispute,
        {
          action: 'EXPIRE_RESPONSE',
          actor: { userId: null, kind: 'SYSTEM' },
          expectedVersion: version,
          changes: { requestedParty: null, responseDueAt: null },
          note: `No response from the ${party} by ${dispute.responseDueAt?.toISOString() ?? 'the deadline'}; back to review.`,
        },
        null,
      );
      return 'EXPIRED';
    });
  }

  /**
   * The dispute's side of an admin's money decision, inside the decision's transaction, after the
   * caller locked the order: an open dispute must be UNDER_REVIEW; it becomes WON (refund) or LOST
   * (release) with actor kind DECISION, then CLOSED by the system. An order without an open
   * dispute has nothing to do here; its latest dispute, if any, is answered (and a decision made on
   * another version of it is DISPUTE_STATE_CHANGED).
   */
  async applyDecision(
    tx: Tx,
    input: {
      orderId: string;
      decision: 'REFUND' | 'RELEASE';
      adminId: string;
      reason: string;
      expectedDisputeVersion: number | null;
    },
  ): Promise<
    { dispute: DisputeRow | null } | { refusal: 'DISPUTE_NOT_UNDER_REVIEW' | 'DISPUTE_STATE_CHANGED' }
  > {
    const [dispute] = await tx
      .select()
      .from(disputes)
      .where(and(eq(disputes.orderId, input.orderId), inArray(disputes.state, [...openDisputeStates])))
      .for('update');
    if (!dispute) {
      // No open dispute: the order's latest one, if any, was decided and closed (the caller holds the
      // order's lock). A decision made on a version of it that has since moved is refused, as it
      // would be while open: a second admin who loaded the dispute before the first one decided it
      // learns that, instead of a replayed settlement.
      const [latest] = await tx
        .select()
        .from(disputes)
        .where(eq(disputes.orderId, input.orderId))
        .orderBy(desc(disputes.createdAt))
        .limit(1);
      if (
        latest &&
        input.expectedDisputeVersion !== null &&
        input.expectedDisputeVersion !== latest.version
      ) {
        return { refusal: 'DISPUTE_STATE_CHANGED' };
      }
      return { dispute: latest ?? null };
    }
    if (input.expectedDisputeVersion !== null && input.expectedDisputeVersion !== dispute.version) {
      return { refusal: 'DISPUTE_STATE_CHANGED' };
    }
    if (dispute.state !== 'UNDER_REVIEW') return { refusal: 'DISPUTE_NOT_UNDER_REVIEW' };
    const now = new Date();
    const outcome = input.decision === 'REFUND' ? 'WON' : 'LOST';
    // The row is locked and its version and state checked: neither move can be refused.
    const decided = await this.move(
      tx,
      dispute,
      {
        action: input.decision === 'REFUND' ? 'DECIDE_REFUND' : 'DECIDE_RELEASE',
        actor: { userId: input.adminId, kind: 'DECISION' },
        expectedVersion: dispute.version,
        changes: { outcome, decidedAt: now },
        note: truncateNote(input.reason),
      },
      null,
    );
    const closed = await this.move(
      tx,
      decided,
      {
        action: 'CLOSE',
        actor: { userId: null, kind: 'SYSTEM' },
        expectedVersion: decided.version,
        changes: { closedAt: now },
        note: 'Closed with the decision: the escrow is settled.',
      },
      null,
    );
    return { dispute: closed };
  }

  /**
   * One step of the matrix: checks it, updates the row only if it is still in the state and
   * version the caller saw, appends the dispute event and publishes, all in `tx`. A lost race or
   * a stale version is DISPUTE_STATE_CHANGED and changes nothing. `codes` come from the enum of
   * the mutation that asked for the step; a caller that checked the state and version under the
   * row's lock passes null, and a refusal there is a bug, thrown.
   */
  private async move<Code extends string>(
    tx: Tx,
    dispute: DisputeRow,
    step: {
      action: DisputeAction;
      actor: { userId: string | null; kind: DisputeActorKind };
      expectedVersion: number;
      changes: Partial<
        Pick<
          DisputeRow,
          'assigneeId' | 'requestedParty' | 'responseDueAt' | 'outcome' | 'decidedAt' | 'closedAt'
        >
      >;
      note: string | null;
    },
    codes: TransitionCodes<Code> | null,
  ): Promise<DisputeRow> {
    if (step.expectedVersion !== dispute.version) refuseStateChanged(codes);
    const next = transition(dispute.state, step.action, step.actor.kind);
    if (!next.allowed) {
      refuseTransition(
        codes,
        'TRANSITION_NOT_ALLOWED',
        `A ${dispute.state} dispute does not allow ${step.action} by ${step.actor.kind}.`,
      );
    }
    assert(
      (step.actor.kind === 'SYSTEM') === (step.actor.userId === null),
      'only the system acts without a user',
    );
    const [moved] = await tx
      .update(disputes)
      .set({ ...step.changes, state: next.to, version: sql`${disputes.version} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(disputes.id, dispute.id),
          eq(disputes.state, dispute.state),
          eq(disputes.version, step.expectedVersion),
        ),
      )
      .returning();
    if (!moved) refuseStateChanged(codes);
    assert(moved.version === dispute.version + 1, 'a transition moves the version by one');
    await tx.insert(disputeEvents).values({
      disputeId: dispute.id,
      version: moved.version,
      action: step.action,
      actorUserId: step.actor.userId,
      actorKind: step.actor.kind,
      fromState: dispute.state,
      toState: moved.state,
      note: step.note,
    });
    await this.publish(tx, moved, 'TRANSITIONED', {
      action: step.action,
      fromState: dispute.state,
      actorKind: step.actor.kind,
    });
    return moved;
  }

  private async publish(
    tx: Tx,
    dispute: DisputeRow,
    kind: DisputeChangeKind,
    change: Pick<DisputeChangePayload, 'action' | 'fromState' | 'actorKind'>,
  ): Promise<void> {
    const payload: DisputeChangePayload = {
      kind,
      disputeId: dispute.id,
      orderId: dispute.orderId,
      buyerId: dispute.buyerId,
      sellerId: dispute.sellerId,
      assigneeId: dispute.assigneeId,
      state: dispute.state,
      version: dispute.version,
      occurredAt: new Date().toISOString(),
      ...change,
    };
    if (kind !== 'MESSAGE_POSTED') await this.pubsub.publish(tx, disputeFeedTopic, payload);
    await this.pubsub.publish(tx, disputeUpdatedTopic, payload, dispute.id);
    // Each party's open clients (a seller's count of disputes awaiting them, on any page) hear that
    // this dispute changed; what changed is on disputeUpdated.
    await publishViewerEvent(tx, dispute.buyerId, 'DISPUTE_UPDATED', dispute.id);
    await publishViewerEvent(tx, dispute.sellerId, 'DISPUTE_UPDATED', dispute.id);
  }

  /**
   * The dispute a staff member acts on. No one handles a dispute they are a party to (a staff
   * account that also buys or sells): OWN_DISPUTE, and a colleague does it.
   */
  private async findForStaff<Code extends string>(
    tx: Tx,
    staff: StaffActor,
    disputeId: string | null,
    codes: { DISPUTE_NOT_FOUND: Code; OWN_DISPUTE: Code },
  ): Promise<DisputeRow> {
    // Before the dispute: an admin disabling this colleague now waits for this step, or refuses it.
    await holdAccountActive(tx, staff.userId);
    const [dispute] = disputeId ? await tx.select().from(disputes).where(eq(disputes.id, disputeId)) : [];
    if (!dispute) refuse(codes.DISPUTE_NOT_FOUND, 'No such dispute.', 'disputeId');
    if (isParty(dispute, staff.userId)) {
      refuse(
        codes.OWN_DISPUTE,
        'You bought or sold this order: a colleague handles its dispute.',
        'disputeId',
      );
    }
    return dispute;
  }
}

/**
 * Refuses a step with the code of the mutation that asked for it. Without codes the caller had
 * checked the step under the row's lock, so a refusal is a bug: thrown, never returned.
 */
function refuseTransition<Code extends string>(
  codes: TransitionCodes<Code> | null,
  code: keyof TransitionCodes<Code>,
  message: string,
  field: string | null = null,
): never {
  assert(codes, `a dispute transition was refused (${code}) after its caller checked it: ${message}`);
  refuse(codes[code], message, field);
}

function refuseStateChanged<Code extends string>(codes: TransitionCodes<Code> | null): never {
  refuseTransition(
    codes,
    'DISPUTE_STATE_CHANGED',
    'The dispute changed since you loaded it; reload it and try again.',
    'expectedVersion',
  );
}

function truncateNote(note: string): string {
  return note.length <= noteMaxLength ? note : `${note.slice(0, noteMaxLength - 1)}…`;
}

function isParty(dispute: DisputeRow, userId: string): boolean {
  return dispute.buyerId === userId || dispute.sellerId === userId;
}
