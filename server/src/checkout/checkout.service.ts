import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { canonicalHash } from '../shared/canonical-json';
import type { Database } from '../db/pool';
import { postgresConstraint, withTransaction, type Tx } from '../db/transaction';
import { purchasePosting } from '../domain/posting-rules';
import { catchRefusal, refuse, type Refusable } from '../shared/user-error';
import { OverdraftError, type LedgerService } from '../ledger/ledger.service';
import { publishViewerEvent } from '../auth/viewer-events';
import { publishWalletChanged } from '../wallet/wallet-events';
import { orders } from './checkout.tables';
import type { OrderRow } from './escrow.service';

export enum PurchaseListingErrorCode {
  LISTING_NOT_FOUND = 'LISTING_NOT_FOUND',
  LISTING_NOT_ACTIVE = 'LISTING_NOT_ACTIVE',
  OWN_LISTING = 'OWN_LISTING',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  WALLET_AT_RISK = 'WALLET_AT_RISK',
  BUYER_BLOCKED = 'BUYER_BLOCKED',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

/** What the checkout needs from the catalog (the catalog owns listings and codes). */
export interface CheckoutCatalog {
  /** The listing, locked against concurrent edits for the rest of the transaction. */
  listingForPurchase(
    tx: Tx,
    listingId: string,
  ): Promise<
    { id: string; sellerId: string; active: boolean; priceAmount: number; currency: string } | undefined
  >;
  /** Marks one available code of the listing sold to `orderId` (skipping codes other buyers hold); null when none is left. */
  takeAvailableCode(tx: Tx, listingId: string, orderId: string): Promise<string | null>;
}

/** What the checkout needs from the auth, wallet and risk authorities (purchase-guards.ts builds it). */
export interface CheckoutGuards {
  /** null when the buyer may spend from this wallet now; the reason otherwise. */
  walletRefusal(tx: Tx, buyerId: string, currency: string): Promise<'WALLET_AT_RISK' | null>;
  /** null when the buyer may buy; the reason otherwise (account disabled, risk tier). */
  buyerRefusal(tx: Tx, buyerId: string): Promise<'BUYER_BLOCKED' | null>;
}

export type PurchaseResult = Refusable<{ order: OrderRow; replayed: boolean }, PurchaseListingErrorCode>;

const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The purchase, in one transaction (invariant 5): lock one available code, re-check the buyer
 * and the wallet, post the price from the wallet into the order's escrow, create the order.
 * Any refusal or failure rolls all of it back.
 */
export class CheckoutService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    private readonly catalog: CheckoutCatalog,
    private readonly guards: CheckoutGuards,
    private readonly settings: { platformFeeBasisPoints: number; protectionWindowHours: number },
    /** Called inside the purchase transaction once the order exists (jobs, events). */
    private readonly onPurchased: (tx: Tx, order: OrderRow) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Every broken rule is a `refuse` (shared/user-error.ts): thrown inside the transaction so that
   * it rolls back everything, and returned by `catchRefusal` as a user error of the mutation's enum.
   */
  async purchase(
    buyerId: string,
    input: { listingId: string | null; idempotencyKey: string },
  ): Promise<PurchaseResult> {
    return catchRefusal<{ order: OrderRow; replayed: boolean }, PurchaseListingErrorCode>(async () => {
      if (!idempotencyKeyPattern.test(input.idempotencyKey)) {
        refuse(
          PurchaseListingErrorCode.INVALID_IDEMPOTENCY_KEY,
          'Idempotency keys are 1 to 100 characters: letters, digits, . _ : -',
          'idempotencyKey',
        );
      }
      if (!input.listingId)
        refuse(PurchaseListingErrorCode.LISTING_NOT_FOUND, 'No such listing.', 'listingId');
      const listingId = input.listingId;
      const requestHash = hashRequest({ listingId });

      try {
        return await withTransaction(this.database, async (tx) => {
          // The key is resolved under its own lock, before anything else is read: a retry that
          // arrives while the first attempt is still running waits for it, then finds its order,
          // instead of racing it for the last code or the last of the balance (and being refused
          // although the first attempt charged the buyer).
          await lockIdempotencyKey(tx, buyerId, input.idempotencyKey);
          const previous = await this.previousOrder(tx, buyerId, input.idempotencyKey, requestHash);
          if (previous) return previous;
          return this.purchaseInTransaction(tx, buyerId, listingId, input.idempotencyKey, requestHash);
        });
      } catch (error) {
        // Unreachable while the key lock holds; kept so that a broken lock answers with the winner, not a 500.
        if (postgresConstraint(error) === 'orders_idempotency') {
          const winner = await this.previousOrder(this.database, buyerId, input.idempotencyKey, requestHash);
          if (winner) return winner;
        }
        throw error;
      }
    });
  }

  private async purchaseInTransaction(
    tx: Tx,
    buyerId: string,
    listingId: string,
    idempotencyKey: string,
    requestHash: Buffer,
  ): Promise<{ order: OrderRow; replayed: boolean }> {
    const listing = await this.catalog.listingForPurchase(tx, listingId);
    if (!listing) refuse(PurchaseListingErrorCode.LISTING_NOT_FOUND, 'No such listing.', 'listingId');
    if (listing.sellerId === buyerId) {
      refuse(PurchaseListingErrorCode.OWN_LISTING, 'You cannot buy your own listing.', 'listingId');
    }
    if (!listing.active) {
      refuse(
        PurchaseListingErrorCode.LISTING_NOT_ACTIVE,
        'This listing is not on sale right now.',
        'listingId',
      );
    }
    if (await this.guards.buyerRefusal(tx, buyerId)) {
      refuse(PurchaseListingErrorCode.BUYER_BLOCKED, 'Your account may not make purchases.');
    }

    const orderId = crypto.randomUUID();
    const codeId = await this.catalog.takeAvailableCode(tx, listingId, orderId);
    if (!codeId) refuse(PurchaseListingErrorCode.OUT_OF_STOCK, 'This listing is out of stock.', 'listingId');

    if (await this.guards.walletRefusal(tx, buyerId, listing.currency)) {
      refuse(
        PurchaseListingErrorCode.WALLET_AT_RISK,
        'Your wallet is on hold after a payment dispute; purchases are blocked. Contact support.',
      );
    }
    const now = new Date();
    const [order] = await tx
      .insert(orders)
      .values({
        id: orderId,
        buyerId,
        sellerId: listing.sellerId,
        listingId,
        codeId,
        priceAmount: listing.priceAmount,
        currency: listing.currency,
        feeBasisPoints: this.settings.platformFeeBasisPoints,
        protectionEndsAt: new Date(now.getTime() + this.settings.protectionWindowHours * 3_600_000),
        idempotencyKey,
        requestHash,
      })
      .returning();
    try {
      await this.ledger.post(
        tx,
        purchasePosting({ orderId, buyerId, amount: listing.priceAmount, currency: listing.currency }),
      );
    } catch (error) {
      if (error instanceof OverdraftError) {
        refuse(PurchaseListingErrorCode.INSUFFICIENT_FUNDS, 'Your wallet balance does not cover this price.');
      }
      throw error;
    }
    await this.onPurchased(tx, order!);
    await publishWalletChanged(tx, buyerId, listing.currency);
    await publishViewerEvent(tx, buyerId, 'ORDER_UPDATED', orderId);
    return { order: order!, replayed: false };
  }

  private async previousOrder(
    database: Database | Tx,
    buyerId: string,
    idempotencyKey: string,
    requestHash: Buffer,
  ): Promise<{ order: OrderRow; replayed: true } | undefined> {
    const [order] = await database
      .select()
      .from(orders)
      .where(and(eq(orders.buyerId, buyerId), eq(orders.idempotencyKey, idempotencyKey)));
    if (!order) return undefined;
    if (!order.requestHash.equals(requestHash)) {
      refuse(
        PurchaseListingErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was used for a different request.',
        'idempotencyKey',
      );
    }
    return { order, replayed: true };
  }
}

/**
 * Serializes the requests of one buyer under one idempotency key until the transaction ends. Taken
 * first in the purchase transaction, before the listing lock, so the lock order is always key, then
 * listing. A hash collision between two keys only makes two unrelated purchases wait for each other.
 */
async function lockIdempotencyKey(tx: Tx, buyerId: string, idempotencyKey: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`purchase:${buyerId}:${idempotencyKey}`}, 0))`,
  );
}

function hashRequest(request: Record<string, unknown>): Buffer {
  return canonicalHash(request);
}
