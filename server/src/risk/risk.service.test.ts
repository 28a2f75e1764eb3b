import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { withTransaction } from '../db/transaction';
import { partyHistorySchemaVersion, type PartyHistory } from '../domain/party-history';
import { scorePartyWithVersion, type RiskRole } from '../domain/risk-scoring';
import {
  createStaff,
  logIn,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
  rawId,
} from '../../test/harness';
import { createListing, fundWallet, purchase, type Party } from '../../test/marketplace';
import { createTopUp, emulatorOf, pay, settle } from '../../test/wallet-helpers';
import { heldOrder, openDispute } from '../../test/dispute-helpers';
import { enqueueRiskRecompute } from './risk.jobs';
import { RiskService } from './risk.service';

/**
 * The risk engine end to end on a real database: recomputes from real events (chargebacks,
 * completed orders), immutable snapshots that score again to their stored score, tiers enforced
 * by the other areas without an admin, and admin overrides. Enforcement is observed through the
 * public GraphQL API.
 */

let testApp: TestApp;
let admin: TestClient;
let support: TestClient;
let anonymous: TestClient;

beforeAll(async () => {
  // Released orders are eligible for payout at once, so that only the risk tier can hold them.
  testApp = await startTestApp({ PAYOUT_HOLD_HOURS: '0' });
  admin = (await createStaff(testApp, ['ADMIN'])).client;
  support = (await createStaff(testApp, ['SUPPORT'])).client;
  anonymous = new TestClient(testApp.baseUrl);
});
afterAll(async () => {
  await testApp.close();
});

interface Account extends Party {
  email: string;
  password: string;
}

async function account(options: { seller?: boolean } = {}): Promise<Account> {
  const { client, userId, email, password } = await signUp(testApp.baseUrl, {
    sellerAccount: options.seller ?? false,
  });
  return { client, id: userId, rawId: rawId(userId), email, password };
}

/**
 * A banned account cannot sign in again. The enforcement checks must hold all the same (for a
 * session that escaped the revocation): this proves the login is refused, then reopens the
 * account's revoked sessions in the database, so that its client is signed in again.
 */
async function reopenSessionsOfBanned(party: Account): Promise<void> {
  const refused = await logIn(new TestClient(testApp.baseUrl), party.email, party.password);
  expect(refused.data!.logIn.errors.map((error) => error.code)).toEqual(['ACCOUNT_BANNED']);
  await queryDatabase(
    testApp,
    'update sessions set revoked_at = null, revoked_reason = null where user_id = $1',
    [party.rawId],
  );
}

const profileQuery = `query ($userId: ID!, $role: RiskRole!) {
  riskProfile(userId: $userId, role: $role) {
    userId role tier computedTier score scoringVersion computedAt
    factors { name value contribution }
    override { tier reason expiresAt setById }
    tierChanges(first: 20) { edges { node { cause fromTier toTier effectiveTier score reason actorId overrideExpiresAt } } }
  }
}`;

interface ProfileAnswer {
  userId: string;
  role: RiskRole;
  tier: string;
  computedTier: string;
  score: number;
  scoringVersion: number | null;
  computedAt: string | null;
  factors: { name: string; value: number; contribution: number }[];
  override: { tier: string; reason: string; expiresAt: string; setById: string } | null;
  tierChanges: {
    edges: {
      node: {
        cause: string;
        fromTier: string;
        toTier: string;
        effectiveTier: string;
        score: number;
        reason: string;
        actorId: string | null;
        overrideExpiresAt: string | null;
      };
    }[];
  };
}

async function profile(party: Party, role: RiskRole, client: TestClient = support): Promise<ProfileAnswer> {
  return (await client.data<{ riskProfile: ProfileAnswer }>(profileQuery, { userId: party.id, role }))
    .riskProfile;
}

const overrideMutation = `mutation ($input: OverrideRiskTierInput!) {
  overrideRiskTier(input: $input) { riskProfile { tier computedTier override { tier reason } } errors { code field } }
}`;
const clearMutation = `mutation ($input: ClearRiskOverrideInput!) {
  clearRiskOverride(input: $input) { riskProfile { tier computedTier override { tier } } errors { code field } }
}`;

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** A history as the disputes area would collect it, with only the given facts. */
function historyOf(
  userId: string,
  facts: {
    accountAgeDays?: number;
    buyer?: Partial<PartyHistory['asBuyer']>;
    seller?: Partial<PartyHistory['asSeller']>;
  },
): PartyHistory {
  return {
    schemaVersion: partyHistorySchemaVersion,
    userId,
    accountCreatedAt: '2026-01-01T00:00:00.000Z',
    accountAgeDays: facts.accountAgeDays ?? 0,
    asBuyer: {
      orders: 0,
      completedOrders: 0,
      refundedOrders: 0,
      disputesOpened: 0,
      disputesWon: 0,
      disputesLost: 0,
      chargebacks: 0,
      ordersLast24Hours: 0,
      ordersLast7Days: 0,
      ...facts.buyer,
    },
    asSeller: {
      sales: 0,
      completedSales: 0,
      refundedSales: 0,
      disputesReceived: 0,
      disputesLost: 0,
      salesLast7Days: 0,
      ...facts.seller,
    },
  };
}

/**
 * Scores `party` from a stated history instead of the database: a RiskService on the same
 * database whose collector returns `history`. It writes what the job would write, so the
 * enforcement that follows is the real one. (Disputes lost are facts no other test here can
 * produce cheaply; the collector itself is the disputes area's and is tested there.)
 */
async function scoreFrom(party: Party, facts: Parameters<typeof historyOf>[1]) {
  const service = new RiskService(
    testApp.database,
    testApp.config.risk,
    async (_executor, userId) => historyOf(userId, facts),
    testApp.services.auth,
  );
  return service.recompute(party.rawId, 'MANUAL');
}

/** Five of ten sales lost in disputes, on a new account: 400 + 150 + 100 = 650, RESTRICTED. */
const restrictedSeller = { seller: { sales: 10, completedSales: 5, disputesReceived: 5, disputesLost: 5 } };
/** Three of ten sales lost: 240 + 90 + 100 = 430, AT_RISK. */
const atRiskSeller = { seller: { sales: 10, completedSales: 7, disputesReceived: 3, disputesLost: 3 } };
/** Ten of ten lost: 400 + 300 + 100 = 800, BANNED. */
const bannedSeller = { seller: { sales: 10, disputesReceived: 10, disputesLost: 10 } };
/** Two chargebacks on a new account: 500 + 100 = 600, RESTRICTED (as a buyer). */
const restrictedBuyer = { buyer: { chargebacks: 2 } };

/**
 * Top-ups paid with Stripe's dispute test card, all before the first chargeback (a wallet on hold
 * takes no money), their chargebacks held back: each call of the answer applies the next one and
 * runs its jobs.
 */
async function disputedTopUps(buyer: Account, count: number): Promise<() => Promise<void>> {
  const emulator = emulatorOf(testApp);
  emulator.pauseDeliveries();
  for (let made = 0; made < count; made++) {
    const answer = await createTopUp(
      { client: buyer.client, userId: buyer.id, rawId: buyer.rawId },
      { amount: 1_000 },
    );
    expect(answer.errors).toEqual([]);
    expect(await pay(testApp, answer.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
  }
  const held = emulator.queuedEvents().filter((event) => event.type === 'charge.dispute.created');
  expect(held).toHaveLength(count);
  for (const event of emulator.queuedEvents()) {
    if (event.type !== 'charge.dispute.created') await emulator.deliver(event.id);
  }
  await settle(testApp);
  return async () => {
    const next = held.shift();
    if (!next) throw new Error('no chargeback left');
    await emulator.deliver(next.id);
    if (held.length === 0) emulator.resumeDeliveries();
    await settle(testApp);
  };
}

async function isVisible(listingId: string): Promise<{ inBrowse: boolean; single: boolean }> {
  const page = await anonymous.data<{ listings: { edges: { node: { id: string } }[] } }>(
    `{ listings(first: 100) { edges { node { id } } } }`,
  );
  const single = await anonymous.data<{ listing: { id: string } | null }>(
    `query ($id: ID!) { listing(id: $id) { id } }`,
    {
      id: listingId,
    },
  );
  return {
    inBrowse: page.listings.edges.some((edge) => edge.node.id === listingId),
    single: single.listing !== null,
  };
}

describe('risk.recompute', () => {
  it('given chargebacks on a buyer, when each is processed, then the job scores the buyer and the tier climbs with enforcement', async () => {
    // given a new buyer, and a seller with a listing
    const buyer = await account();
    const seller = await account({ seller: true });
    const { listingId } = await createListing(seller, { price: 500, codes: 3 });
    const chargeback = await disputedTopUps(buyer, 3);

    // when the first chargeback is processed
    await chargeback();

    // then the buyer is WARNING (250 + 100 for a new account), with its factors and a RECOMPUTE change
    const first = await profile(buyer, 'BUYER');
    expect(first).toMatchObject({
      tier: 'WARNING',
      computedTier: 'WARNING',
      score: 350,
      scoringVersion: 1,
      override: null,
    });
    expect(first.factors.find((factor) => factor.name === 'chargebacks')).toEqual({
      name: 'chargebacks',
      value: 1,
      contribution: 250,
    });
    expect(first.tierChanges.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({
        cause: 'RECOMPUTE',
        fromTier: 'NORMAL',
        toTier: 'WARNING',
        effectiveTier: 'WARNING',
        reason: 'CHARGEBACK_OPENED',
        actorId: null,
      }),
    ]);
    // and a WARNING buyer may have one open dispute
    expect(await testApp.services.riskEnforcement.openDisputeLimit(testApp.database, buyer.rawId)).toBe(1);

    // when the second chargeback is processed: RESTRICTED (500 + 100), and no purchase at all
    await chargeback();
    expect(await profile(buyer, 'BUYER')).toMatchObject({ tier: 'RESTRICTED', score: 600 });
    expect((await purchase(buyer, listingId)).errors.map((error) => error.code)).toEqual(['BUYER_BLOCKED']);
    expect(await testApp.services.riskEnforcement.openDisputeLimit(testApp.database, buyer.rawId)).toBe(0);

    // when the third is processed: BANNED (750 + 100), every session revoked in that transaction
    await chargeback();
    expect(await profile(buyer, 'BUYER')).toMatchObject({ tier: 'BANNED', score: 850 });
    expect((await buyer.client.data<{ me: unknown }>('{ me { id } }')).me).toBeNull();
    const revoked = await queryDatabase(
      testApp,
      `select count(*)::int as open from sessions where user_id = $1 and revoked_at is null`,
      [buyer.rawId],
    );
    expect(revoked[0]!.open).toBe(0);
    const audit = await queryDatabase(
      testApp,
      `select details from audit_log where action = 'risk.banned_sessions_revoked' and subject_id = $1`,
      [buyer.rawId],
    );
    expect(audit).toEqual([{ details: { reason: 'CHARGEBACK_OPENED' } }]);

    // and the banned buyer cannot sign in again; with a session all the same, can neither buy nor add money
    await reopenSessionsOfBanned(buyer);
    expect((await purchase(buyer, listingId)).errors.map((error) => error.code)).toEqual(['BUYER_BLOCKED']);
    const topUp = await createTopUp(
      { client: buyer.client, userId: buyer.id, rawId: buyer.rawId },
      { amount: 1_000 },
    );
    expect(topUp.errors.map((error) => error.code)).toEqual(['ACCOUNT_BANNED']);
    expect(
      await queryDatabase(testApp, `select 1 from top_ups where buyer_id = $1 and status = 'PENDING'`, [
        buyer.rawId,
      ]),
    ).toEqual([]);
  });

  it('given a completed order, when the jobs run, then both parties are scored from the same transaction that released it', async () => {
    // given a purchase
    const buyer = await account();
    const seller = await account({ seller: true });
    await fundWallet(testApp, buyer, 2_000);
    const { listingId } = await createListing(seller, { price: 1_000 });
    const bought = await purchase(buyer, listingId);
    expect(bought.errors).toEqual([]);

    // when the buyer confirms delivery and the jobs run
    await buyer.client.data(
      `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
      {
        input: { orderId: bought.order!.id },
      },
    );
    await testApp.services.jobs.runJobsOnce();

    // then each party has a snapshot of this recompute, scored from the history with the order in it
    const snapshots = await queryDatabase(
      testApp,
      `select user_id, role, reason, history::jsonb as history from risk_snapshots where user_id = any($1) order by created_at`,
      [[buyer.rawId, seller.rawId]],
    );
    const last = (userId: string, role: string) =>
      snapshots.filter((row) => row.user_id === userId && row.role === role).at(-1)!;
    expect(last(buyer.rawId, 'BUYER')).toMatchObject({
      reason: 'ORDER_COMPLETED',
      history: { asBuyer: { orders: 1, completedOrders: 1 } },
    });
    expect(last(seller.rawId, 'SELLER')).toMatchObject({
      reason: 'ORDER_COMPLETED',
      history: { asSeller: { sales: 1, completedSales: 1 } },
    });
    // a seller account is also a buyer: both of its roles are scored
    expect(last(seller.rawId, 'BUYER')).toBeDefined();
    expect(await profile(seller, 'SELLER')).toMatchObject({ tier: 'NORMAL', score: 100 });
  });

  it('given concurrent recomputes of one user, then they run one at a time: one tier change, every snapshot kept', async () => {
    // given a seller whose history says RESTRICTED
    const seller = await account({ seller: true });
    const service = new RiskService(
      testApp.database,
      testApp.config.risk,
      async (_executor, userId) => historyOf(userId, restrictedSeller),
      testApp.services.auth,
    );

    // when eight recomputes race
    await Promise.all(Array.from({ length: 8 }, () => service.recompute(seller.rawId, 'MANUAL')));

    // then the computed tier changed once, and each recompute left its snapshot
    const changes = await queryDatabase(
      testApp,
      `select cause, from_tier, to_tier from risk_tier_changes where user_id = $1 and role = 'SELLER'`,
      [seller.rawId],
    );
    expect(changes).toEqual([{ cause: 'RECOMPUTE', from_tier: 'NORMAL', to_tier: 'RESTRICTED' }]);
    const count = await queryDatabase(
      testApp,
      `select count(*)::int as count from risk_snapshots where user_id = $1 and role = 'SELLER'`,
      [seller.rawId],
    );
    expect(count[0]!.count).toBe(8);
  });

  it('refuses a request without a user id or with an unknown reason, as a bug', async () => {
    // given two malformed requests, each in a transaction that also writes a fact
    const requests = [
      { userId: 'not-a-uuid', reason: 'MANUAL' as const },
      { userId: crypto.randomUUID(), reason: 'NOT_A_REASON' as never },
    ];
    const errors: string[] = [];
    for (const request of requests) {
      await withTransaction(testApp.database, async (tx) => {
        await tx.execute(
          sql`insert into risk_recompute_requests (user_id, reason) values (${crypto.randomUUID()}, 'MANUAL')`,
        );
        await enqueueRiskRecompute(tx, request.userId, request.reason);
      }).catch((error: unknown) => errors.push(String(error)));
    }
    // then both fail in the caller's transaction, which rolls back: nothing is stored
    expect(errors).toEqual([
      expect.stringMatching(/without a user id/),
      expect.stringMatching(/unknown reason/),
    ]);
    await testApp.services.jobs.runJobsOnce();
    expect(await queryDatabase(testApp, `select user_id from risk_recompute_requests`)).toEqual([]);
  });

  it('leaves a request whose recompute keeps failing after JOBS_MAX_ATTEMPTS, with its error, and serves the others', async () => {
    // given a request for a user who does not exist (a bug: no area asks for one), and a genuine one
    const ghost = crypto.randomUUID();
    const buyer = await account();
    await withTransaction(testApp.database, async (tx) => {
      await enqueueRiskRecompute(tx, [ghost, buyer.rawId], 'MANUAL');
    });
    // when the drain runs until it has nothing left to do
    for (let pass = 0; pass < testApp.config.jobs.maxAttempts + 1; pass++) {
      await testApp.services.risk.drainRecomputeRequests({ maxAttempts: testApp.config.jobs.maxAttempts });
    }
    // then the genuine request was served, and the failing one is left after every attempt, with its error
    expect(await profile(buyer, 'BUYER')).toMatchObject({ scoringVersion: 1 });
    const left = await queryDatabase(
      testApp,
      `select user_id, attempts, last_error from risk_recompute_requests where user_id = any($1::uuid[])`,
      [[ghost, buyer.rawId]],
    );
    expect(left).toEqual([
      {
        user_id: ghost,
        attempts: testApp.config.jobs.maxAttempts,
        last_error: expect.stringMatching(/unknown user/),
      },
    ]);
    // and a new fact for that user asks again from the start
    await withTransaction(testApp.database, (tx) => enqueueRiskRecompute(tx, ghost, 'MANUAL'));
    const [again] = await queryDatabase(
      testApp,
      `select attempts, last_error from risk_recompute_requests where user_id = $1`,
      [ghost],
    );
    expect(again).toEqual({ attempts: 0, last_error: null });
    await queryDatabase(testApp, `delete from risk_recompute_requests where user_id = $1`, [ghost]);
  });
});

describe('risk snapshots', () => {
  it('score again, with the version that scored them, to their stored score and factors; their hash is their history', async () => {
    // given every snapshot the tests above stored (and one more of a known history)
    const seller = await account({ seller: true });
    await scoreFrom(seller, restrictedSeller);
    const rows = await queryDatabase(
      testApp,
      `select role, history, history_sha256, scoring_version, score, factors from risk_snapshots`,
    );
    expect(rows.length).toBeGreaterThan(5);

    // when each is scored again from its stored text, then it gives the stored result (invariant 12)
    for (const row of rows) {
      const history = JSON.parse(row.history as string) as PartyHistory;
      expect(scorePartyWithVersion(row.scoring_version as number, history, row.role as RiskRole)).toEqual({
        version: row.scoring_version,
        score: row.score,
        factors: row.factors,
      });
      expect(
        crypto
          .createHash('sha256')
          .update(row.history as string, 'utf8')
          .digest('hex'),
      ).toBe(row.history_sha256);
    }
  });

  it('are immutable, like tier changes, and the database refuses a hash that is not the history', async () => {
    const seller = await account({ seller: true });
    const outcome = await scoreFrom(seller, restrictedSeller);
    const snapshotId = outcome.profiles.find((row) => row.role === 'SELLER')!.snapshotId;
    await expect(
      queryDatabase(testApp, `update risk_snapshots set score = 0 where id = $1`, [snapshotId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      queryDatabase(testApp, `delete from risk_snapshots where id = $1`, [snapshotId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      queryDatabase(testApp, `update risk_tier_changes set to_tier = 'NORMAL' where user_id = $1`, [
        seller.rawId,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      queryDatabase(testApp, `delete from risk_tier_changes where user_id = $1`, [seller.rawId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      queryDatabase(
        testApp,
        `insert into risk_snapshots (user_id, role, history, history_sha256, scoring_version, score, factors, reason, collected_at)
         values ($1, 'SELLER', '{"a":1}', repeat('0', 64), 1, 0, '[]', 'MANUAL', now())`,
        [seller.rawId],
      ),
    ).rejects.toThrow(/risk_snapshots_hash/);
  });
});

describe('enforcement without an admin', () => {
  it('given a seller whose score reaches RESTRICTED, then their listings leave browsing and checkout refuses them', async () => {
    // given a seller with a listing on sale, and a funded buyer
    const seller = await account({ seller: true });
    const buyer = await account();
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    expect(await isVisible(listingId)).toEqual({ inBrowse: true, single: true });

    // when the seller's score puts them in RESTRICTED
    await scoreFrom(seller, restrictedSeller);

    // then buyers no longer see the listing, and cannot buy it
    expect(await isVisible(listingId)).toEqual({ inBrowse: false, single: false });
    expect((await purchase(buyer, listingId)).errors.map((error) => error.code)).toEqual([
      'LISTING_NOT_ACTIVE',
    ]);
    // and the seller still sees their own listing, and may still manage it
    const own = await seller.client.data<{ listing: { id: string } | null }>(
      `query ($id: ID!) { listing(id: $id) { id } }`,
      { id: listingId },
    );
    expect(own.listing).toEqual({ id: listingId });
  });

  it('given a seller whose score reaches AT_RISK, then their released orders are not eligible for payout, and listings stay', async () => {
    // given a released order, eligible at once (PAYOUT_HOLD_HOURS=0)
    const seller = await account({ seller: true });
    const buyer = await account();
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    const bought = await purchase(buyer, listingId);
    await buyer.client.data(
      `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
      {
        input: { orderId: bought.order!.id },
      },
    );
    await testApp.services.jobs.runJobsOnce();
    const eligibility = async () =>
      (
        await seller.client.data<{ order: { escrowStatus: string; payoutEligible: boolean } }>(
          `query ($id: ID!) { order(id: $id) { escrowStatus payoutEligible } }`,
          { id: bought.order!.id },
        )
      ).order;
    expect(await eligibility()).toEqual({ escrowStatus: 'RELEASED', payoutEligible: true });

    // when the seller's score puts them in AT_RISK
    await scoreFrom(seller, atRiskSeller);

    // then the order is held: not eligible for payout, for the seller as for staff
    expect(await eligibility()).toEqual({ escrowStatus: 'RELEASED', payoutEligible: false });
    expect(await testApp.services.riskEnforcement.sellerPayoutsHeld(testApp.database, seller.rawId)).toBe(
      true,
    );
    const mySales = await seller.client.data<{ mySales: { edges: { node: { payoutEligible: boolean } }[] } }>(
      `{ mySales { edges { node { payoutEligible } } } }`,
    );
    expect(mySales.mySales.edges.map((edge) => edge.node.payoutEligible)).toEqual([false]);
    // and the order's buyer is told nothing of it: the field is the seller's and staff's (an attacker
    // probe read a seller's tier from it through an order bought from them)
    const asBuyer = await buyer.client.data<{
      order: { escrowStatus: string; payoutEligible: boolean | null };
    }>(`query ($id: ID!) { order(id: $id) { escrowStatus payoutEligible } }`, { id: bought.order!.id });
    expect(asBuyer.order).toEqual({ escrowStatus: 'RELEASED', payoutEligible: null });
    // and their listings are still on sale (AT_RISK holds money, it does not hide)
    expect(await isVisible(listingId)).toEqual({ inBrowse: true, single: true });
  });

  it('given a buyer in WARNING or worse, then the open-dispute limit drops (3, 1, then 0)', async () => {
    const buyer = await account();
    const limit = () => testApp.services.riskEnforcement.openDisputeLimit(testApp.database, buyer.rawId);
    expect(await limit()).toBe(3);
    await scoreFrom(buyer, { accountAgeDays: 100, buyer: { chargebacks: 1 } }); // 250: WARNING
    expect(await limit()).toBe(1);
    await scoreFrom(buyer, { accountAgeDays: 100, buyer: { chargebacks: 2 } }); // 500: AT_RISK
    expect(await limit()).toBe(0);
  });

  it('given a seller whose score reaches BANNED, then sessions end, listings hide, and no listing or money changes', async () => {
    // given a seller with a listing, signed in
    const seller = await account({ seller: true });
    const { listingId } = await createListing(seller, { price: 1_000, codes: 1 });

    // when the score reaches BANNED
    const outcome = await scoreFrom(seller, bannedSeller);

    // then every session was revoked, and the listing is hidden
    expect(outcome.banned).toBe(true);
    expect((await seller.client.data<{ me: unknown }>('{ me { id } }')).me).toBeNull();
    expect(await isVisible(listingId)).toEqual({ inBrowse: false, single: false });

    // and the seller cannot sign in again; with a session all the same, can change no listing,
    // upload no code, create none, add no money
    await reopenSessionsOfBanned(seller);
    const pause = await seller.client.data<{ pauseListing: { errors: { code: string }[] } }>(
      `mutation ($input: PauseListingInput!) { pauseListing(input: $input) { errors { code } } }`,
      { input: { listingId } },
    );
    expect(pause.pauseListing.errors).toEqual([{ code: 'ACCOUNT_BANNED' }]);
    const codes = await seller.client.data<{ addCodes: { errors: { code: string }[] } }>(
      `mutation ($input: AddCodesInput!) { addCodes(input: $input) { errors { code } } }`,
      { input: { listingId, codes: ['BANNED-SELLER-CODE-1'] } },
    );
    expect(codes.addCodes.errors).toEqual([{ code: 'ACCOUNT_BANNED' }]);
    await expect(createListing(seller, { codes: 0 })).rejects.toThrow(/ACCOUNT_BANNED/);
    const topUp = await createTopUp(
      { client: seller.client, userId: seller.id, rawId: seller.rawId },
      { amount: 1_000 },
    );
    expect(topUp.errors.map((error) => error.code)).toEqual(['ACCOUNT_BANNED']);
    expect(await testApp.services.riskEnforcement.openDisputeLimit(testApp.database, seller.rawId)).toBe(0);
  });
});

describe('openDispute, under the risk limit', () => {
  it('given a buyer in WARNING with one open dispute, then a second is refused; their risk shows in the dispute', async () => {
    // given a buyer with two held orders, whose score then reaches WARNING (one chargeback: 250)
    const first = await heldOrder(testApp);
    const second = await heldOrder(testApp, { buyer: first.buyer });
    await scoreFrom(first.buyer, { accountAgeDays: 100, buyer: { chargebacks: 1 } });

    // when the buyer disputes both orders
    const opened = await openDispute(first.buyer, first.orderId);
    const refused = await openDispute(first.buyer, second.orderId);

    // then the first opens and the second is over the WARNING limit of one
    expect(opened.errors).toEqual([]);
    expect(refused.errors.map((error) => error.code)).toEqual(['TOO_MANY_OPEN_DISPUTES']);
    expect(refused.errors[0]!.message).toBe(
      'You have 1 open dispute, as many as your account may have at once: wait for one to be decided before opening another.',
    );
    // and staff see each party's risk, scored from the dispute's evidence snapshot
    const dispute = await support.data<{ dispute: { risk: { buyer: unknown; seller: unknown } } }>(
      `query ($id: ID!) { dispute(id: $id) { risk { buyer { score tier reasons } seller { score tier reasons } } } }`,
      { id: opened.dispute!.id },
    );
    expect(dispute.dispute.risk).toEqual({
      buyer: { score: 100, tier: 'NORMAL', reasons: ['accountAge: 0 (+100)'] },
      seller: { score: 100, tier: 'NORMAL', reasons: ['accountAge: 0 (+100)'] },
    });
  });

  it('given a banned buyer who still has a session, then no dispute opens at all', async () => {
    // given a buyer with a held order, banned by their score (three chargebacks: 850)
    const buyer = await account();
    const order = await heldOrder(testApp, { buyer });
    await scoreFrom(buyer, { buyer: { chargebacks: 3 } });
    await reopenSessionsOfBanned(buyer);

    // when they dispute the order, then the limit is zero, and the refusal says so (not "0 open disputes")
    const refused = await openDispute(buyer, order.orderId);
    expect(refused.errors.map((error) => error.code)).toEqual(['TOO_MANY_OPEN_DISPUTES']);
    expect(refused.errors[0]!.message).toBe(
      "Your account's standing allows no disputes now (after chargebacks or disputes lost): none can be opened while it lasts.",
    );
  });
});

describe('riskProfile', () => {
  it('shows a user never scored as NORMAL, is null for an unknown user, and is for staff only', async () => {
    const buyer = await account();
    expect(await profile(buyer, 'BUYER', admin)).toMatchObject({
      tier: 'NORMAL',
      computedTier: 'NORMAL',
      score: 0,
      scoringVersion: null,
      factors: [],
      computedAt: null,
      override: null,
      tierChanges: { edges: [] },
    });
    const unknown = Buffer.from(`User:${crypto.randomUUID()}`).toString('base64url');
    expect((await support.data(profileQuery, { userId: unknown, role: 'BUYER' })).riskProfile).toBeNull();
    for (const client of [buyer.client, anonymous]) {
      const answer = await client.graphql(profileQuery, { userId: buyer.id, role: 'BUYER' });
      expect(answer.errors?.[0]?.extensions?.['code']).toBe(
        client === anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      );
    }
  });
});

describe('overrideRiskTier', () => {
  it('given an admin override, then it is in force until cleared, audited, and in the tier history', async () => {
    // given a NORMAL seller with a listing on sale
    const seller = await account({ seller: true });
    const { listingId } = await createListing(seller, { price: 1_000, codes: 1 });

    // when an admin overrides the seller's tier to RESTRICTED
    const expiresAt = inDays(30);
    const set = await admin.data(overrideMutation, {
      input: {
        userId: seller.id,
        role: 'SELLER',
        tier: 'RESTRICTED',
        reason: 'Reported by a partner',
        expiresAt,
      },
    });

    // then it is in force: the listing is hidden, and the profile shows the override
    expect(set.overrideRiskTier).toEqual({
      riskProfile: {
        tier: 'RESTRICTED',
        computedTier: 'NORMAL',
        override: { tier: 'RESTRICTED', reason: 'Reported by a partner' },
      },
      errors: [],
    });
    expect(await isVisible(listingId)).toEqual({ inBrowse: false, single: false });
    const audit = await queryDatabase(
      testApp,
      `select actor_user_id, details from audit_log where action = 'risk.override_set' and subject_id = $1`,
      [seller.rawId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      role: 'SELLER',
      fromTier: 'NORMAL',
      tier: 'RESTRICTED',
      reason: 'Reported by a partner',
    });

    // when the admin clears it
    const cleared = await admin.data(clearMutation, {
      input: { userId: seller.id, role: 'SELLER', reason: 'Partner withdrew the report' },
    });

    // then the computed tier is in force again, and both changes are in the history, newest first
    expect(cleared.clearRiskOverride).toEqual({
      riskProfile: { tier: 'NORMAL', computedTier: 'NORMAL', override: null },
      errors: [],
    });
    expect(await isVisible(listingId)).toEqual({ inBrowse: true, single: true });
    const history = (await profile(seller, 'SELLER')).tierChanges.edges.map((edge) => edge.node);
    expect(history).toEqual([
      expect.objectContaining({
        cause: 'OVERRIDE_CLEARED',
        fromTier: 'RESTRICTED',
        toTier: 'NORMAL',
        reason: 'Partner withdrew the report',
      }),
      expect.objectContaining({
        cause: 'OVERRIDE_SET',
        fromTier: 'NORMAL',
        toTier: 'RESTRICTED',
        overrideExpiresAt: expiresAt,
      }),
    ]);
    expect(history[0]!.actorId).not.toBeNull();
    expect(
      await queryDatabase(
        testApp,
        `select 1 from audit_log where action = 'risk.override_cleared' and subject_id = $1`,
        [seller.rawId],
      ),
    ).toHaveLength(1);
  });

  it('lists concurrent overrides of one profile in the order they were applied: each change starts where the one before it ended', async () => {
    // given a seller, and two admins
    const seller = await account({ seller: true });
    const otherAdmin = (await createStaff(testApp, ['ADMIN'])).client;
    const tiers = ['WARNING', 'AT_RISK', 'RESTRICTED'] as const;

    // when the two send 24 overrides at once, to changing tiers
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        (index % 2 ? otherAdmin : admin).data<{ overrideRiskTier: { errors: unknown[] } }>(overrideMutation, {
          input: {
            userId: seller.id,
            role: 'SELLER',
            tier: tiers[index % tiers.length],
            reason: `Override number ${index}`,
            expiresAt: inDays(1),
          },
        }),
      ),
    );

    // then every one applied, and the history, newest first, is one unbroken chain back to NORMAL
    for (const answer of answers) expect(answer.overrideRiskTier.errors).toEqual([]);
    const rows = await queryDatabase(
      testApp,
      `select from_tier, to_tier, created_at from risk_tier_changes where user_id = $1 and role = 'SELLER'
        order by created_at desc, id desc`,
      [seller.rawId],
    );
    expect(rows).toHaveLength(24);
    const history = (await profile(seller, 'SELLER')).tierChanges.edges.map((edge) => edge.node);
    expect(history.map((change) => `${change.fromTier}>${change.toTier}`)).toEqual(
      rows.slice(0, 20).map((row) => `${row['from_tier']}>${row['to_tier']}`),
    );
    for (let index = 0; index + 1 < rows.length; index++) {
      expect({ index, from: rows[index]!['from_tier'] }).toEqual({
        index,
        from: rows[index + 1]!['to_tier'],
      });
      expect((rows[index]!['created_at'] as Date).getTime()).toBeGreaterThan(
        (rows[index + 1]!['created_at'] as Date).getTime(),
      );
    }
    expect(rows.at(-1)!['from_tier']).toBe('NORMAL');
    expect((await profile(seller, 'SELLER')).override!.tier).toBe(rows[0]!['to_tier']);
  });

  it('replaces the computed tier both ways: a RESTRICTED buyer let through, then banned with sessions revoked', async () => {
    // given a buyer whose score says RESTRICTED, and a listing
    const buyer = await account();
    const seller = await account({ seller: true });
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    await scoreFrom(buyer, restrictedBuyer);
    expect((await purchase(buyer, listingId)).errors.map((error) => error.code)).toEqual(['BUYER_BLOCKED']);

    // when an admin overrides the buyer to NORMAL, then the buyer may buy
    await admin.data(overrideMutation, {
      input: {
        userId: buyer.id,
        role: 'BUYER',
        tier: 'NORMAL',
        reason: 'Verified by phone',
        expiresAt: inDays(7),
      },
    });
    expect((await purchase(buyer, listingId)).errors).toEqual([]);
    // and a recompute under the override changes the computed tier only
    await scoreFrom(buyer, { buyer: { chargebacks: 3 } }); // 850: BANNED computed, NORMAL in force
    expect(await profile(buyer, 'BUYER')).toMatchObject({ tier: 'NORMAL', computedTier: 'BANNED' });
    expect((await buyer.client.data<{ me: { id: string } | null }>('{ me { id } }')).me).toEqual({
      id: buyer.id,
    });

    // when an admin overrides the buyer to BANNED, then the buyer's sessions end in that transaction
    await admin.data(overrideMutation, {
      input: {
        userId: buyer.id,
        role: 'BUYER',
        tier: 'BANNED',
        reason: 'Confirmed fraud ring',
        expiresAt: inDays(365),
      },
    });
    expect((await buyer.client.data<{ me: unknown }>('{ me { id } }')).me).toBeNull();
  });

  it('given an override that expired, then the computed tier is in force, and the expiry job records it', async () => {
    // given a seller overridden to AT_RISK
    const seller = await account({ seller: true });
    await admin.data(overrideMutation, {
      input: {
        userId: seller.id,
        role: 'SELLER',
        tier: 'AT_RISK',
        reason: 'Holding payouts',
        expiresAt: inDays(2),
      },
    });
    expect(await testApp.services.riskEnforcement.sellerPayoutsHeld(testApp.database, seller.rawId)).toBe(
      true,
    );

    // when its time passes (moved back in the database, with the job scheduled for its expiry)
    await queryDatabase(
      testApp,
      `update risk_profiles set override_set_at = now() - interval '3 days', override_expires_at = now() - interval '1 second' where user_id = $1`,
      [seller.rawId],
    );
    // then the override no longer holds, before any job runs
    expect(await testApp.services.riskEnforcement.sellerPayoutsHeld(testApp.database, seller.rawId)).toBe(
      false,
    );
    expect((await profile(seller, 'SELLER')).override).toBeNull();

    // when the expiry job runs
    await queryDatabase(testApp, `update graphile_worker._private_jobs set run_at = now() where key = $1`, [
      `risk_override_expiry:${seller.rawId}:SELLER`,
    ]);
    await testApp.services.jobs.runJobsOnce();

    // then the override is cleared and the expiry is in the tier history
    const row = await queryDatabase(
      testApp,
      `select override_tier from risk_profiles where user_id = $1 and role = 'SELLER'`,
      [seller.rawId],
    );
    expect(row).toEqual([{ override_tier: null }]);
    const history = (await profile(seller, 'SELLER')).tierChanges.edges.map((edge) => edge.node);
    expect(history[0]).toMatchObject({
      cause: 'OVERRIDE_EXPIRED',
      fromTier: 'AT_RISK',
      toTier: 'NORMAL',
      effectiveTier: 'NORMAL',
    });
  });

  it.each([
    ['a reason too short', { reason: 'no' }, 'INVALID_REASON'],
    ['an expiry in the past', { expiresAt: inDays(-1) }, 'EXPIRY_NOT_IN_FUTURE'],
    ['an expiry more than a year away', { expiresAt: inDays(366) }, 'EXPIRY_TOO_FAR'],
    [
      'an unknown user',
      { userId: Buffer.from(`User:${crypto.randomUUID()}`).toString('base64url') },
      'USER_NOT_FOUND',
    ],
    ['a role the user does not hold', { role: 'SELLER' }, 'ROLE_NOT_HELD'],
  ])('refuses %s and changes nothing', async (_case, change, code) => {
    const buyer = await account();
    const answer = await admin.data(overrideMutation, {
      input: {
        userId: buyer.id,
        role: 'BUYER',
        tier: 'BANNED',
        reason: 'A valid reason',
        expiresAt: inDays(10),
        ...change,
      },
    });
    expect(answer.overrideRiskTier.riskProfile).toBeNull();
    expect(answer.overrideRiskTier.errors.map((error: { code: string }) => error.code)).toEqual([code]);
    expect(
      await queryDatabase(testApp, `select 1 from risk_profiles where user_id = $1`, [buyer.rawId]),
    ).toEqual([]);
    expect((await buyer.client.data<{ me: { id: string } | null }>('{ me { id } }')).me).toEqual({
      id: buyer.id,
    });
  });

  it('is for admins only, and never on oneself', async () => {
    const buyer = await account();
    const input = {
      userId: buyer.id,
      role: 'BUYER',
      tier: 'BANNED',
      reason: 'A valid reason',
      expiresAt: inDays(10),
    };
    for (const client of [support, buyer.client]) {
      const answer = await client.graphql(overrideMutation, { input });
      expect(answer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      const clear = await client.graphql(clearMutation, {
        input: { userId: buyer.id, role: 'BUYER', reason: 'A valid reason' },
      });
      expect(clear.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    // an admin who also sells cannot lift their own tier
    const staff = await createStaff(testApp, ['ADMIN', 'SELLER']);
    const me = await staff.client.data<{ me: { id: string } }>('{ me { id } }');
    const self = await staff.client.data(overrideMutation, {
      input: { ...input, userId: me.me.id, role: 'SELLER', tier: 'NORMAL' },
    });
    expect(self.overrideRiskTier.errors).toEqual([{ code: 'SELF_OVERRIDE', field: 'userId' }]);
    // and clearing a profile without an override is refused
    const none = await admin.data(clearMutation, {
      input: { userId: buyer.id, role: 'BUYER', reason: 'A valid reason' },
    });
    expect(none.clearRiskOverride.errors).toEqual([{ code: 'NO_OVERRIDE', field: 'userId' }]);
  });
});
