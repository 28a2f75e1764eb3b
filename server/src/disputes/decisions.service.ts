import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { holdAccountActive } from '../auth/auth.queries';
import { EscrowErrorCode, type EscrowService, type OrderRow } from '../checkout/escrow.service';
import { findOrder, lockOrder } from '../checkout/order-queries';
import type { Database } from '../db/pool';
import { withTransaction } from '../db/transaction';
import type { RequestMeta } from '../shared/request-meta';
import { catchRefusal, refuse, type Refusable } from '../shared/user-error';
import { isValidIdempotencyKey, withIdempotencyKey } from '../shared/idempotency';
import { assert } from '../shared/assert';
import { RefundOrderErrorCode, ReleaseOrderErrorCode } from './disputes.errors';
import type { DisputeRow, DisputeService } from './disputes.service';
import { disputes } from './disputes.tables';
import { isReadableText } from '../shared/display-text';

export type Decision = 'REFUND' | 'RELEASE';

export type DecisionResult<Code extends RefundOrderErrorCode | ReleaseOrderErrorCode> = Refusable<
  { order: OrderRow; dispute: DisputeRow | null; replayed: boolean },
  Code
>;

/** What differs between a refund and a release: the decision, and the codes of its mutation's enum. */
interface DecisionRules<Code extends string> {
  decision: Decision;
  scope: string;
  codes: {
    ORDER_NOT_FOUND: Code;
    DISPUTE_NOT_UNDER_REVIEW: Code;
    DISPUTE_STATE_CHANGED: Code;
    INVALID_REASON: Code;
    INVALID_IDEMPOTENCY_KEY: Code;
    IDEMPOTENCY_KEY_REUSED: Code;
    OWN_ORDER: Code;
  };
  /** The one escrow refusal the decision can meet besides a missing order: settled the other way. */
  settledOtherWay: { escrowCode: EscrowErrorCode; code: Code };
  /** Settled this way already, by something other than this key (which would be a replay). */
  settledSameWay: { code: Code; message: string };
}

const refundRules: DecisionRules<RefundOrderErrorCode> = {
  decision: 'REFUND',
  scope: 'refundOrder',
  codes: RefundOrderErrorCode,
  settledOtherWay: {
    escrowCode: EscrowErrorCode.ESCROW_ALREADY_RELEASED,
    code: RefundOrderErrorCode.ESCROW_ALREADY_RELEASED,
  },
  settledSameWay: {
    code: RefundOrderErrorCode.ESCROW_ALREADY_REFUNDED,
    message: 'This order was already refunded by another decision; nothing changed.',
  },
};

const releaseRules: DecisionRules<ReleaseOrderErrorCode> = {
  decision: 'RELEASE',
  scope: 'releaseOrder',
  codes: ReleaseOrderErrorCode,
  settledOtherWay: {
    escrowCode: EscrowErrorCode.ESCROW_ALREADY_REFUNDED,
    code: ReleaseOrderErrorCode.ESCROW_ALREADY_REFUNDED,
  },
  settledSameWay: {
    code: ReleaseOrderErrorCode.ESCROW_ALREADY_RELEASED,
    message:
      "This order's money was already released to the seller (the buyer's confirmation, the auto-release or another decision); nothing changed.",
  },
};

/** What an idempotency key remembers of a decision: enough to answer a replay. */
interface StoredDecision {
  orderId: string;
  disputeId: string | null;
}

const reasonMaxLength = 1_000;

/**
 * The money side of a dispute decision (invariant 9): an admin's refund or release of one order.
 * In one transaction it settles the escrow through EscrowService (the only code that moves it),
 * moves the order's dispute, if any, from UNDER_REVIEW to WON or LOST and on to CLOSED, and
 * writes the audit entry. Any refusal rolls all of it back. It never calls Stripe (invariant 10):
 * a release sets the order's payout eligibility, which the payout worker picks up on its own.
 *
 * Lock order: the order row, then the dispute row.
 */
export class DecisionService {
  constructor(
    private readonly database: Database,
    private readonly escrow: EscrowService,
    private readonly disputes: DisputeService,
  ) {}

  refund(
    adminId: string,
    input: DecisionInput,
    meta: RequestMeta,
  ): Promise<DecisionResult<RefundOrderErrorCode>> {
    return this.decide(refundRules, adminId, input, meta);
  }

  release(
    adminId: string,
    input: DecisionInput,
    meta: RequestMeta,
  ): Promise<DecisionResult<ReleaseOrderErrorCode>> {
    return this.decide(releaseRules, adminId, input, meta);
  }

  private decide<Code extends RefundOrderErrorCode | ReleaseOrderErrorCode>(
    { decision, scope, codes, settledOtherWay, settledSameWay }: DecisionRules<Code>,
    adminId: string,
    input: DecisionInput,
    meta: RequestMeta,
  ): Promise<DecisionResult<Code>> {
    return catchRefusal(async () => {
      const reason = input.reason.trim();
      if (reason.length === 0 || reason.length > reasonMaxLength || !isReadableText(reason)) {
        refuse(
          codes.INVALID_REASON,
          `State the reason for the decision in 1 to ${reasonMaxLength} characters.`,
          'reason',
        );
      }
      if (!isValidIdempotencyKey(input.idempotencyKey)) {
        refuse(
          codes.INVALID_IDEMPOTENCY_KEY,
          'Idempotency keys are 1 to 100 characters: letters, digits, . _ : -',
          'idempotencyKey',
        );
      }
      if (!input.orderId) refuse(codes.ORDER_NOT_FOUND, 'No such order.', 'orderId');
      const orderId = input.orderId;
      const request = {
        scope,
        key: input.idempotencyKey,
        userId: adminId,
        input: { orderId, reason, expectedDisputeVersion: input.expectedDisputeVersion },
      };
      return withTransaction(this.database, async (tx) => {
        // First: an admin disabling this one now waits for this decision, or refuses it.
        await holdAccountActive(tx, adminId);
        const outcome = await withIdempotencyKey<StoredDecision>(tx, request, async () => {
          // The order lock first: it orders this decision after any other settlement of the order.
          const locked = await lockOrder(tx, orderId);
          if (!locked) refuse(codes.ORDER_NOT_FOUND, 'No such order.', 'orderId');
          // No one decides where their own money is at stake (an admin who also buys or sells).
          if (locked.buyerId === adminId || locked.sellerId === adminId) {
            refuse(codes.OWN_ORDER, 'You bought or sold this order: another admin decides it.', 'orderId');
          }
          const disputeSide = await this.disputes.applyDecision(tx, {
            orderId,
            decision,
            adminId,
            reason,
            expectedDisputeVersion: input.expectedDisputeVersion,
          });
          if ('refusal' in disputeSide) {
            if (disputeSide.refusal === 'DISPUTE_STATE_CHANGED') {
              refuse(
                codes.DISPUTE_STATE_CHANGED,
                'The dispute changed since you loaded it; reload it and decide again.',
                'expectedDisputeVersion',
              );
            }
            refuse(
              codes.DISPUTE_NOT_UNDER_REVIEW,
              "This order's dispute is not under review: start the review (or wait for the party's response) first.",
              'orderId',
            );
          }
          const settled =
            decision === 'REFUND'
              ? await this.escrow.refund(tx, orderId, 'ADMIN')
              : await this.escrow.release(tx, orderId, 'ADMIN');
          if ('error' in settled) {
            const { code, message } = settled.error;
            if (code === EscrowErrorCode.ORDER_NOT_FOUND) refuse(codes.ORDER_NOT_FOUND, message, 'orderId');
            assert(
              code === settledOtherWay.escrowCode,
              `a ${decision} of order ${orderId} met escrow refusal ${code}`,
            );
            refuse(settledOtherWay.code, message, 'orderId');
          }
          // Settled this way before this key: another admin's decision (or the buyer's confirmation,
          // the auto-release) did it. Refused, so that no one is told their decision was applied and
          // the audit log holds only decisions that moved money.
          if (settled.replayed) refuse(settledSameWay.code, settledSameWay.message, 'orderId');
          await recordAudit(tx, {
            actorUserId: adminId,
            action: decision === 'REFUND' ? 'order.refund' : 'order.release',
            subjectType: 'Order',
            subjectId: orderId,
            details: {
              reason,
              disputeId: disputeSide.dispute?.id ?? null,
              disputeOutcome: disputeSide.dispute?.outcome ?? null,
            },
            requestId: meta.requestId,
            address: meta.address,
          });
          return { orderId, disputeId: disputeSide.dispute?.id ?? null };
        });
        if (outcome.status === 'KEY_REUSED') {
          refuse(
            codes.IDEMPOTENCY_KEY_REUSED,
            'This idempotency key was used for a different decision.',
            'idempotencyKey',
          );
        }
        const order = await findOrder(tx, outcome.result.orderId);
        assert(order, 'a decided order exists');
        const [dispute] = outcome.result.disputeId
          ? await tx.select().from(disputes).where(eq(disputes.id, outcome.result.disputeId))
          : [];
        return {
          order,
          dispute: dispute ?? null,
          replayed: outcome.status === 'REPLAYED',
        };
      });
    });
  }
}

export interface DecisionInput {
  orderId: string | null;
  reason: string;
  idempotencyKey: string;
  /** The dispute version the admin decided on; a dispute that changed since is DISPUTE_STATE_CHANGED. */
  expectedDisputeVersion: number | null;
}
