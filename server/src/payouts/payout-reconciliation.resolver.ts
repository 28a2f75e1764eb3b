import { Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import { userError } from '../shared/user-error';
import { RunPayoutReconciliationErrorCode } from './payout-reconciliation.errors';
import { PayoutReconciliation, RunPayoutReconciliationPayload } from './payout-reconciliation.types';

@Resolver(() => PayoutReconciliation)
export class PayoutReconciliationResolver {
  @Authorized(Role.ADMIN)
  @Query(() => PayoutReconciliation, {
    nullable: true,
    description:
      "Admin only: the last payout reconciliation (Stripe's transfers against the payouts and the ledger); null before the first.",
  })
  async payoutReconciliation(@Ctx() context: Context): Promise<PayoutReconciliation | null> {
    const run = await context.services.payoutReconciliation.latest();
    return run ? PayoutReconciliation.from(run) : null;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RunPayoutReconciliationPayload, {
    description:
      "Admin only: runs a payout reconciliation now and returns it. It reads every Stripe transfer, so one runs at a time: RECONCILIATION_RUNNING while another (the job's, the command's, another admin's) is in progress.",
  })
  async runPayoutReconciliation(@Ctx() context: Context): Promise<RunPayoutReconciliationPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.payoutReconciliation.reconcile({
      trigger: 'ADMIN',
      requestedBy: viewer.userId,
    });
    if (result.outcome === 'ALREADY_RUNNING') {
      return {
        reconciliation: null,
        errors: [
          userError(
            RunPayoutReconciliationErrorCode.RECONCILIATION_RUNNING,
            'A payout reconciliation is already running; its report will be payoutReconciliation once it ends.',
          ),
        ],
      };
    }
    return { reconciliation: PayoutReconciliation.from(result.run), errors: [] };
  }
}
