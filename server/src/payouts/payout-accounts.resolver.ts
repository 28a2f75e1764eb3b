import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromGlobalId,
  keysetPage,
  toConnection,
  type ConnectionShape,
} from '../graphql/relay';
import { StartPayoutOnboardingInput } from './payout-accounts.inputs';
import {
  BankPayout,
  BankPayoutConnection,
  PayoutAccount,
  PayoutOnboardingLink,
  StartPayoutOnboardingPayload,
} from './payout-accounts.types';

@Resolver(() => PayoutAccount)
export class PayoutAccountResolver {
  @Authorized(Role.SELLER)
  @Mutation(() => StartPayoutOnboardingPayload, {
    description:
      "Seller: opens the seller's Stripe Connect account (once) and returns a fresh link to Stripe's onboarding page. " +
      'Payouts start only once Stripe reports the account enabled; `payoutAccount` shows what is still missing.',
  })
  async startPayoutOnboarding(
    @Arg('input', () => StartPayoutOnboardingInput, { defaultValue: {} }) input: StartPayoutOnboardingInput,
    @Ctx() context: Context,
  ): Promise<StartPayoutOnboardingPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.payoutAccounts.startOnboarding(viewer.userId, {
      country: input.country ?? null,
    });
    if ('errors' in result) return { payoutAccount: null, onboardingLink: null, errors: result.errors };
    return {
      payoutAccount: PayoutAccount.from(result.account),
      onboardingLink: PayoutOnboardingLink.from(result.link),
      errors: [],
    };
  }

  @Authorized(Role.SELLER)
  @Query(() => PayoutAccount, {
    nullable: true,
    description:
      "Seller: the seller's own payout account and what Stripe still needs; null before onboarding.",
  })
  async payoutAccount(@Ctx() context: Context): Promise<PayoutAccount | null> {
    const viewer = requireViewer(context);
    const view = await context.services.payoutAccounts.payoutAccount(viewer.userId);
    return view ? PayoutAccount.from(view) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => PayoutAccount, {
    nullable: true,
    description:
      "Staff only: a seller's payout account and what Stripe still needs; null before onboarding, or for an id that is not a user's.",
  })
  async userPayoutAccount(
    @Arg('userId', () => ID) userId: string,
    @Ctx() context: Context,
  ): Promise<PayoutAccount | null> {
    const sellerId = fromGlobalId(userId, 'User');
    const view = sellerId ? await context.services.payoutAccounts.payoutAccount(sellerId) : null;
    return view ? PayoutAccount.from(view) : null;
  }

  @Authorized(Role.SELLER)
  @Query(() => BankPayoutConnection, {
    description:
      "Seller: Stripe's payouts from the seller's own Connect account to their bank, newest first.",
  })
  async bankPayouts(
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<BankPayout>> {
    const viewer = requireViewer(context);
    const { first, cursor } = keysetPage(page);
    const rows = await context.services.payoutAccounts.bankPayouts(viewer.userId, first + 1, cursor);
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }),
      (row) => BankPayout.from(row),
      cursor !== null,
    );
  }
}
