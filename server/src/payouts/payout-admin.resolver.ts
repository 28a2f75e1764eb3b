import { GraphQLError } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { loadUser, User } from '../auth/auth.types';
import { Role } from '../auth/roles';
import type { ResumedEvent } from '../events/pubsub';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  afterArgumentDescription,
  eventCursor,
  receivedEvent,
  resumeEvents,
} from '../graphql/event-subscription';
import { ConnectionArguments, fromGlobalId, keysetPage, type ConnectionShape } from '../graphql/relay';
import { assert } from '../shared/assert';
import { userError, type UserErrorValue } from '../shared/user-error';
import { StripeUnavailableError } from '../stripe/stripe.gateway';
import type { PayoutHoldErrorCode } from './payout-eligibility.service';
import { payoutFeedTopic, type PayoutChangePayload } from './payout-events';
import { LiftPayoutHoldErrorCode, RedrivePayoutErrorCode, SetPayoutHoldErrorCode } from './payouts.errors';
import {
  LiftPayoutHoldInput,
  PayoutFeedFilter,
  PayoutFilter,
  RedrivePayoutInput,
  SetPayoutHoldInput,
  WithdrawalFilter,
} from './payouts.inputs';
import { payoutsPage, stuckPayoutsPage, withdrawalsPage } from './payouts.queries';
import { isSessionAdmin, payoutConnection, withdrawalConnection } from './payouts.resolver';
import {
  LiftPayoutHoldPayload,
  Payout,
  PayoutChange,
  PayoutConnection,
  PayoutHold,
  RedriveOutcome,
  RedrivePayoutPayload,
  SetPayoutHoldPayload,
  Withdrawal,
  WithdrawalConnection,
} from './payouts.types';

/** `stuckPayouts` looks back at most this far (the recovery job's setting is at most a day). */
const maxStuckAgeSeconds = 30 * 86_400;

/**
 * Admin operations on payouts: every payout and withdrawal by state and seller, stuck payouts,
 * per-seller holds (set and lifted with a reason, audited by PayoutEligibilityService), re-driving
 * a pending payout now, and `payoutFeed`. Admins through a session only: API keys never hold ADMIN.
 */
@Resolver(() => PayoutHold)
export class PayoutAdminResolver {
  @Authorized(Role.ADMIN)
  @Query(() => PayoutConnection, { description: 'Admin only: payouts by state and seller, newest first.' })
  async payouts(
    @Arg('filter', () => PayoutFilter, { nullable: true }) filter: PayoutFilter | null,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Payout>> {
    const { first, cursor } = keysetPage(page);
    const sellerId = filter?.sellerId ? fromGlobalId(filter.sellerId, 'User') : null;
    if (filter?.sellerId && !sellerId) return payoutConnection([], first, cursor !== null);
    const rows = await payoutsPage(
      context.services.database,
      { sellerId, state: filter?.state ?? null },
      first + 1,
      cursor,
    );
    return payoutConnection(rows, first, cursor !== null);
  }

  @Authorized(Role.ADMIN)
  @Query(() => PayoutConnection, {
    description:
      'Admin only: payouts PENDING for longer than olderThanSeconds (by default PAYOUT_STUCK_AFTER_SECONDS, when the recovery job re-drives them), oldest first.',
  })
  async stuckPayouts(
    @Arg('olderThanSeconds', () => Int, {
      nullable: true,
      description: `1 to ${maxStuckAgeSeconds}; PAYOUT_STUCK_AFTER_SECONDS when omitted.`,
    })
    olderThanSeconds: number | null,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Payout>> {
    const seconds = olderThanSeconds ?? context.services.config.payouts.stuckAfterSeconds;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxStuckAgeSeconds) {
      throw new GraphQLError(`olderThanSeconds is 1 to ${maxStuckAgeSeconds}.`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'olderThanSeconds' },
      });
    }
    const { first, cursor } = keysetPage(page);
    const rows = await stuckPayoutsPage(
      context.services.database,
      new Date(Date.now() - seconds * 1000),
      first + 1,
      cursor,
    );
    return payoutConnection(rows, first, cursor !== null);
  }

  @Authorized(Role.ADMIN)
  @Query(() => WithdrawalConnection, {
    description: 'Admin only: withdrawals by state and seller, newest first.',
  })
  async withdrawals(
    @Arg('filter', () => WithdrawalFilter, { nullable: true }) filter: WithdrawalFilter | null,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Withdrawal>> {
    const { first, cursor } = keysetPage(page);
    const sellerId = filter?.sellerId ? fromGlobalId(filter.sellerId, 'User') : null;
    if (filter?.sellerId && !sellerId) return withdrawalConnection([], first, cursor !== null);
    const rows = await withdrawalsPage(
      context.services.database,
      { sellerId, state: filter?.state ?? null },
      first + 1,
      cursor,
    );
    return withdrawalConnection(rows, first, cursor !== null);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [PayoutHold], {
    description: "Admin only: a seller's payout holds, active and lifted, newest first (at most 50).",
  })
  async payoutHolds(
    @Arg('sellerId', () => ID) sellerId: string,
    @Ctx() context: Context,
  ): Promise<PayoutHold[]> {
    const rawId = fromGlobalId(sellerId, 'User');
    if (!rawId) return [];
    const rows = await context.services.payoutEligibility.holds(context.services.database, rawId);
    return rows.map((row) => PayoutHold.from(row));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SetPayoutHoldPayload, {
    description:
      "Admin only: holds a seller's payouts, with a reason (audited). Their open orders are BLOCKED (ADMIN_HOLD) at once; withdrawals are refused (PAYOUTS_HELD).",
  })
  async setPayoutHold(
    @Arg('input') input: SetPayoutHoldInput,
    @Ctx() context: Context,
  ): Promise<SetPayoutHoldPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.payoutEligibility.setHold(
      { userId: viewer.userId, requestId: context.meta.requestId },
      { sellerId: fromGlobalId(input.sellerId, 'User'), reason: input.reason },
    );
    if ('errors' in result) return { hold: null, errors: holdErrors(result.errors, SetPayoutHoldErrorCode) };
    return { hold: PayoutHold.from(result.hold), errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => LiftPayoutHoldPayload, {
    description:
      "Admin only: lifts a seller's active payout hold, with a reason (audited); the orders' states are derived again at once.",
  })
  async liftPayoutHold(
    @Arg('input') input: LiftPayoutHoldInput,
    @Ctx() context: Context,
  ): Promise<LiftPayoutHoldPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.payoutEligibility.liftHold(
      { userId: viewer.userId, requestId: context.meta.requestId },
      { sellerId: fromGlobalId(input.sellerId, 'User'), reason: input.reason },
    );
    if ('errors' in result) return { hold: null, errors: holdErrors(result.errors, LiftPayoutHoldErrorCode) };
    return { hold: PayoutHold.from(result.hold), errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RedrivePayoutPayload, {
    description:
      "Admin only: runs a PENDING payout's transfer now, with its own idempotency key (never a second transfer), and answers the outcome.",
  })
  async redrivePayout(
    @Arg('input') input: RedrivePayoutInput,
    @Ctx() context: Context,
  ): Promise<RedrivePayoutPayload> {
    const { database, payouts } = context.services;
    const payoutId = fromGlobalId(input.payoutId, 'Payout');
    const payout = payoutId ? await payouts.find(database, payoutId) : undefined;
    if (!payout) return redriveRefused(RedrivePayoutErrorCode.PAYOUT_NOT_FOUND, 'No such payout.');
    if (payout.state !== 'PENDING') return notPending(payout.state);
    let outcome: RedriveOutcome;
    try {
      const result = await payouts.transfer(payout.id);
      // Another run (the job, recovery) ended it between the read above and the transfer's own.
      if (result.outcome === 'NOT_PENDING')
        return notPending((await payouts.find(database, payout.id))!.state);
      outcome =
        result.outcome === 'PAID'
          ? RedriveOutcome.PAID
          : result.outcome === 'FAILED'
            ? RedriveOutcome.FAILED
            : RedriveOutcome.UNKNOWN;
    } catch (error) {
      // Stripe's answer is unknown: the payout stays PENDING (with lastError) for the next retry.
      if (!(error instanceof StripeUnavailableError)) throw error;
      outcome = RedriveOutcome.UNKNOWN;
    }
    const after = (await payouts.find(database, payout.id))!;
    return { payout: Payout.from(after), outcome, errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Subscription(() => PayoutChange, {
    subscribe: ({ args, context }: SubscribeResolverData<unknown, FeedArguments, Context>) =>
      resumeEvents<PayoutChangePayload>(context, {
        topic: payoutFeedTopic,
        scopeId: null,
        after: args.after,
        // Checked per event, missed or live: only admins receive the feed, and only what their filter asks for.
        accept: (payload) =>
          isSessionAdmin(context.viewer) && matchesFeedFilter(payload, args.filter ?? null),
      }),
    description: 'Admin only: every payout and withdrawal transition of every seller, as it commits.',
  })
  payoutFeed(
    @Root() root: ResumedEvent<PayoutChangePayload>,
    @Arg('filter', () => PayoutFeedFilter, { nullable: true }) _filter: PayoutFeedFilter | null,
    @Arg('after', () => String, { nullable: true, description: afterArgumentDescription })
    _after: string | null,
  ): PayoutChange {
    const event = receivedEvent(root);
    return PayoutChange.from(event.payload, eventCursor(event));
  }

  @FieldResolver(() => User, { description: 'The seller whose payouts it holds.' })
  async seller(@Root() hold: PayoutHold, @Ctx() context: Context): Promise<User> {
    return loadUser(context, hold.row.sellerId);
  }

  @FieldResolver(() => User, { description: 'The admin who set it.' })
  async setBy(@Root() hold: PayoutHold, @Ctx() context: Context): Promise<User> {
    return loadUser(context, hold.row.setBy);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The admin who lifted it.' })
  async liftedBy(@Root() hold: PayoutHold, @Ctx() context: Context): Promise<User | null> {
    return hold.row.liftedBy ? loadUser(context, hold.row.liftedBy) : null;
  }
}

/** A hold refusal in the mutation's own enum; a code the mutation cannot answer is a bug. */
function holdErrors<Code extends string>(
  errors: UserErrorValue<PayoutHoldErrorCode>[],
  codes: Record<string, Code>,
): UserErrorValue<Code>[] {
  return errors.map((error) => {
    assert(
      (Object.values(codes) as string[]).includes(error.code),
      `hold refusal ${error.code} is not one of this mutation's codes`,
    );
    return error as unknown as UserErrorValue<Code>;
  });
}

function redriveRefused(code: RedrivePayoutErrorCode, message: string): RedrivePayoutPayload {
  return { payout: null, outcome: null, errors: [userError(code, message, 'payoutId')] };
}

function notPending(state: string): RedrivePayoutPayload {
  return redriveRefused(
    RedrivePayoutErrorCode.PAYOUT_NOT_PENDING,
    `This payout is ${state}: only a PENDING payout is re-driven.`,
  );
}

interface FeedArguments {
  filter?: { kinds?: string[] | null; sellerId?: string | null } | null;
  after?: string | null;
}

function matchesFeedFilter(payload: PayoutChangePayload, filter: FeedArguments['filter']): boolean {
  if (!filter) return true;
  if (filter.kinds && filter.kinds.length > 0 && !filter.kinds.includes(payload.kind)) return false;
  if (filter.sellerId) {
    const sellerId = fromGlobalId(filter.sellerId, 'User');
    if (!sellerId || payload.sellerId !== sellerId) return false;
  }
  return true;
}
