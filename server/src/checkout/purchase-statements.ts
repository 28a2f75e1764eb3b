import { sql, type SQL } from 'drizzle-orm';
import { activeAccountCondition, openSessionCondition } from '../auth/auth.queries';
import { insertViewerEventsSql, type ViewerEventPayload } from '../auth/viewer-events';
import { listingForPurchaseSql } from '../catalog/catalog.queries';
import { claimCodeCtes } from '../catalog/code-inventory';
import type { Database } from '../db/pool';
import { preparedStatement, runPrepared } from '../db/prepared';
import type { Tx } from '../db/transaction';
import { buyerBlockedCondition } from '../risk/risk.queries';
import { assert } from '../shared/assert';
import { purchaseWalletsSql, type PurchaseWalletRow } from '../wallet/purchase-check';
import { orderRowColumns, orders } from './checkout.tables';
import type { OrderRow } from './escrow.service';

/**
 * The purchase's two composed statements (named, prepared once per connection). Each spans areas,
 * so each is built here from the SQL its owners publish, and nothing else:
 *
 * - the read: the checkout's own `orders` (an order under the key), auth's openSessionCondition
 *   (the request's session, locked FOR SHARE) and activeAccountCondition, risk's
 *   buyerBlockedCondition, the wallet's purchaseWalletsSql (the buyer's wallets, locked FOR SHARE)
 *   and the catalog's listingForPurchaseSql (unlocked). The locks it takes are the session's, as a
 *   revocation needs it, and the wallet authority's share lock, exactly as
 *   WalletService.assertCanPurchase takes it.
 * - the claim: the catalog's claimCodeCtes (lock the listing, check it at the price charged and the version read, sell a
 *   code), then the checkout's insert of the order, then auth's insertViewerEventsSql (the events
 *   of the purchase for the buyer, SALE_UPDATED for the seller, only if the order was inserted). The listing is the last row the purchase
 *   locks, in its last statement before the effects and COMMIT.
 *
 * A value's placeholder appears wherever it is used; node-postgres binds each occurrence.
 */

/** One purchase attempt, as the checkout received it. */
export interface PurchaseRequest {
  buyerId: string;
  /**
   * The buyer's session the request came in on (null: the server's own call, such as the seed's):
   * the purchase holds it open (FOR SHARE) and commits only if it is.
   */
  sessionId: string | null;
  listingId: string;
  idempotencyKey: string;
  /** canonicalHash of the request: the same key with another request is IDEMPOTENCY_KEY_REUSED. */
  requestHash: Buffer;
  /** The listing's version the buyer saw, when the client sent it: any other is LISTING_CHANGED. */
  expectedVersion: number | null;
}

/** What the purchase decides on, from its one read. */
export interface PurchaseFacts {
  /** The order already committed under this buyer's key, and whether it was for this request. */
  previousOrder: { id: string; sameRequest: boolean } | null;
  /** The request's session is open, and share-locked until the purchase ends (auth). */
  sessionOpen: boolean;
  /** The account is not disabled (auth). */
  buyerActive: boolean;
  /** The risk tier forbids buying (risk). */
  buyerBlocked: boolean;
  /** The buyer's wallets, share-locked (wallet); purchaseCheck decides on them. */
  wallets: PurchaseWalletRow[];
  /** The listing as read without a lock (catalog); null when there is none. */
  listing: {
    sellerId: string;
    active: boolean;
    priceAmount: number;
    currency: string;
    availableStock: number;
    version: number;
  } | null;
}

/** The order the claim inserts when it gets a code. */
export interface NewOrder {
  id: string;
  buyerId: string;
  listingId: string;
  priceAmount: number;
  currency: string;
  /** The listing's version the purchase read: the claim sells only if the listing is still at it. */
  listingVersion: number;
  feeBasisPoints: number;
  protectionEndsAt: Date;
  idempotencyKey: string;
  requestHash: Buffer;
}

/** The order, or the listing as the claim found it under its lock (null: no such listing) when no order was placed. */
export type PurchaseClaim =
  | { order: OrderRow }
  | { listing: { active: boolean; priceAmount: number; currency: string; version: number } | null };

/** The purchase's statements, each one round trip inside the purchase transaction. */
export interface PurchaseStatements {
  /** Everything the purchase decides on; share-locks the buyer's wallet rows. */
  read(tx: Tx, request: PurchaseRequest): Promise<PurchaseFacts>;
  /**
   * Locks the listing, and if it is still active at the order's price and currency, sells one of
   * its codes, inserts the order and publishes `events` for the buyer. A concurrent order under the
   * same key fails it on the `orders_idempotency` constraint.
   */
  claim(tx: Tx, order: NewOrder, events: ViewerEventPayload[]): Promise<PurchaseClaim>;
}

const value = (name: string, type: string): SQL => sql`${sql.placeholder(name)}::${sql.raw(type)}`;

const buyerId = value('buyerId', 'uuid');

interface ReadRow {
  previousOrderId: string | null;
  previousSameRequest: boolean | null;
  sessionOpen: boolean;
  buyerActive: boolean;
  buyerBlocked: boolean;
  wallets: PurchaseWalletRow[];
  sellerId: string | null;
  active: boolean | null;
  priceAmount: number | null;
  currency: string | null;
  availableStock: number | null;
  version: number | null;
}

const readStatement = preparedStatement<ReadRow & Record<string, unknown>>(
  'checkout.purchase_read',
  sql`select previous.id as "previousOrderId",
             previous.request_hash = ${value('requestHash', 'bytea')} as "previousSameRequest",
             ${openSessionCondition(value('sessionId', 'uuid'), buyerId)} as "sessionOpen",
             ${activeAccountCondition(buyerId)} as "buyerActive",
             ${buyerBlockedCondition(buyerId)} as "buyerBlocked",
             ${purchaseWalletsSql(buyerId)} as wallets,
             listing."sellerId", listing.active, listing."priceAmount", listing.currency, listing."availableStock",
             listing.version
        from (select 1) as one
        left join (select ${orders.id} as id, ${orders.requestHash} as request_hash from ${orders}
                    where ${orders.buyerId} = ${buyerId}
                      and ${orders.idempotencyKey} = ${value('idempotencyKey', 'text')}) previous on true
        left join (${listingForPurchaseSql(value('listingId', 'uuid'))}) listing on true`,
);

type ClaimRow = {
  listingFound: boolean | null;
  listingActive: boolean | null;
  listingPriceAmount: number | null;
  listingCurrency: string | null;
  listingVersion: number | null;
} & { [Key in keyof OrderRow]: OrderRow[Key] | null };

const claimStatement = preparedStatement<ClaimRow & Record<string, unknown>>(
  'checkout.purchase_claim',
  sql`with ${claimCodeCtes({
    listingId: value('listingId', 'uuid'),
    orderId: value('orderId', 'uuid'),
    priceAmount: value('priceAmount', 'bigint'),
    currency: value('currency', 'char(3)'),
    version: value('listingVersion', 'integer'),
  })},
  placed as (
    insert into ${orders} (id, buyer_id, seller_id, listing_id, listing_version, code_id, price_amount, currency,
                           fee_basis_points, protection_ends_at, idempotency_key, request_hash)
    select ${value('orderId', 'uuid')}, ${buyerId}, claimed_listing.seller_id, claimed_listing.id,
           claimed_listing.version, claimed_code.id, claimed_listing.price_amount, claimed_listing.currency,
           ${value('feeBasisPoints', 'integer')}, ${value('protectionEndsAt', 'timestamptz')},
           ${value('idempotencyKey', 'text')}, ${value('requestHash', 'bytea')}
      from claimed_listing, claimed_code
    returning ${orderRowColumns}
  ),
  published as (
    ${insertViewerEventsSql({
      userId: sql`${sql.placeholder('buyerId')}::text`,
      payloads: value('events', 'jsonb'),
      when: sql`exists (select 1 from placed)`,
    })}
  ),
  published_to_seller as (
    ${insertViewerEventsSql({
      userId: sql`(select placed."sellerId"::text from placed)`,
      payloads: sql`jsonb_build_array(jsonb_build_object('kind', 'SALE_UPDATED', 'subjectId', ${value('orderId', 'uuid')}))`,
      when: sql`exists (select 1 from placed)`,
    })}
  )
  select claimed_listing.id is not null as "listingFound", claimed_listing.active as "listingActive",
         claimed_listing.price_amount as "listingPriceAmount", claimed_listing.currency as "listingCurrency",
         claimed_listing.version as "listingVersion",
         placed.*
    from (select 1) as one
    left join claimed_listing on true
    left join placed on true`,
);

const orderByKeyStatement = preparedStatement<OrderRow & Record<string, unknown>>(
  'checkout.order_by_key',
  sql`select ${orderRowColumns} from ${orders}
       where ${orders.buyerId} = ${buyerId} and ${orders.idempotencyKey} = ${value('idempotencyKey', 'text')}`,
);

/** The statements CheckoutService runs in services.ts (tests wrap them to inject failures). */
export const purchaseStatements: PurchaseStatements = {
  async read(tx: Tx, request: PurchaseRequest): Promise<PurchaseFacts> {
    const [row] = await runPrepared(tx, readStatement, {
      buyerId: request.buyerId,
      sessionId: request.sessionId,
      listingId: request.listingId,
      idempotencyKey: request.idempotencyKey,
      requestHash: request.requestHash,
    });
    assert(row, 'the purchase read returned no row');
    return {
      previousOrder: row.previousOrderId
        ? { id: row.previousOrderId, sameRequest: row.previousSameRequest === true }
        : null,
      sessionOpen: row.sessionOpen,
      buyerActive: row.buyerActive,
      buyerBlocked: row.buyerBlocked,
      wallets: row.wallets,
      listing:
        row.sellerId === null
          ? null
          : {
              sellerId: row.sellerId,
              active: row.active === true,
              priceAmount: row.priceAmount!,
              currency: row.currency!,
              availableStock: row.availableStock!,
              version: row.version!,
            },
    };
  },

  async claim(tx: Tx, order: NewOrder, events: ViewerEventPayload[]): Promise<PurchaseClaim> {
    const [row] = await runPrepared(tx, claimStatement, {
      buyerId: order.buyerId,
      listingId: order.listingId,
      orderId: order.id,
      priceAmount: order.priceAmount,
      currency: order.currency,
      listingVersion: order.listingVersion,
      feeBasisPoints: order.feeBasisPoints,
      protectionEndsAt: order.protectionEndsAt,
      idempotencyKey: order.idempotencyKey,
      requestHash: order.requestHash,
      events: JSON.stringify(events),
    });
    assert(row, 'the purchase claim returned no row');
    if (row.id !== null) return { order: row as OrderRow };
    if (!row.listingFound) return { listing: null };
    return {
      listing: {
        active: row.listingActive === true,
        priceAmount: row.listingPriceAmount!,
        currency: row.listingCurrency!,
        version: row.listingVersion!,
      },
    };
  },
};

/** The order `buyerId` placed under `idempotencyKey`, committed (on the pool) or in `executor`'s transaction. */
export async function orderByKey(
  executor: Database | Tx,
  buyerId: string,
  idempotencyKey: string,
): Promise<OrderRow | undefined> {
  const [order] = await runPrepared(executor, orderByKeyStatement, { buyerId, idempotencyKey });
  return order;
}
