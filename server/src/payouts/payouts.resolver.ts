import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { loadUser, User } from '../auth/auth.types';
import { ApiKeyScope, hasRole, Role, scope, type Viewer } from '../auth/roles';
import { maySeeSellerTerms } from '../checkout/checkout.resolver';
import { Order } from '../checkout/checkout.types';
import type { OrderRow } from '../checkout/escrow.service';
import { ordersByIds } from '../checkout/order-queries';
import { isCurrency, isValidAmount, maxPostingAmount } from '../domain/money';
import { isPayoutEligible, PayoutBlockReason } from '../domain/payout-eligibility';
import { sellerHoldReason } from './payout-eligibility.service';
import type { ResumedEvent } from '../events/pubsub';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  afterArgumentDescription,
  eventCursor,
  receivedEvent,
  resumeEvents,
} from '../graphql/event-subscription';
import {
  ConnectionArguments,
  fromGlobalId,
  keysetPage,
  toConnection,
  type ConnectionShape,
} from '../graphql/relay';
import type { KeysetCursor } from '../shared/keyset-cursor';
import { payoutUpdatedTopic, type PayoutChangePayload } from './payout-events';
import type { PayoutRow } from './payout.service';
import { CancelWithdrawalInput, RequestWithdrawalInput } from './payouts.inputs';
import {
  ordersOfPayout,
  payoutsByIds,
  payoutsOfWithdrawals,
  payoutsPage,
  sellerEarnings,
  withdrawalsByIds,
  withdrawalsPage,
} from './payouts.queries';
import {
  CancelWithdrawalPayload,
  OrderPayoutStatus,
  Payout,
  PayoutChange,
  PayoutConnection,
  PayoutOrder,
  PayoutOrderConnection,
  PayoutState,
  RequestWithdrawalPayload,
  SellerEarnings,
  Withdrawal,
  WithdrawalConnection,
  WithdrawalQuote,
} from './payouts.types';
import type { WithdrawalRow } from './withdrawal-domain.service';

/**
 * The seller's side of payouts: earnings by state, the quote shown before confirming, withdrawal
 * requests and cancellations, their own payouts and withdrawals, `payoutUpdated`, and the fields
 * of Payout, Withdrawal and PayoutChange. Admin operations: payout-admin.resolver.ts.
 */

/** Admins through a browser session (API keys never hold ADMIN). */
export function isSessionAdmin(viewer: Viewer | null): boolean {
  return viewer !== null && viewer.via === 'session' && hasRole(viewer, Role.ADMIN);
}

/** A payout, a withdrawal or a change of them is the seller's own, or an admin's to read. */
export function mayReadPayouts(viewer: Viewer | null, sellerId: string): boolean {
  // Admins first: an admin's answer then reads only its roles, so admins share subscription results.
  return viewer !== null && (isSessionAdmin(viewer) || viewer.userId === sellerId);
}

/** The keyset cursor of a payout or withdrawal row, whichever way its list runs. */
function createdAtCursor(row: { createdAt: Date; id: string }): KeysetCursor {
  return { createdAt: row.createdAt.toISOString(), id: row.id };
}

/** Per-request loaders of this area (keyed by the request's loader set, like the disputes area's). */
interface PayoutLoaders {
  payout: DataLoader<string, PayoutRow | null>;
  payoutOfWithdrawal: DataLoader<string, PayoutRow | null>;
  withdrawal: DataLoader<string, WithdrawalRow | null>;
  order: DataLoader<string, OrderRow | null>;
}

const payoutLoaderSets = new WeakMap<Context['loaders'], PayoutLoaders>();

function byId<Row>(rows: Row[], idOf: (row: Row) => string | null, ids: readonly string[]): (Row | null)[] {
  const map = new Map(rows.map((row) => [idOf(row), row]));
  return ids.map((id) => map.get(id) ?? null);
}

export function payoutLoaders(context: Context): PayoutLoaders {
  let loaders = payoutLoaderSets.get(context.loaders);
  if (!loaders) {
    const database = context.services.database;
    loaders = {
      payout: new DataLoader(async (ids) => byId(await payoutsByIds(database, ids), (row) => row.id, ids)),
      payoutOfWithdrawal: new DataLoader(async (ids) =>
        byId(await payoutsOfWithdrawals(database, ids), (row) => row.withdrawalId, ids),
      ),
      withdrawal: new DataLoader(async (ids) =>
        byId(await withdrawalsByIds(database, ids), (row) => row.id, ids),
      ),
      order: new DataLoader(async (ids) => byId(await ordersByIds(database, ids), (row) => row.id, ids)),
    };
    payoutLoaderSets.set(context.loaders, loaders);
  }
  return loaders;
}

export function payoutConnection(
  rows: PayoutRow[],
  first: number,
  hasPreviousPage: boolean,
): ConnectionShape<Payout> {
  return toConnection(rows, first, createdAtCursor, (row) => Payout.from(row), hasPreviousPage);
}

export function withdrawalConnection(
  rows: WithdrawalRow[],
  first: number,
  hasPreviousPage: boolean,
): ConnectionShape<Withdrawal> {
  return toConnection(rows, first, createdAtCursor, (row) => Withdrawal.from(row), hasPreviousPage);
}

@Resolver(() => Payout)
export class PayoutResolver {
  @Authorized(Role.SELLER)
  @Query(() => [SellerEarnings], {
    description:
      "The seller's earnings per currency by payout state: available, pending (hold window), blocked (by reason), in transit, paid. See SellerEarnings for how the figures add up.",
  })
  async payoutEarnings(@Ctx() context: Context): Promise<SellerEarnings[]> {
    const viewer = requireViewer(context);
    const views = await sellerEarnings(
      context.services.database,
      context.services.payoutEligibility,
      viewer.userId,
    );
    return views.map((view) => SellerEarnings.from(view));
  }

  @Authorized(Role.SELLER)
  @Query(() => PayoutBlockReason, {
    nullable: true,
    description:
      "What holds every payout of the seller now, or null: SELLER_BANNED (funds frozen), ADMIN_HOLD (an admin's hold while CodeSale reviews the account) or SELLER_AT_RISK (a risk review). Said before any order is blocked by it: a seller whose sales are all in their hold window learns of it too.",
  })
  async myPayoutHold(@Ctx() context: Context): Promise<PayoutBlockReason | null> {
    const viewer = requireViewer(context);
    return sellerHoldReason(
      await context.services.payoutEligibility.gate(context.services.database, viewer.userId),
    );
  }

  @Authorized(Role.SELLER)
  @Query(() => WithdrawalQuote, {
    description:
      'What requesting this amount would pay now (whole eligible orders, oldest first), to show before the seller confirms. Changes nothing.',
  })
  async withdrawalQuote(
    @Arg('amount', () => Int) amount: number,
    @Arg('currency') currency: string,
    @Ctx() context: Context,
  ): Promise<WithdrawalQuote> {
    const viewer = requireViewer(context);
    if (!isValidAmount(amount)) {
      throw new GraphQLError(`The amount is a whole number of minor units from 1 to ${maxPostingAmount}.`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'amount' },
      });
    }
    if (!isCurrency(currency)) {
      throw new GraphQLError('Unsupported currency.', {
        extensions: { code: 'BAD_USER_INPUT', field: 'currency' },
      });
    }
    const quote = await context.services.withdrawals.quote(viewer.userId, amount, currency);
    if (!quote) throw new Error('a valid quote request was answered with no quote');
    return WithdrawalQuote.from(quote);
  }

  @Authorized(Role.SELLER)
  @Mutation(() => RequestWithdrawalPayload, {
    description:
      'The seller asks to be paid: whole eligible orders, oldest first, within the amount (at least the minimum); one open withdrawal per currency. Executed by a job; follow it with payoutUpdated.',
  })
  async requestWithdrawal(
    @Arg('input') input: RequestWithdrawalInput,
    @Ctx() context: Context,
  ): Promise<RequestWithdrawalPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.withdrawals.requestWithdrawal(viewer.userId, {
      amount: input.amount,
      currency: input.currency,
      idempotencyKey: input.idempotencyKey,
    });
    if ('errors' in result) return { withdrawal: null, replayed: false, errors: result.errors };
    return { withdrawal: Withdrawal.from(result.withdrawal), replayed: result.replayed, errors: [] };
  }

  @Authorized(Role.SELLER)
  @Mutation(() => CancelWithdrawalPayload, {
    description: 'Cancels a REQUESTED withdrawal; once its execution started it can no longer be cancelled.',
  })
  async cancelWithdrawal(
    @Arg('input') input: CancelWithdrawalInput,
    @Ctx() context: Context,
  ): Promise<CancelWithdrawalPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.withdrawals.cancelWithdrawal(viewer.userId, {
      withdrawalId: fromGlobalId(input.withdrawalId, 'Withdrawal'),
    });
    if ('errors' in result) return { withdrawal: null, errors: result.errors };
    return { withdrawal: Withdrawal.from(result.withdrawal), errors: [] };
  }

  @Authorized(Role.SELLER)
  @Query(() => PayoutConnection, { description: "The seller's payouts, newest first." })
  async myPayouts(
    @Args() page: ConnectionArguments,
    @Arg('state', () => PayoutState, { nullable: true }) state: PayoutState | null,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Payout>> {
    const { first, cursor } = keysetPage(page);
    const rows = await payoutsPage(
      context.services.database,
      { sellerId: requireViewer(context).userId, state: state ?? null },
      first + 1,
      cursor,
    );
    return payoutConnection(rows, first, cursor !== null);
  }

  @Authorized(Role.SELLER)
  @Query(() => WithdrawalConnection, { description: "The seller's withdrawals, newest first." })
  async myWithdrawals(
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Withdrawal>> {
    const { first, cursor } = keysetPage(page);
    const rows = await withdrawalsPage(
      context.services.database,
      { sellerId: requireViewer(context).userId, state: null },
      first + 1,
      cursor,
    );
    return withdrawalConnection(rows, first, cursor !== null);
  }

  @Authorized(Role.SELLER)
  @Subscription(() => PayoutChange, {
    subscribe: ({ args, context }: SubscribeResolverData<unknown, UpdatedArguments, Context>) =>
      resumeEvents<PayoutChangePayload>(context, {
        topic: payoutUpdatedTopic,
        // The viewer's own scope: there is no argument to name another seller.
        scopeId: context.viewer?.userId ?? 'none',
        after: args.after,
        // Checked per event, missed or live: only the seller the event is about receives it.
        accept: (payload) => context.viewer !== null && payload.sellerId === context.viewer.userId,
      }),
    description: "The viewer's own payouts and withdrawals, each change as it commits.",
  })
  payoutUpdated(
    @Root() root: ResumedEvent<PayoutChangePayload>,
    @Arg('after', () => String, { nullable: true, description: afterArgumentDescription })
    _after: string | null,
  ): PayoutChange {
    const event = receivedEvent(root);
    return PayoutChange.from(event.payload, eventCursor(event));
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => User, { description: 'Admins only: the seller paid.' })
  async seller(@Root() payout: Payout, @Ctx() context: Context): Promise<User> {
    return loadUser(context, payout.row.sellerId);
  }

  @FieldResolver(() => Withdrawal, {
    nullable: true,
    description: 'The withdrawal it executes (WITHDRAWAL).',
  })
  async withdrawal(@Root() payout: Payout, @Ctx() context: Context): Promise<Withdrawal | null> {
    if (!payout.row.withdrawalId) return null;
    const row = await payoutLoaders(context).withdrawal.load(payout.row.withdrawalId);
    return row ? Withdrawal.from(row) : null;
  }

  @FieldResolver(() => PayoutOrderConnection, {
    description: 'The orders it pays, in the order it took them (oldest release first).',
  })
  async orders(
    @Root() payout: Payout,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<PayoutOrder>> {
    const { first, cursor } = keysetPage(page);
    const rows = await ordersOfPayout(context.services.database, payout.row.id, first + 1, cursor);
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.releasedAtKey, id: row.orderId }),
      (row) => PayoutOrder.from(row),
      cursor !== null,
    );
  }
}

interface UpdatedArguments {
  after?: string | null;
}

@Resolver(() => Withdrawal)
export class WithdrawalResolver {
  @FieldResolver(() => Payout, {
    nullable: true,
    description: 'The payout that executes it, from EXECUTING on.',
  })
  async payout(@Root() withdrawal: Withdrawal, @Ctx() context: Context): Promise<Payout | null> {
    const row = await payoutLoaders(context).payoutOfWithdrawal.load(withdrawal.row.id);
    return row ? Payout.from(row) : null;
  }
}

@Resolver(() => PayoutOrder)
export class PayoutOrderResolver {
  @FieldResolver(() => Order)
  async order(@Root() payoutOrder: PayoutOrder, @Ctx() context: Context): Promise<Order> {
    const row = await payoutLoaders(context).order.load(payoutOrder.view.orderId);
    if (!row) throw new Error(`payout order ${payoutOrder.view.orderId} without its order`);
    return Order.from(row);
  }
}

@Resolver(() => PayoutChange)
export class PayoutChangeResolver {
  @FieldResolver(() => Payout, {
    nullable: true,
    description: 'The payout as it is now (it may have changed again since).',
  })
  async payout(@Root() change: PayoutChange, @Ctx() context: Context): Promise<Payout | null> {
    if (!change.payload.payoutId) return null;
    const row = await payoutLoaders(context).payout.load(change.payload.payoutId);
    return row && mayReadPayouts(context.viewer, row.sellerId) ? Payout.from(row) : null;
  }

  @FieldResolver(() => Withdrawal, {
    nullable: true,
    description: 'The withdrawal as it is now, when the change concerns one.',
  })
  async withdrawal(@Root() change: PayoutChange, @Ctx() context: Context): Promise<Withdrawal | null> {
    if (!change.payload.withdrawalId) return null;
    const row = await payoutLoaders(context).withdrawal.load(change.payload.withdrawalId);
    return row && mayReadPayouts(context.viewer, row.sellerId) ? Withdrawal.from(row) : null;
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => User, { description: 'Admins only: the seller the change is about.' })
  async seller(@Root() change: PayoutChange, @Ctx() context: Context): Promise<User> {
    return loadUser(context, change.payload.sellerId);
  }
}

@Resolver(() => Order)
export class OrderPayoutResolver {
  @Authorized([Role.BUYER, Role.SELLER, Role.SUPPORT, Role.ADMIN, scope(ApiKeyScope.ORDERS_READ)])
  @FieldResolver(() => OrderPayoutStatus, {
    nullable: true,
    description:
      "The order's payout state, for its seller and staff (null for anyone else, and before the released order is tracked).",
  })
  async payoutStatus(@Root() order: Order, @Ctx() context: Context): Promise<OrderPayoutStatus | null> {
    if (!maySeeSellerTerms(requireViewer(context), order.row)) return null;
    const view = await context.loaders.orderPayoutStatus.load(order.row.id);
    return view ? OrderPayoutStatus.from(view) : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "Released, past the payout hold, and the seller's payouts are not held by their risk tier: for its seller and staff (null for anyone else, whom the seller's tier is not told).",
  })
  async payoutEligible(@Root() order: Order, @Ctx() context: Context): Promise<boolean | null> {
    if (!maySeeSellerTerms(requireViewer(context), order.row)) return null;
    const sellerPayoutsHeld = await context.loaders.sellerPayoutsHeld.load(order.row.sellerId);
    return isPayoutEligible({ ...order.row, sellerPayoutsHeld }, new Date());
  }
}
