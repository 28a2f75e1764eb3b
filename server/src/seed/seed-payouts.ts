import crypto from 'node:crypto';
import { fromGlobalId } from '../graphql/relay';
import type { Services } from '../services';
import type { GraphqlSession } from '../tools/graphql-session';
import { expectNoErrors, fundBuyer, logIn } from './seed-session';

/**
 * Seller payouts in the demo (issue 8), through the product's own paths: sellers start payout
 * onboarding over GraphQL and finish it on the emulator's onboarding page (as their browser
 * would), buyers buy and confirm over GraphQL, sellers request withdrawals over GraphQL, and what
 * jobs do (the eligibility refresh, a seller's automated sweep, the withdrawal and transfer jobs)
 * runs through the same services and job queue. The seed's app runs with PAYOUT_HOLD_HOURS=0
 * (seed.cli.ts): the orders it completes are eligible for payout at once.
 *
 * It leaves:
 * - Sela (seller@): ENABLED; a withdrawal PAID (one transfer at Stripe), then an automated payout
 *   in transit: phase 1 committed (orders ALLOCATED, ledger PAYOUTS_IN_TRANSIT), its transfer job
 *   queued for the job worker of `npm start`;
 * - Kenji (seller2@): ENABLED; a withdrawal FAILED (the platform's available Stripe balance had
 *   just been emptied: Stripe refused the transfer `balance_insufficient`, the payout was
 *   reversed and its orders are eligible again), then one open withdrawal (REQUESTED) of them;
 * - Rita (seller3@): RESTRICTED, with what Stripe still needs; her released orders BLOCKED.
 *
 * Safe to run twice: an existing payout account is kept, and when Sela or Kenji has any payout or
 * withdrawal the rest is kept. The last two steps queue jobs that the seed does not run, so
 * nothing before them may run the queue on a second run either (no step does when it keeps).
 *
 * On the embedded database, the emulator keeps its state beside it (STRIPE_EMULATOR_STATE_FILE): the
 * `npm start` that later runs those two jobs finds these connected accounts and the platform's
 * balance, and pays both. An emulator without a state file (DATABASE_URL, nothing set) starts
 * empty there, refuses both transfers (`resource_missing`; the payouts are reversed and the
 * accounts recorded DISCONNECTED, so the sellers' payouts pages offer to connect a new one).
 */

const payoutSellers = {
  paid: 'seller@codesale.test',
  failed: 'seller2@codesale.test',
  restricted: 'seller3@codesale.test',
};

const restrictedSellerListing = {
  title: 'Steam Wallet 10 EUR',
  platform: 'STEAM',
  region: 'EU',
  kind: 'GIFT_CARD',
  price: 1_000,
};

/** What a payout seller lists when fewer of their listings can be bought than the demo buys from. */
const restockListing = {
  title: 'Steam Wallet 20 EUR',
  platform: 'STEAM',
  region: 'EU',
  kind: 'GIFT_CARD',
  price: 2_000,
};

/** Released orders of the restricted seller, which wait BLOCKED until Stripe enables her account. */
const restrictedSellerOrders = 2;

const documents = {
  payoutAccount: `{ payoutAccount { status requirements { code } } }`,
  startOnboarding: `mutation { startPayoutOnboarding { payoutAccount { status } onboardingLink { url } errors { code message } } }`,
  history: `{ myPayouts(first: 1) { edges { node { id } } } myWithdrawals(first: 1) { edges { node { id } } } }`,
  latestPayout: `{ myPayouts(first: 1) { edges { node { state amount { amount } orderCount stripeTransferId failureCode } } } }`,
  quote: `query ($amount: Int!) { withdrawalQuote(amount: $amount, currency: "EUR") { available { amount } } }`,
  requestWithdrawal: `mutation ($input: RequestWithdrawalInput!) { requestWithdrawal(input: $input) { withdrawal { id state payable { amount } orderCount } errors { code message } } }`,
  myListings: `{ myListings(first: 100) { edges { node { id status stock price { amount } } } } }`,
  createListing: `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }`,
  addCodes: `mutation ($input: AddCodesInput!) { addCodes(input: $input) { addedCount } }`,
  purchase: `mutation ($input: PurchaseListingInput!) { purchaseListing(input: $input) { order { id } errors { code message } } }`,
  reveal: `mutation ($input: OrderInput!) { revealCode(input: $input) { code } }`,
  confirm: `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { id } errors { code message } } }`,
};

type OnboardingOutcome = 'complete' | 'restricted';

interface LatestPayout {
  state: string;
  amount: { amount: number };
  orderCount: number;
  stripeTransferId: string | null;
  failureCode: string | null;
}

export async function seedPayouts(url: string, services: Services): Promise<void> {
  const emulator = services.stripe.emulator;
  if (!emulator) {
    console.log(
      '  skipped: the seed onboards sellers on the Stripe emulator only (STRIPE_SECRET_KEY is set)',
    );
    return;
  }
  const sela = await logIn(url, payoutSellers.paid);
  const kenji = await logIn(url, payoutSellers.failed);
  const rita = await logIn(url, payoutSellers.restricted);
  await ensureOnboarded(services, [
    { email: payoutSellers.paid, session: sela, outcome: 'complete' },
    { email: payoutSellers.failed, session: kenji, outcome: 'complete' },
    { email: payoutSellers.restricted, session: rita, outcome: 'restricted' },
  ]);
  if ((await hasPayoutHistory(sela)) || (await hasPayoutHistory(kenji))) {
    console.log('  payouts and withdrawals kept');
    return;
  }

  const buyer = await logIn(url, 'buyer@codesale.test');
  const buyer2 = await logIn(url, 'buyer2@codesale.test');
  // Fresh top-ups: the buyers pay for these orders, and they fund this emulator's platform balance.
  await fundBuyer({ kind: 'own', services }, buyer, true);
  await fundBuyer({ kind: 'own', services }, buyer2, true);
  const selaListings = await buyableListings(sela, payoutSellers.paid, 3);
  const kenjiListings = await buyableListings(kenji, payoutSellers.failed, 2);
  const ritaListing = await restrictedListing(rita);
  await completeOrders(buyer, [selaListings[0]!, selaListings[1]!]);
  await completeOrders(buyer2, [
    kenjiListings[0]!,
    kenjiListings[1]!,
    ...Array.from({ length: restrictedSellerOrders }, () => ritaListing),
  ]);
  // The eligibility job's work: track the releases, derive each order's payout state.
  await services.payoutEligibility.refreshAll();

  // 1. Sela withdraws everything available; the withdrawal and transfer jobs pay it.
  const paidWithdrawal = await withdrawAll(sela);
  await services.jobs.runJobsOnce();
  const paid = await latestPayout(sela, 'PAID');
  console.log(
    `  [1/5] ${payoutSellers.paid}: withdrawal of ${paidWithdrawal.payable.amount} (${paidWithdrawal.orderCount} orders) PAID, transfer ${paid.stripeTransferId}`,
  );

  // 2. The platform's available Stripe balance is emptied; Kenji's withdrawal finds nothing to pay with.
  emulator.drainBalance('EUR');
  const failedWithdrawal = await withdrawAll(kenji);
  await services.jobs.runJobsOnce();
  const failed = await latestPayout(kenji, 'FAILED');
  console.log(
    `  [2/5] ${payoutSellers.failed}: withdrawal of ${failedWithdrawal.payable.amount} FAILED (${failed.failureCode}: ` +
      `the platform's Stripe balance had just been emptied); reversed, its orders eligible again`,
  );
  // The transfer's events, recorded and processed.
  await emulator.idle();
  await services.jobs.runJobsOnce();

  // A top-up refills the platform's balance; Sela sells two more orders.
  await fundBuyer({ kind: 'own', services }, buyer2, true);
  await completeOrders(buyer, [selaListings[2]!, selaListings[0]!]);
  await services.payoutEligibility.refreshAll();

  // From here on nothing runs the job queue: the next two jobs stay queued for `npm start`.
  // 3. Sela's automated payout (the sweep job's work for one seller): phase 1 only.
  const swept = await services.withdrawalExecution.sweepSeller(await sellerId(sela), 'EUR');
  if (swept.outcome !== 'INITIATED')
    throw new Error(`the sweep of ${payoutSellers.paid}: ${JSON.stringify(swept)}`);
  console.log(
    `  [3/5] ${payoutSellers.paid}: automated payout of ${swept.payout.amount} (${swept.payout.orderCount} orders) in transit: ` +
      'phase 1 committed, its transfer job queued',
  );
  // 4. Kenji asks again for the orders that came back: an open withdrawal.
  const openWithdrawal = await withdrawAll(kenji);
  console.log(
    `  [4/5] ${payoutSellers.failed}: withdrawal of ${openWithdrawal.payable.amount} open (${openWithdrawal.state}), its execution job queued`,
  );
  const account = await rita.data<{ payoutAccount: { status: string; requirements: { code: string }[] } }>(
    documents.payoutAccount,
  );
  console.log(
    `  [5/5] ${payoutSellers.restricted}: ${restrictedSellerOrders} released orders blocked, account ${account.payoutAccount.status} ` +
      `(Stripe still needs ${account.payoutAccount.requirements.map((requirement) => requirement.code).join(', ')})`,
  );
  console.log(
    services.config.stripe.emulatorStateFile === undefined
      ? '  The job worker of `npm start` runs the two queued jobs. This Stripe emulator keeps its state in memory\n' +
          "  (no STRIPE_EMULATOR_STATE_FILE): `npm start` starts a new one, which does not know this run's connected\n" +
          '  accounts, so there those two transfers are refused (resource_missing) and reversed, and those accounts\n' +
          "  shown DISCONNECTED: the sellers' payouts pages connect a new one."
      : "  The job worker of `npm start` runs the two queued jobs: its Stripe emulator reads this one's state from\n" +
          `  ${services.config.stripe.emulatorStateFile}, so it knows these connected accounts and pays both transfers.`,
  );
}

/**
 * Starts onboarding where it never started and ends it on the emulator's page, as the seller's
 * browser would; then Stripe's `account.updated` webhook is recorded and its job run. One seller
 * at a time: those jobs share one queue, and one runJobsOnce() takes one job of a queue.
 */
async function ensureOnboarded(
  services: Services,
  sellers: { email: string; session: GraphqlSession; outcome: OnboardingOutcome }[],
): Promise<void> {
  for (const seller of sellers) {
    const existing = await seller.session.data<{ payoutAccount: { status: string } | null }>(
      documents.payoutAccount,
    );
    if (existing.payoutAccount) {
      console.log(`  ${seller.email} payout account kept (${existing.payoutAccount.status})`);
      continue;
    }
    const answer = await seller.session.data<{
      startPayoutOnboarding: { onboardingLink: { url: string } | null; errors: unknown[] };
    }>(documents.startOnboarding);
    expectNoErrors('startPayoutOnboarding', answer.startPayoutOnboarding);
    const page = await fetch(answer.startPayoutOnboarding.onboardingLink!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ outcome: seller.outcome }),
      redirect: 'manual',
    });
    if (page.status >= 400) throw new Error(`the onboarding page answered ${page.status}`);
    await services.stripe.emulator!.idle();
    await services.jobs.runJobsOnce();
    const now = await seller.session.data<{
      payoutAccount: { status: string; requirements: { code: string }[] } | null;
    }>(documents.payoutAccount);
    const requirements = now.payoutAccount?.requirements.map((requirement) => requirement.code) ?? [];
    console.log(
      `  ${seller.email} payout account ${now.payoutAccount?.status ?? 'missing'}` +
        (requirements.length > 0 ? `: Stripe still needs ${requirements.join(', ')}` : ''),
    );
  }
}

async function hasPayoutHistory(seller: GraphqlSession): Promise<boolean> {
  const history = await seller.data<{
    myPayouts: { edges: unknown[] };
    myWithdrawals: { edges: unknown[] };
  }>(documents.history);
  return history.myPayouts.edges.length > 0 || history.myWithdrawals.edges.length > 0;
}

/** The seller's listing ids, the dearest first. */
/**
 * The seller's listings that can be bought now (active, in stock), dearest first: a listing the
 * seller archived or paused since the last seed, or sold out, is passed over.
 */
async function listingsByPrice(seller: GraphqlSession): Promise<string[]> {
  const own = await seller.data<{
    myListings: {
      edges: { node: { id: string; status: string; stock: number; price: { amount: number } } }[];
    };
  }>(documents.myListings);
  return own.myListings.edges
    .map((edge) => edge.node)
    .filter((listing) => listing.status === 'ACTIVE' && listing.stock > 0)
    .sort((a, b) => b.price.amount - a.price.amount)
    .map((listing) => listing.id);
}

/**
 * At least `needed` of the seller's listings that can be bought now, dearest first: a demo listing
 * with codes is added for each missing one (the seller archived, paused or sold out theirs since
 * the last seed).
 */
async function buyableListings(seller: GraphqlSession, email: string, needed: number): Promise<string[]> {
  const listings = await listingsByPrice(seller);
  while (listings.length < needed) listings.push(await demoListing(seller, email, restockListing));
  return listings;
}

async function restrictedListing(seller: GraphqlSession): Promise<string> {
  const [existing] = await listingsByPrice(seller);
  return existing ?? demoListing(seller, payoutSellers.restricted, restrictedSellerListing);
}

/** A new listing of `template` with 10 codes. */
async function demoListing(
  seller: GraphqlSession,
  email: string,
  template: typeof restrictedSellerListing,
): Promise<string> {
  const created = await seller.data<{ createListing: { listing: { id: string } | null; errors: unknown[] } }>(
    documents.createListing,
    {
      input: {
        ...template,
        currency: 'EUR',
        description: `${template.title}. Delivered instantly.`,
      },
    },
  );
  expectNoErrors('createListing', created.createListing);
  const listingId = created.createListing.listing!.id;
  const codes = Array.from(
    { length: 10 },
    () => `STM-${crypto.randomBytes(6).toString('hex').toUpperCase()}`,
  );
  await seller.data(documents.addCodes, { input: { listingId, codes } });
  console.log(`  ${email}: listing "${template.title}" with ${codes.length} codes`);
  return listingId;
}

/** Each listing bought once, its code revealed and the delivery confirmed: escrow released to the seller. */
async function completeOrders(buyer: GraphqlSession, listingIds: string[]): Promise<void> {
  for (const listingId of listingIds) {
    const bought = await buyer.data<{ purchaseListing: { order: { id: string } | null; errors: unknown[] } }>(
      documents.purchase,
      { input: { listingId, idempotencyKey: `seed-payout-${crypto.randomUUID()}` } },
    );
    expectNoErrors('purchaseListing', bought.purchaseListing);
    const orderId = bought.purchaseListing.order!.id;
    await buyer.data(documents.reveal, { input: { orderId } });
    const confirmed = await buyer.data<{ confirmDelivery: { errors: unknown[] } }>(documents.confirm, {
      input: { orderId },
    });
    expectNoErrors('confirmDelivery', confirmed.confirmDelivery);
  }
}

/** The seller asks for everything available now (the quote shown before confirming). */
async function withdrawAll(
  seller: GraphqlSession,
): Promise<{ id: string; state: string; payable: { amount: number }; orderCount: number }> {
  const quote = await seller.data<{ withdrawalQuote: { available: { amount: number } } }>(documents.quote, {
    amount: 1,
  });
  const requested = await seller.data<{
    requestWithdrawal: {
      withdrawal: { id: string; state: string; payable: { amount: number }; orderCount: number } | null;
      errors: unknown[];
    };
  }>(documents.requestWithdrawal, {
    input: {
      amount: quote.withdrawalQuote.available.amount,
      currency: 'EUR',
      idempotencyKey: `seed-withdrawal-${crypto.randomUUID()}`,
    },
  });
  expectNoErrors('requestWithdrawal', requested.requestWithdrawal);
  return requested.requestWithdrawal.withdrawal!;
}

async function latestPayout(seller: GraphqlSession, expected: string): Promise<LatestPayout> {
  const payouts = await seller.data<{ myPayouts: { edges: { node: LatestPayout }[] } }>(
    documents.latestPayout,
  );
  const payout = payouts.myPayouts.edges[0]?.node;
  if (payout?.state !== expected)
    throw new Error(`expected a ${expected} payout, found ${JSON.stringify(payout)}`);
  return payout;
}

async function sellerId(seller: GraphqlSession): Promise<string> {
  const me = await seller.data<{ me: { id: string } }>(`{ me { id } }`);
  return fromGlobalId(me.me.id, 'User')!;
}
