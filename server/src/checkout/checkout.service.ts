import crypto from 'node:crypto';
import { SessionEndedError } from '../auth/session-ended';
import type { ViewerEventPayload } from '../auth/viewer-events';
import type { Database } from '../db/pool';
import { postgresConstraint, withTransaction, type Tx } from '../db/transaction';
import { purchasePosting } from '../domain/posting-rules';
import { OverdraftError, type LedgerService } from '../ledger/ledger.service';
import { assert } from '../shared/assert';
import { canonicalHash } from '../shared/canonical-json';
import { catchRefusal, Refusal, refuse, type Refusable } from '../shared/user-error';
import { purchaseCheck } from '../wallet/purchase-check';
import type { OrderRow } from './escrow.service';
import { orderByKey, type PurchaseRequest, type PurchaseStatements } from './purchase-statements';

export enum PurchaseListingErrorCode {
  LISTING_NOT_FOUND = 'LISTING_NOT_FOUND',
  LISTING_NOT_ACTIVE = 'LISTING_NOT_ACTIVE',
  LISTING_CHANGED = 'LISTING_CHANGED',
  OWN_LISTING = 'OWN_LISTING',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  WALLET_AT_RISK = 'WALLET_AT_RISK',
  BUYER_BLOCKED = 'BUYER_BLOCKED',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

export type PurchaseResult = Refusable<{ order: OrderRow; replayed: boolean }, PurchaseListingErrorCode>;

const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{1,100}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * How many times a purchase starts again when its listing changed between its read and its claim
 * (the seller edited it in that millisecond). Beyond, it is refused LISTING_CHANGED, with nothing
 * charged: the seller is changing the listing faster than it can be bought.
 */
const maxListingChangedAttempts = 3;

/** The listing changed between the read and the claim: the charge may be wrong, start again. */
class ListingChanged extends Error {
  override name = 'ListingChanged';
}

/**
 * The purchase, in one transaction (invariant 5) of five round trips, and one more for the
 * effects (`onPurchased`):
 *
 *   BEGIN
 *   read    the key's order, the buyer's account and risk tier, the wallets (share-locked), the
 *           listing (unlocked): a replay, and every refusal but INSUFFICIENT_FUNDS, are decided here
 *   post    the price from the wallet into the order's escrow (LedgerService: locks both
 *           accounts; INSUFFICIENT_FUNDS)
 *   effects (onPurchased: the buyer's risk recompute request)
 *   claim   share the listing's sales lock, check the listing is still on sale at that price and
 *           version (as a seller's change the lock waited for left it), sell a code, insert the
 *           order, publish WALLET_CHANGED and ORDER_UPDATED (OUT_OF_STOCK or LISTING_NOT_ACTIVE
 *           when another transaction sold the last code or paused the listing meanwhile)
 *   COMMIT
 *
 * Purchases of one listing share it: the sales lock and the row's KEY SHARE lock do not conflict
 * with each other, and the sale's stock decrement runs at COMMIT (ADR 0012). Any refusal or
 * failure rolls all of it back. See checkout/README.md for the idempotency key.
 */
/** What the purchase's effects are told: the order it is about to insert, and its buyer. */
export interface PurchaseFacts {
  orderId: string;
  buyerId: string;
}

export class CheckoutService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    private readonly statements: PurchaseStatements,
    private readonly settings: { platformFeeBasisPoints: number; protectionWindowHours: number },
    /**
     * Called inside the purchase transaction once the buyer is charged, before the claim inserts the
     * order: what it writes commits if and only if the order does.
     */
    private readonly onPurchased: (tx: Tx, purchase: PurchaseFacts) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Every broken rule is a `refuse` (shared/user-error.ts): thrown inside the transaction so that
   * it rolls back everything, and returned by `catchRefusal` as a user error of the mutation's enum.
   */
  async purchase(
    buyerId: string,
    input: {
      listingId: string | null;
      idempotencyKey: string;
      expectedVersion?: number | null;
      /**
       * The buyer's session the request came in on: the purchase commits only while it is open, so
       * that none commits after a logout, a password change or a ban has answered (throws
       * SessionEndedError). Omitted only by the server's own calls (the seed, benches).
       */
      sessionId?: string | null;
    },
  ): Promise<PurchaseResult> {
    return catchRefusal<{ order: OrderRow; replayed: boolean }, PurchaseListingErrorCode>(async () => {
      if (!idempotencyKeyPattern.test(input.idempotencyKey)) {
        refuse(
          PurchaseListingErrorCode.INVALID_IDEMPOTENCY_KEY,
          'Idempotency keys are 1 to 100 characters: letters, digits, . _ : -',
          'idempotencyKey',
        );
      }
      if (!input.listingId || !uuidPattern.test(input.listingId))
        refuse(PurchaseListingErrorCode.LISTING_NOT_FOUND, 'No such listing.', 'listingId');
      const request: PurchaseRequest = {
        buyerId,
        sessionId: input.sessionId ?? null,
        listingId: input.listingId,
        idempotencyKey: input.idempotencyKey,
        // The listing only: a retry under the key with a newer expectedVersion is the same purchase.
        requestHash: hashRequest({ listingId: input.listingId }),
        expectedVersion: input.expectedVersion ?? null,
      };
      try {
        return await this.attempt(request);
      } catch (error) {
        // Issue 5's guarantee, without a lock on the key: a retry that ran while the first attempt
        // was in flight may be refused (that attempt took the last code or the last of the balance)
        // or lose to it on the orders_idempotency constraint. Before answering, read (after the
        // rollback, a fresh statement) whether an order under the key has committed: if so, the
        // answer is that order, replayed (or IDEMPOTENCY_KEY_REUSED for another request).
        // Refusals are not the hot path.
        const lostTheKey = postgresConstraint(error) === 'orders_idempotency';
        if (lostTheKey || (error instanceof Refusal && error.error.code !== 'IDEMPOTENCY_KEY_REUSED')) {
          const committed = await orderByKey(this.database, buyerId, request.idempotencyKey);
          if (committed) return replay(committed, request.requestHash);
        }
        throw error;
      }
    });
  }

  private async attempt(request: PurchaseRequest): Promise<{ order: OrderRow; replayed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        // The buyer's gate before the read (db/account-gate.ts): a revocation or a wallet flag
        // waiting for the purchases in flight holds this one back, and its read sees what they did.
        return await withTransaction(this.database, (tx) => this.purchaseInTransaction(tx, request), {
          accountGate: request.buyerId,
        });
      } catch (error) {
        if (!(error instanceof ListingChanged)) throw error;
        if (attempt >= maxListingChangedAttempts) {
          refuse(
            PurchaseListingErrorCode.LISTING_CHANGED,
            'The seller is changing this listing right now; nothing was charged. Check its price and details, then buy again.',
            'listingId',
          );
        }
      }
    }
  }

  private async purchaseInTransaction(
    tx: Tx,
    request: PurchaseRequest,
  ): Promise<{ order: OrderRow; replayed: boolean }> {
    const facts = await this.statements.read(tx, request);
    if (!facts.sessionOpen) throw new SessionEndedError();
    if (facts.previousOrder) {
      if (!facts.previousOrder.sameRequest) refuseReusedKey();
      const previous = await orderByKey(tx, request.buyerId, request.idempotencyKey);
      assert(previous, `order ${facts.previousOrder.id} vanished`);
      return { order: previous, replayed: true };
    }
    const { listing } = facts;
    if (!listing) refuse(PurchaseListingErrorCode.LISTING_NOT_FOUND, 'No such listing.', 'listingId');
    if (listing.sellerId === request.buyerId) {
      refuse(PurchaseListingErrorCode.OWN_LISTING, 'You cannot buy your own listing.', 'listingId');
    }
    if (!listing.active) refuseNotActive();
    if (request.expectedVersion !== null && listing.version !== request.expectedVersion) refuseChanged();
    // The account first: a disabled account is refused whatever its risk tier.
    if (!facts.buyerActive || facts.buyerBlocked) {
      refuse(PurchaseListingErrorCode.BUYER_BLOCKED, 'Your account may not make purchases.');
    }
    // Read without the listing's lock: the claim checks the stock again under it.
    if (listing.availableStock === 0) refuseOutOfStock();
    const walletCheck = purchaseCheck(facts.wallets, listing.currency);
    if (!walletCheck.allowed) {
      // The hold is the account's: a buyer paying from another currency's wallet is told which one is held.
      const held =
        walletCheck.currency === listing.currency
          ? `Your ${walletCheck.currency} wallet is on hold`
          : `Your ${walletCheck.currency} wallet is on hold (your ${listing.currency} wallet is not, but the hold pauses every purchase of the account)`;
      refuse(
        PurchaseListingErrorCode.WALLET_AT_RISK,
        `${held} after a payment dispute (a chargeback): purchases are paused while the hold lasts. Your wallet page says what lifts it; your orders and their codes stay available.`,
      );
    }

    const orderId = crypto.randomUUID();
    try {
      await this.ledger.post(
        tx,
        purchasePosting({
          orderId,
          buyerId: request.buyerId,
          amount: listing.priceAmount,
          currency: listing.currency,
        }),
      );
    } catch (error) {
      if (error instanceof OverdraftError) {
        refuse(PurchaseListingErrorCode.INSUFFICIENT_FUNDS, 'Your wallet balance does not cover this price.');
      }
      throw error;
    }

    const wallet = facts.wallets.find((row) => row.currency === listing.currency);
    const events: ViewerEventPayload[] = [
      // WALLET_CHANGED names the wallet; a wallet never opened has no id and gets none (wallet-events.ts).
      ...(wallet ? [{ kind: 'WALLET_CHANGED' as const, subjectId: wallet.id }] : []),
      { kind: 'ORDER_UPDATED', subjectId: orderId },
    ];
    await this.onPurchased(tx, { orderId, buyerId: request.buyerId });
    const claim = await this.statements.claim(
      tx,
      {
        id: orderId,
        buyerId: request.buyerId,
        listingId: request.listingId,
        priceAmount: listing.priceAmount,
        currency: listing.currency,
        listingVersion: listing.version,
        feeBasisPoints: this.settings.platformFeeBasisPoints,
        protectionEndsAt: new Date(Date.now() + this.settings.protectionWindowHours * 3_600_000),
        idempotencyKey: request.idempotencyKey,
        requestHash: request.requestHash,
      },
      events,
    );
    if ('listing' in claim) {
      // Under the lock: the listing as it is now.
      if (!claim.listing) refuse(PurchaseListingErrorCode.LISTING_NOT_FOUND, 'No such listing.', 'listingId');
      if (!claim.listing.active) refuseNotActive();
      if (
        claim.listing.version !== listing.version ||
        claim.listing.priceAmount !== listing.priceAmount ||
        claim.listing.currency !== listing.currency
      ) {
        // Start again: the read sees the change (and refuses it when the buyer saw another version).
        throw new ListingChanged(`listing ${request.listingId} changed during a purchase`);
      }
      refuseOutOfStock();
    }
    return { order: claim.order, replayed: false };
  }
}

function replay(order: OrderRow, requestHash: Buffer): { order: OrderRow; replayed: true } {
  if (!order.requestHash.equals(requestHash)) refuseReusedKey();
  return { order, replayed: true };
}

function refuseReusedKey(): never {
  refuse(
    PurchaseListingErrorCode.IDEMPOTENCY_KEY_REUSED,
    'This idempotency key was used for a different request.',
    'idempotencyKey',
  );
}

function refuseNotActive(): never {
  refuse(PurchaseListingErrorCode.LISTING_NOT_ACTIVE, 'This listing is not on sale right now.', 'listingId');
}

function refuseChanged(): never {
  refuse(
    PurchaseListingErrorCode.LISTING_CHANGED,
    'The seller changed this listing after you saw it; nothing was charged. Check its price and details, then buy again.',
    'expectedVersion',
  );
}

function refuseOutOfStock(): never {
  refuse(PurchaseListingErrorCode.OUT_OF_STOCK, 'This listing is out of stock.', 'listingId');
}

function hashRequest(request: Record<string, unknown>): Buffer {
  return canonicalHash(request);
}
