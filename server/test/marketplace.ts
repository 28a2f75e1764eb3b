import crypto from 'node:crypto';
import { CheckoutService } from '../src/checkout/checkout.service';
import { purchaseStatements } from '../src/checkout/purchase-statements';
import { withTransaction } from '../src/db/transaction';
import { topUpPosting } from '../src/domain/posting-rules';
import { fromGlobalId } from '../src/graphql/relay';
import { signUp, type TestApp, type TestClient } from './harness';

/** Marketplace fixtures for tests, built through the public API wherever the API is not under test. */

export interface Party {
  client: TestClient;
  /** Global id, as the API returns it. */
  id: string;
  /** Raw uuid, for service-level assertions. */
  rawId: string;
}

export async function newBuyer(testApp: TestApp): Promise<Party> {
  const { client, userId } = await signUp(testApp.baseUrl);
  return { client, id: userId, rawId: fromGlobalId(userId, 'User')! };
}

export async function newSeller(testApp: TestApp): Promise<Party> {
  const { client, userId } = await signUp(testApp.baseUrl, { sellerAccount: true });
  return { client, id: userId, rawId: fromGlobalId(userId, 'User')! };
}

/**
 * Credits a wallet through the ledger authority, as the top-up webhook does, without a Stripe
 * round trip. Only for tests whose subject is not the top-up itself.
 */
export async function fundWallet(
  testApp: TestApp,
  buyer: Party,
  amount: number,
  currency = 'EUR',
): Promise<void> {
  await withTransaction(testApp.services.database, (tx) =>
    testApp.services.ledger.post(
      tx,
      topUpPosting({ topUpId: crypto.randomUUID(), buyerId: buyer.rawId, amount, currency }),
    ),
  );
}

export async function createListing(
  seller: Party,
  options: { price?: number; currency?: string; codes?: number; title?: string } = {},
): Promise<{ listingId: string; codes: string[] }> {
  const data = await seller.client.data<{
    createListing: { listing: { id: string } | null; errors: unknown[] };
  }>(
    `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message field } } }`,
    {
      input: {
        title: options.title ?? `Test game ${crypto.randomBytes(3).toString('hex')}`,
        platform: 'STEAM',
        region: 'GLOBAL',
        kind: 'GAME_KEY',
        price: options.price ?? 1_999,
        currency: options.currency ?? 'EUR',
        description: 'A test listing',
      },
    },
  );
  if (!data.createListing.listing)
    throw new Error(`createListing failed: ${JSON.stringify(data.createListing.errors)}`);
  const listingId = data.createListing.listing.id;
  const codes = Array.from(
    { length: options.codes ?? 1 },
    () => `KEY-${crypto.randomBytes(8).toString('hex').toUpperCase()}`,
  );
  if (codes.length > 0) await addCodes(seller, listingId, codes);
  return { listingId, codes };
}

export async function addCodes(seller: Party, listingId: string, codes: string[]): Promise<void> {
  const response = await seller.client.graphql(
    `mutation ($input: AddCodesInput!) { addCodes(input: $input) { errors { code message } } }`,
    { input: { listingId, codes } },
  );
  if (response.errors?.length) throw new Error(`addCodes failed: ${JSON.stringify(response.errors)}`);
}

export const purchaseMutation = `mutation ($input: PurchaseListingInput!) {
  purchaseListing(input: $input) {
    order { id escrowStatus price { amount currency } }
    replayed
    errors { code message field }
  }
}`;

export interface PurchaseAnswer {
  purchaseListing: {
    order: { id: string; escrowStatus: string; price: { amount: number; currency: string } } | null;
    replayed: boolean;
    errors: { code: string; message: string; field: string | null }[];
  };
}

export async function purchase(
  buyer: Party,
  listingId: string,
  idempotencyKey: string = crypto.randomUUID(),
) {
  return (await buyer.client.data<PurchaseAnswer>(purchaseMutation, { input: { listingId, idempotencyKey } }))
    .purchaseListing;
}

/**
 * A purchase held right after its claim (its code sold, its order inserted, nothing committed)
 * until `release`: a test acts on the listing, the session or the account while it is in flight.
 * `sessionId`: the request's session, as the resolver passes it (none: no session check).
 */
export function heldAfterClaim(testApp: TestApp, buyer: Party, listingId: string, sessionId?: string) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let claimed: () => void = () => undefined;
  const reachedClaim = new Promise<void>((resolve) => (claimed = resolve));
  const { services } = testApp;
  const checkout = new CheckoutService(
    services.database,
    services.ledger,
    {
      read: purchaseStatements.read,
      claim: async (tx, order, events) => {
        const claim = await purchaseStatements.claim(tx, order, events);
        claimed();
        await gate;
        return claim;
      },
    },
    services.config.escrow,
  );
  const result = checkout.purchase(buyer.rawId, {
    listingId: fromGlobalId(listingId, 'Listing'),
    idempotencyKey: crypto.randomUUID(),
    ...(sessionId ? { sessionId } : {}),
  });
  return { result, reachedClaim, release };
}
