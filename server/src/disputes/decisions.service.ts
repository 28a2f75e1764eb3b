import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { orders } from '../checkout/checkout.tables';
import { EscrowErrorCode, type EscrowService, type OrderRow } from '../checkout/escrow.service';
import type { Database } from '../db/pool';
import { withTransaction } from '../db/transaction';
import type { RequestMeta } from '../shared/request-meta';
import { userError, type UserErrorValue } from '../shared/user-error';
import { isValidIdempotencyKey, withIdempotencyKey } from '../shared/idempotency';
import { assert } from '../shared/assert';
import { RefundOrderErrorCode, ReleaseOrderErrorCode } from './disputes.errors';
import type { DisputeRow, DisputeService } from './disputes.service';
import { disputes } from './disputes.tables';

export type Decision = 'REFUND' | 'RELEASE';

type DecisionErrorCode<D extends Decision> = D extends 'REFUND'
  ? RefundOrderErrorCode
  : ReleaseOrderErrorCode;

export type DecisionResult<D extends Decision> =
  | { order: OrderRow; dispute: DisputeRow | null; replayed: boolean }
  | { errors: UserErrorValue<DecisionErrorCode<D>>[] };

/** What an idempotency key remembers of a decision: enough to answer a replay. */
interface StoredDecision {
  orderId: string;
  disputeId: string | null;
  /** The escrow was already settled this way (by an earlier decision under another key). */
  escrowReplayed: boolean;
}

const reasonMaxLength = 1_000;

class DecisionRefused extends Error {
  constructor(readonly error: UserErrorValue<string>) {
    super(error.code);
  }
}

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

  refund(adminId: string, input: DecisionInput, meta: RequestMeta): Promise<DecisionResult<'REFUND'>> {
    return this.decide('REFUND', adminId, input, meta);
  }

  release(adminId: string, input: DecisionInput, meta: RequestMeta): Promise<DecisionResult<'RELEASE'>> {
    return this.decide('RELEASE', adminId, input, meta);
  }

  private async decide<D extends Decision>(
    decision: D,
    adminId: string,
    input: DecisionInput,
    meta: RequestMeta,
  ): Promise<DecisionResult<D>> {
    const refusal = (code: string, message: string, field: string | null = null): DecisionResult<D> => ({
      errors: [userError(code as DecisionErrorCode<D>, message, field)],
    });
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > reasonMaxLength) {
      return refusal(
        'INVALID_REASON',
        `State the reason for the decision in 1 to ${reasonMaxLength} characters.`,
        'reason',
      );
    }
    if (!isValidIdempotencyKey(input.idempotencyKey)) {
      return refusal(
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency keys are 1 to 100 characters: letters, digits, . _ : -',
        'idempotencyKey',
      );
    }
    if (!input.orderId) return refusal('ORDER_NOT_FOUND', 'No such order.', 'orderId');
    const orderId = input.orderId;
    const request = {
      scope: decision === 'REFUND' ? 'refundOrder' : 'releaseOrder',
      key: input.idempotencyKey,
      userId: adminId,
      input: { orderId, reason, expectedDisputeVersion: input.expectedDisputeVersion },
    };
    try {
      return await withTransaction(this.database, async (tx) => {
        const outcome = await withIdempotencyKey<StoredDecision>(tx, request, async () => {
          // The order lock first: it orders this decision after any other settlement of the order.
          const [locked] = await tx
            .select({ id: orders.id })
            .from(orders)
            .where(eq(orders.id, orderId))
            .for('update');
          if (!locked) throw refused('ORDER_NOT_FOUND', 'No such order.', 'orderId');
          const disputeSide = await this.disputes.applyDecision(tx, {
            orderId,
            decision,
            adminId,
            reason,
            expectedDisputeVersion: input.expectedDisputeVersion,
          });
          if ('refusal' in disputeSide) {
            throw disputeSide.refusal === 'DISPUTE_STATE_CHANGED'
              ? refused(
                  'DISPUTE_STATE_CHANGED',
                  'The dispute changed since you loaded it; reload it and decide again.',
                  'expectedDisputeVersion',
                )
              : refused(
                  'DISPUTE_NOT_UNDER_REVIEW',
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
            if (code === EscrowErrorCode.ORDER_NOT_FOUND)
              throw refused('ORDER_NOT_FOUND', message, 'orderId');
            throw refused(code, message, 'orderId');
          }
          await recordAudit(tx, {
            actorUserId: adminId,
            action: decision === 'REFUND' ? 'order.refund' : 'order.release',
            subjectType: 'Order',
            subjectId: orderId,
            details: {
              reason,
              disputeId: disputeSide.dispute?.id ?? null,
              disputeOutcome: disputeSide.dispute?.outcome ?? null,
              escrowAlreadySettled: settled.replayed,
            },
            requestId: meta.requestId,
            address: meta.address,
          });
          return { orderId, disputeId: disputeSide.dispute?.id ?? null, escrowReplayed: settled.replayed };
        });
        if (outcome.status === 'KEY_REUSED') {
          throw refused(
            'IDEMPOTENCY_KEY_REUSED',
            'This idempotency key was used for a different decision.',
            'idempotencyKey',
          );
        }
        const [order] = await tx.select().from(orders).where(eq(orders.id, outcome.result.orderId));
        assert(order, 'a decided order exists');
        const [dispute] = outcome.result.disputeId
          ? await tx.select().from(disputes).where(eq(disputes.id, outcome.result.disputeId))
          : [];
        return {
          order,
          dispute: dispute ?? null,
          replayed: outcome.status === 'REPLAYED' || outcome.result.escrowReplayed,
        };
      });
    } catch (error) {
      if (error instanceof DecisionRefused)
        return { errors: [error.error as UserErrorValue<DecisionErrorCode<D>>] };
      throw error;
    }
  }
}

export interface DecisionInput {
  orderId: string | null;
  reason: string;
  idempotencyKey: string;
  /** The dispute version the admin decided on; a dispute that changed since is DISPUTE_STATE_CHANGED. */
  expectedDisputeVersion: number | null;
}

function refused(code: string, message: string, field: string | null = null): DecisionRefused {
  return new DecisionRefused(userError(code, message, field));
}
