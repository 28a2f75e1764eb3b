import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { Order } from '../checkout/checkout.types';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import { fromGlobalId } from '../graphql/relay';
import type { DecisionInput } from './decisions.service';
import { OrderDecisionInput } from './disputes.inputs';
import { Dispute, RefundOrderPayload, ReleaseOrderPayload } from './disputes.types';

/**
 * The money side of a dispute decision: admins only (support runs the lifecycle and cannot move
 * money, invariant 9). Each settles the order's escrow and, as a side effect, decides and closes
 * its dispute under review.
 */
@Resolver()
export class DecisionResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => RefundOrderPayload, {
    description:
      "Admin: refunds a held order to the buyer's wallet; its dispute under review becomes WON, then CLOSED.",
  })
  async refundOrder(
    @Arg('input') input: OrderDecisionInput,
    @Ctx() context: Context,
  ): Promise<RefundOrderPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.decisions.refund(viewer.userId, decisionInput(input), context.meta);
    if ('errors' in result) return { order: null, dispute: null, replayed: false, errors: result.errors };
    return {
      order: Order.from(result.order),
      dispute: result.dispute ? Dispute.from(result.dispute) : null,
      replayed: result.replayed,
      errors: [],
    };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ReleaseOrderPayload, {
    description:
      'Admin: releases a held order to the seller (eligible for payout after the hold); its dispute under review becomes LOST, then CLOSED.',
  })
  async releaseOrder(
    @Arg('input') input: OrderDecisionInput,
    @Ctx() context: Context,
  ): Promise<ReleaseOrderPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.decisions.release(
      viewer.userId,
      decisionInput(input),
      context.meta,
    );
    if ('errors' in result) return { order: null, dispute: null, replayed: false, errors: result.errors };
    return {
      order: Order.from(result.order),
      dispute: result.dispute ? Dispute.from(result.dispute) : null,
      replayed: result.replayed,
      errors: [],
    };
  }
}

function decisionInput(input: OrderDecisionInput): DecisionInput {
  return {
    orderId: fromGlobalId(input.orderId, 'Order'),
    reason: input.reason,
    idempotencyKey: input.idempotencyKey,
    expectedDisputeVersion: input.expectedDisputeVersion ?? null,
  };
}
