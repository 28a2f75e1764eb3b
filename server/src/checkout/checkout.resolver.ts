import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { loadUser, User } from '../auth/auth.types';
import { ApiKeyScope, hasRole, isStaff, Role, scope, type Viewer } from '../auth/roles';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromGlobalId,
  toConnection,
  type ConnectionShape,
  keysetPage,
} from '../graphql/relay';
import { termsOfListingAt } from '../catalog/catalog.queries';
import { Listing, ListingTerms } from '../catalog/catalog.types';
import { platformFee } from '../domain/money';
import { Money } from '../graphql/money.types';
import { OrderInput, PurchaseListingInput, RevealDeliveredCodeInput } from './checkout.inputs';
import {
  ConfirmDeliveryPayload,
  EscrowStatus,
  Order,
  OrderConnection,
  OrderParty,
  PurchaseListingPayload,
  RevealCodePayload,
  RevealDeliveredCodePayload,
} from './checkout.types';
import { findOrder, listOrders } from './order-queries';

/** An order is read by its buyer, its seller (a partner key of theirs too, for their sales only) and staff signed in. */
export function mayReadOrder(viewer: Viewer, order: { buyerId: string; sellerId: string }): boolean {
  // A partner key acts as its owner in the seller role only: their sales, never their purchases.
  if (viewer.via !== 'session') return order.sellerId === viewer.userId;
  return order.buyerId === viewer.userId || order.sellerId === viewer.userId || isStaff(viewer);
}

/**
 * The seller's side of a sale (its fee and net, how it is paid out) is its seller's (a partner key
 * of theirs too) and staff's to read, not its buyer's: it tells of the seller's terms and tier.
 */
export function maySeeSellerTerms(viewer: Viewer, order: { sellerId: string }): boolean {
  return order.sellerId === viewer.userId || (viewer.via === 'session' && isStaff(viewer));
}

/** The sale's fee and net, as the release will post them (posting-rules' releasePosting), for whoever may see them. */
function sellerTerms(
  viewer: Viewer,
  order: { sellerId: string; priceAmount: number; feeBasisPoints: number; currency: string },
): { fee: Money; net: Money } | null {
  if (!maySeeSellerTerms(viewer, order)) return null;
  const fee = platformFee(order.priceAmount, order.feeBasisPoints);
  return {
    fee: Money.of({ amount: fee, currency: order.currency }),
    net: Money.of({ amount: order.priceAmount - fee, currency: order.currency }),
  };
}

@Resolver(() => Order)
export class CheckoutResolver {
  @Authorized(Role.BUYER)
  @Mutation(() => PurchaseListingPayload, {
    description:
      'Buys one code of a listing from the wallet; the price waits in escrow until delivery is confirmed.',
  })
  async purchaseListing(
    @Arg('input') input: PurchaseListingInput,
    @Ctx() context: Context,
  ): Promise<PurchaseListingPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.checkout.purchase(viewer.userId, {
      listingId: fromGlobalId(input.listingId, 'Listing'),
      idempotencyKey: input.idempotencyKey,
      expectedVersion: input.expectedVersion ?? null,
      sessionId: viewer.sessionId,
    });
    if ('errors' in result) return { order: null, replayed: false, errors: result.errors };
    return { order: Order.from(result.order), replayed: result.replayed, errors: [] };
  }

  @Authorized(Role.BUYER)
  @Mutation(() => RevealCodePayload, {
    description: "Shows the purchased code to the order's buyer; every reveal is recorded.",
  })
  async revealCode(@Arg('input') input: OrderInput, @Ctx() context: Context): Promise<RevealCodePayload> {
    const viewer = requireViewer(context);
    const result = await context.services.delivery.revealCode(
      viewer.userId,
      fromGlobalId(input.orderId, 'Order'),
      context.meta,
      viewer.sessionId,
    );
    if ('errors' in result) return { code: null, order: null, errors: result.errors };
    return { code: result.code, order: Order.from(result.order), errors: [] };
  }

  @Authorized(Role.SELLER, Role.SUPPORT, Role.ADMIN)
  @Mutation(() => RevealDeliveredCodePayload, {
    description:
      "Shows the code an order delivered to its seller, to support when the order was disputed, and to admins; each reveal is in the audit log with its reason. Not the buyer's reveal (revealCode): the order's reveal record stays as it was.",
  })
  async revealDeliveredCode(
    @Arg('input') input: RevealDeliveredCodeInput,
    @Ctx() context: Context,
  ): Promise<RevealDeliveredCodePayload> {
    const viewer = requireViewer(context);
    const kind = hasRole(viewer, Role.ADMIN) ? 'ADMIN' : hasRole(viewer, Role.SUPPORT) ? 'SUPPORT' : 'SELLER';
    const result = await context.services.delivery.revealDeliveredCode(
      { userId: viewer.userId, kind },
      fromGlobalId(input.orderId, 'Order'),
      input.reason,
      context.meta,
    );
    if ('errors' in result) return { code: null, order: null, errors: result.errors };
    return { code: result.code, order: Order.from(result.order), errors: [] };
  }

  @Authorized(Role.BUYER)
  @Mutation(() => ConfirmDeliveryPayload, {
    description: 'The buyer confirms the code works: escrow is released to the seller.',
  })
  async confirmDelivery(
    @Arg('input') input: OrderInput,
    @Ctx() context: Context,
  ): Promise<ConfirmDeliveryPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.delivery.confirmDelivery(
      viewer.userId,
      fromGlobalId(input.orderId, 'Order'),
    );
    if ('errors' in result) return { order: null, errors: result.errors };
    return { order: Order.from(result.order), errors: [] };
  }

  @Authorized(Role.BUYER)
  @Query(() => OrderConnection, { description: "The buyer's orders, newest first." })
  async myOrders(
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Order>> {
    return this.orderPage(context, { buyerId: requireViewer(context).userId }, page);
  }

  @Authorized([Role.SELLER, scope(ApiKeyScope.ORDERS_READ)])
  @Query(() => OrderConnection, {
    description: "The seller's sales, newest first. Partners: scope ORDERS_READ.",
  })
  async mySales(
    @Args() page: ConnectionArguments,
    @Arg('escrowStatus', () => [EscrowStatus], {
      defaultValue: [],
      description:
        'Only sales in these escrow states (empty: every sale): HELD to follow what is still in escrow (disputed sales stay HELD), RELEASED or REFUNDED for what was settled.',
    })
    escrowStatus: EscrowStatus[],
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Order>> {
    // Each state once, however often the request names it.
    const states = [...new Set(escrowStatus)];
    return this.orderPage(context, { sellerId: requireViewer(context).userId }, page, states);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => OrderConnection, {
    description:
      "Staff only: a user's orders as their buyer (party BUYER) or their seller (SELLER), newest first. Empty for an id that is not a user.",
  })
  async userOrders(
    @Arg('userId', () => ID) userId: string,
    @Arg('party', () => OrderParty) party: OrderParty,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Order>> {
    const rawId = fromGlobalId(userId, 'User');
    const orderParty =
      rawId === null ? null : party === OrderParty.BUYER ? { buyerId: rawId } : { sellerId: rawId };
    return this.orderPage(context, orderParty, page);
  }

  @Authorized([Role.BUYER, Role.SELLER, Role.SUPPORT, Role.ADMIN, scope(ApiKeyScope.ORDERS_READ)])
  @Query(() => Order, { nullable: true, description: 'An order, for its buyer, its seller and staff.' })
  async order(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<Order | null> {
    const viewer = requireViewer(context);
    const rawId = fromGlobalId(id, 'Order');
    const order = rawId ? await findOrder(context.services.database, rawId) : undefined;
    return order && mayReadOrder(viewer, order) ? Order.from(order) : null;
  }

  @FieldResolver(() => Listing, {
    nullable: true,
    description:
      'The listing the order was bought from, as it is now, whatever its status (paused or archived included): whoever may read the order may read it.',
  })
  async listing(@Root() order: Order, @Ctx() context: Context): Promise<Listing | null> {
    const row = await context.loaders.listing.load(order.row.listingId);
    return row ? Listing.from(row) : null;
  }

  @FieldResolver(() => ListingTerms, {
    nullable: true,
    description:
      "What the buyer paid for: the listing's title, description, platform, region, kind and price at the version the order was sold at, whatever the seller changed since (`changedSince` says whether they did). Null for orders placed before these were kept (2026-12-03).",
  })
  async termsAtPurchase(@Root() order: Order, @Ctx() context: Context): Promise<ListingTerms | null> {
    if (order.row.listingVersion === null) return null;
    const terms = await termsOfListingAt(
      context.services.database,
      order.row.listingId,
      order.row.listingVersion,
    );
    return terms ? ListingTerms.from(terms) : null;
  }

  @FieldResolver(() => User, {
    description: 'The buyer: whoever may read the order may read it (their email: the buyer and staff).',
  })
  async buyer(@Root() order: Order, @Ctx() context: Context): Promise<User> {
    return loadUser(context, order.row.buyerId);
  }

  @FieldResolver(() => User, {
    description: 'The seller: whoever may read the order may read it (their email: the seller and staff).',
  })
  async seller(@Root() order: Order, @Ctx() context: Context): Promise<User> {
    return loadUser(context, order.row.sellerId);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      "The platform's fee on the order, kept from the price when the order is released (a refunded order pays none): for its seller (a partner key of theirs too) and staff; null for anyone else.",
  })
  platformFee(@Root() order: Order, @Ctx() context: Context): Money | null {
    return sellerTerms(requireViewer(context), order.row)?.fee ?? null;
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'What the seller is credited when the order is released: the price less `platformFee`. For its seller (a partner key of theirs too) and staff; null for anyone else.',
  })
  netAmount(@Root() order: Order, @Ctx() context: Context): Money | null {
    return sellerTerms(requireViewer(context), order.row)?.net ?? null;
  }

  private async orderPage(
    context: Context,
    /** null: an id that names no user, whose orders are none. */
    party: { buyerId: string } | { sellerId: string } | null,
    page: ConnectionArguments,
    escrowStatuses: readonly EscrowStatus[] = [],
  ): Promise<ConnectionShape<Order>> {
    const { first, cursor } = keysetPage(page);
    const rows = party
      ? await listOrders(context.services.database, party, first + 1, cursor, escrowStatuses)
      : [];
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }),
      (row) => Order.from(row),
      cursor !== null,
    );
  }
}
