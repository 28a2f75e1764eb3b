import '../tools/node-version.guard';
import 'reflect-metadata';
import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { buildApp } from '../app';
import { users } from '../auth/auth.tables';
import { Role } from '../auth/roles';
import { loadConfig, processEnvironment } from '../config';
import { connectDatabaseServer } from '../db/connect';
import { migrate } from '../db/migrate';
import { createDatabase } from '../db/pool';
import { commandLineMeta, type RequestMeta } from '../shared/request-meta';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { closeServices, createServices, type Services } from '../services';
import { runCli } from '../tools/cli';
import { runningApiPort } from '../tools/running-api';
import type { GraphqlSession } from '../tools/graphql-session';
import { seedListingImages } from './seed-listing-images';
import { seedPayouts } from './seed-payouts';
import { demoPassword, expectNoErrors, fundBuyer, logIn, type Funding } from './seed-session';

/**
 * Demo data through the product's own paths: users through the auth service, everything else
 * through the GraphQL API of an app started on a free local port (or of the API `npm start` runs
 * on this database, when it answers), wallets funded by Stripe top-ups confirmed in that API's
 * emulator and credited by its signed webhooks, payouts as seed-payouts.ts says. Never by writing balances. Safe to run twice: whatever exists already is
 * kept. The app runs with PAYOUT_HOLD_HOURS=0, so the orders it completes are eligible for payout
 * at once.
 */

const demoUsers: { email: string; displayName: string; roles: Role[] }[] = [
  { email: 'admin@codesale.test', displayName: 'Ada Admin', roles: [Role.ADMIN] },
  { email: 'support@codesale.test', displayName: 'Sam Support', roles: [Role.SUPPORT] },
  { email: 'seller@codesale.test', displayName: 'Sela Seller', roles: [Role.BUYER, Role.SELLER] },
  { email: 'seller2@codesale.test', displayName: 'Kenji Keys', roles: [Role.BUYER, Role.SELLER] },
  { email: 'seller3@codesale.test', displayName: 'Rita Restricted', roles: [Role.BUYER, Role.SELLER] },
  { email: 'buyer@codesale.test', displayName: 'Bo Buyer', roles: [Role.BUYER] },
  { email: 'buyer2@codesale.test', displayName: 'Bea Buyer', roles: [Role.BUYER] },
];

const demoListings = [
  {
    title: 'Stellar Frontier (Steam key)',
    platform: 'STEAM',
    region: 'GLOBAL',
    kind: 'GAME_KEY',
    price: 2_499,
  },
  { title: 'Castle Crusaders Deluxe', platform: 'STEAM', region: 'EU', kind: 'GAME_KEY', price: 1_499 },
  {
    title: 'PlayStation Store 20 EUR gift card',
    platform: 'PLAYSTATION',
    region: 'EU',
    kind: 'GIFT_CARD',
    price: 2_000,
  },
  {
    title: 'Xbox Game Pass Ultimate, 1 month',
    platform: 'XBOX',
    region: 'GLOBAL',
    kind: 'SUBSCRIPTION',
    price: 1_299,
  },
  {
    title: 'PhotoForge Pro 2026 licence',
    platform: 'OTHER',
    region: 'GLOBAL',
    kind: 'SOFTWARE_LICENSE',
    price: 4_999,
  },
  { title: 'Nintendo eShop 15 EUR', platform: 'NINTENDO', region: 'EU', kind: 'GIFT_CARD', price: 1_500 },
];

const codesPerListing = 25;

/** One password hash per account the seed creates. */
const seedMeta = (): RequestMeta => commandLineMeta('seed');

async function ensureUser(services: Services, spec: (typeof demoUsers)[number]): Promise<'created' | 'kept'> {
  const [existing] = await services.database
    .select({ id: users.id })
    .from(users)
    .where(eq(users.emailNormalized, spec.email));
  if (existing) return 'kept';
  const account = { email: spec.email, password: demoPassword, displayName: spec.displayName };
  const staff = spec.roles.includes(Role.ADMIN) || spec.roles.includes(Role.SUPPORT);
  const result = staff
    ? await services.auth.createStaffUser(null, { ...account, roles: spec.roles }, seedMeta())
    : await services.auth.signUp({ ...account, sellerAccount: spec.roles.includes(Role.SELLER) }, seedMeta());
  if (!('user' in result)) throw new Error(`could not create ${spec.email}: ${JSON.stringify(result)}`);
  return 'created';
}

/** The demo sellers' ids: the seed gives images to their listings only. */
async function demoSellerIds(services: Services): Promise<string[]> {
  const emails = demoUsers.filter((spec) => spec.roles.includes(Role.SELLER)).map((spec) => spec.email);
  const rows = await services.database
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.emailNormalized, emails));
  return rows.map((row) => row.id);
}

async function ensureListings(seller: GraphqlSession, sellerIndex: number): Promise<string[]> {
  const own = await seller.data<{
    myListings: { edges: { node: { id: string; status: string; stock: number } }[] };
  }>(`{ myListings(first: 100) { edges { node { id status stock } } } }`);
  // Only what can be bought now: a listing archived, paused or sold out since the last seed is passed over.
  const buyable = own.myListings.edges
    .map((edge) => edge.node)
    .filter((listing) => listing.status === 'ACTIVE' && listing.stock > 0);
  if (buyable.length > 0) return buyable.map((listing) => listing.id);
  const ids: string[] = [];
  for (const listing of demoListings.filter((_, index) => index % 2 === sellerIndex)) {
    const created = await seller.data<{
      createListing: { listing: { id: string } | null; errors: unknown[] };
    }>(
      `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }`,
      { input: { ...listing, currency: 'EUR', description: `${listing.title}. Delivered instantly.` } },
    );
    if (!created.createListing.listing) throw new Error(JSON.stringify(created.createListing.errors));
    const listingId = created.createListing.listing.id;
    const codes = Array.from(
      { length: codesPerListing },
      () => `${listing.platform.slice(0, 3)}-${crypto.randomBytes(6).toString('hex').toUpperCase()}`,
    );
    await seller.data(`mutation ($input: AddCodesInput!) { addCodes(input: $input) { addedCount } }`, {
      input: { listingId, codes },
    });
    ids.push(listingId);
    console.log(`    listing "${listing.title}" with ${codesPerListing} codes`);
  }
  return ids;
}

async function ensureOrders(buyer: GraphqlSession, listingIds: string[]): Promise<number> {
  const existing = await buyer.data<{ myOrders: { edges: unknown[] } }>(
    `{ myOrders(first: 1) { edges { cursor } } }`,
  );
  if (existing.myOrders.edges.length > 0) return 0;
  const orderIds: string[] = [];
  for (const listingId of listingIds.slice(0, 3)) {
    const bought = await buyer.data<{
      purchaseListing: { order: { id: string } | null; errors: { code: string }[] };
    }>(
      `mutation ($input: PurchaseListingInput!) { purchaseListing(input: $input) { order { id } errors { code } } }`,
      { input: { listingId, idempotencyKey: `seed-${crypto.randomUUID()}` } },
    );
    if (bought.purchaseListing.order) orderIds.push(bought.purchaseListing.order.id);
  }
  // One order completed (revealed and confirmed), one revealed and still in escrow, one untouched.
  const [completed, revealed] = orderIds;
  for (const orderId of [completed, revealed]) {
    if (orderId)
      await buyer.data(`mutation ($input: OrderInput!) { revealCode(input: $input) { code } }`, {
        input: { orderId },
      });
  }
  if (completed) {
    await buyer.data(`mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { id } } }`, {
      input: { orderId: completed },
    });
  }
  return orderIds.length;
}

const disputeMutations = {
  open: `mutation ($input: OpenDisputeInput!) { openDispute(input: $input) { dispute { id version } errors { code message } } }`,
  review: `mutation ($input: StartDisputeReviewInput!) { startDisputeReview(input: $input) { dispute { version } errors { code message } } }`,
  request: `mutation ($input: RequestDisputeResponseInput!) { requestDisputeResponse(input: $input) { dispute { version } errors { code message } } }`,
  refund: `mutation ($input: OrderDecisionInput!) { refundOrder(input: $input) { dispute { state } errors { code message } } }`,
  release: `mutation ($input: OrderDecisionInput!) { releaseOrder(input: $input) { dispute { state } errors { code message } } }`,
};

type DisputeStage = 'OPEN' | 'UNDER_REVIEW' | 'NEEDS_RESPONSE' | 'REFUNDED' | 'RELEASED';

/** One dispute taken through the real lifecycle to `stage`: opened by the buyer, worked by support, decided by an admin. */
async function seedDispute(
  buyer: GraphqlSession,
  support: GraphqlSession,
  admin: GraphqlSession,
  listingId: string,
  stage: DisputeStage,
): Promise<void> {
  const bought = await buyer.data<{ purchaseListing: { order: { id: string } | null; errors: unknown[] } }>(
    `mutation ($input: PurchaseListingInput!) { purchaseListing(input: $input) { order { id } errors { code message } } }`,
    { input: { listingId, idempotencyKey: `seed-dispute-${crypto.randomUUID()}` } },
  );
  expectNoErrors('purchaseListing', bought.purchaseListing);
  const orderId = bought.purchaseListing.order!.id;
  await buyer.data(`mutation ($input: OrderInput!) { revealCode(input: $input) { code } }`, {
    input: { orderId },
  });
  const opened = await buyer.data<{
    openDispute: { dispute: { id: string; version: number } | null; errors: unknown[] };
  }>(disputeMutations.open, {
    input: {
      orderId,
      reason: 'ALREADY_REDEEMED',
      message: 'The platform says this code was already redeemed.',
    },
  });
  expectNoErrors('openDispute', opened.openDispute);
  const disputeId = opened.openDispute.dispute!.id;
  if (stage === 'OPEN') return;
  const reviewed = await support.data<{
    startDisputeReview: { dispute: { version: number } | null; errors: unknown[] };
  }>(disputeMutations.review, { input: { disputeId, expectedVersion: opened.openDispute.dispute!.version } });
  expectNoErrors('startDisputeReview', reviewed.startDisputeReview);
  if (stage === 'UNDER_REVIEW') return;
  if (stage === 'NEEDS_RESPONSE') {
    const requested = await support.data<{ requestDisputeResponse: { errors: unknown[] } }>(
      disputeMutations.request,
      {
        input: {
          disputeId,
          expectedVersion: reviewed.startDisputeReview.dispute!.version,
          party: 'SELLER',
          message: 'Please send the activation log for this key.',
          deadlineHours: 48,
        },
      },
    );
    expectNoErrors('requestDisputeResponse', requested.requestDisputeResponse);
    return;
  }
  const decision = stage === 'REFUNDED' ? 'refund' : 'release';
  const decided = await admin.data<Record<string, { errors: unknown[] }>>(disputeMutations[decision], {
    input: { orderId, reason: 'Seeded decision', idempotencyKey: `seed-${crypto.randomUUID()}` },
  });
  expectNoErrors(`${decision}Order`, Object.values(decided)[0]!);
}

async function ensureDisputes(url: string, funding: Funding, listingIds: string[]): Promise<string> {
  const buyers = [await logIn(url, 'buyer@codesale.test'), await logIn(url, 'buyer2@codesale.test')];
  // The demo's own disputes (its buyers'), not the installation's: disputes of real users made
  // before the seed ran do not stand in for the demo.
  for (const buyer of buyers) {
    const own = await buyer.data<{ myDisputes: { edges: unknown[] } }>(
      `{ myDisputes(first: 1) { edges { cursor } } }`,
    );
    if (own.myDisputes.edges.length > 0) return 'kept';
  }
  const support = await logIn(url, 'support@codesale.test');
  const admin = await logIn(url, 'admin@codesale.test');
  for (const buyer of buyers) await fundBuyer(funding, buyer, true);
  const plan: [number, DisputeStage][] = [
    [0, 'OPEN'],
    [1, 'UNDER_REVIEW'],
    [0, 'NEEDS_RESPONSE'],
    [1, 'REFUNDED'],
    [0, 'RELEASED'],
  ];
  for (const [index, [buyerIndex, stage]] of plan.entries()) {
    await seedDispute(
      buyers[buyerIndex]!,
      support,
      admin,
      listingIds[(index + 3) % listingIds.length]!,
      stage,
    );
    console.log(
      `  [${index + 1}/${plan.length}] dispute ${stage === 'REFUNDED' || stage === 'RELEASED' ? `decided (${stage.toLowerCase()}), closed` : stage}`,
    );
  }
  return 'created';
}

async function main(): Promise<number> {
  // The seed's app pays out at once: the orders it completes are not held PAYOUT_HOLD_HOURS first.
  // The seed's Stripe emulator is its own (any free port): the port named for npm start's emulator
  // may be taken by it.
  const config = loadConfig({ ...processEnvironment(), PAYOUT_HOLD_HOURS: '0', STRIPE_EMULATOR_PORT: '0' });
  const databaseServer = await connectDatabaseServer(config);
  await migrate(databaseServer.url, config.migrationsDirectory);
  const database = createDatabase({ url: databaseServer.url, max: 5, statementTimeoutMs: 60_000 });
  const services = await createServices(config, database, databaseServer.url, pino({ level: 'warn' }));
  // With `npm start` running on this database, its API takes the requests: its job worker takes
  // every Stripe event from the shared queue, so the seed's top-ups are paid where it reads them.
  const runningPort = await runningApiPort(config);
  const runningApi = runningPort === null ? null : `http://127.0.0.1:${runningPort}`;
  const app = runningApi ? null : await buildApp(services);
  let url = `${runningApi}/graphql`;
  if (app) {
    await app.fastify.listen({ host: '127.0.0.1', port: 0 });
    const address = app.fastify.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  }
  const funding: Funding = runningApi
    ? { kind: 'runningApi', origin: runningApi }
    : { kind: 'own', services };
  try {
    console.log('Seeding demo users');
    for (const [index, spec] of demoUsers.entries()) {
      console.log(`  [${index + 1}/${demoUsers.length}] ${spec.email} ${await ensureUser(services, spec)}`);
    }

    console.log('Seeding listings and codes');
    const listingIds: string[] = [];
    for (const [index, email] of ['seller@codesale.test', 'seller2@codesale.test'].entries()) {
      listingIds.push(...(await ensureListings(await logIn(url, email), index)));
    }

    console.log('Funding buyers through Stripe top-ups (emulator + signed webhooks)');
    for (const email of ['buyer@codesale.test', 'buyer2@codesale.test']) {
      const buyer = await logIn(url, email);
      console.log(`  ${email} ${await fundBuyer(funding, buyer)}`);
      console.log(`  ${email} placed ${await ensureOrders(buyer, listingIds)} new orders`);
    }

    console.log('Seeding disputes in several states');
    console.log(`  disputes ${await ensureDisputes(url, funding, listingIds)}`);

    console.log('Seeding seller payouts through Stripe Connect (emulator)');
    if (runningApi) {
      // The running API's job worker shares this database's job queue: it would take the seed's
      // Stripe Connect events to its own emulator, which does not know the seed's accounts.
      console.log(
        `  skipped: an API is running on port ${runningPort} (npm start), and its job worker would process ` +
          "the seed's Stripe Connect events against its own Stripe emulator. Stop it and run `npm run seed` " +
          'again to add the payout demo; everything else is seeded.',
      );
    } else {
      await seedPayouts(url, services);
    }

    // Last, so that every listing the seed made (payouts' included) gets one.
    console.log('Seeding listing images (one stored picture per platform and kind, shared)');
    console.log(`  ${await seedListingImages(services, await demoSellerIds(services))}`);

    const report = await verifyLedger(database);
    console.log(
      `ledger:verify ${ledgerIsClean(report) ? 'clean' : 'NOT CLEAN'} (${report.transactions} transactions, ${report.entries} entries)`,
    );
    console.log('\nDemo logins (role, email, password):');
    for (const spec of demoUsers) {
      console.log(`  ${spec.roles.join('+').padEnd(14)} ${spec.email.padEnd(24)} ${demoPassword}`);
    }
    const origin = runningPort === null ? config.publicUrl.origin : `http://localhost:${runningPort}`;
    console.log(`\nSign in to the console at ${origin}/console/ (npm start serves it),`);
    console.log(`or with the logIn mutation at ${origin}/graphql`);
    return ledgerIsClean(report) ? 0 : 1;
  } finally {
    await app?.close();
    await closeServices(services);
    await databaseServer.stop();
  }
}

runCli(main);
