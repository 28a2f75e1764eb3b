import '../tools/node-version.guard';
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../app';
import { Role } from '../auth/roles';
import { verifyEscrowMirrors } from '../checkout/escrow-mirror';
import { loadConfig } from '../config';
import { createDatabase } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { topUpPosting } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { closeServices, createServices, type Services } from '../services';
import { GraphqlSession, type GraphqlAnswer } from '../tools/graphql-session';
import { runCli } from '../tools/cli';
import { commandLineMeta } from '../shared/request-meta';
import { startBenchmarkDatabase } from './benchmark-database';
import { benchmarkResultsDirectory, benchmarkStamp, writeBenchmarkResult } from './benchmark-results';
import { benchSetupLimits } from './bench-limits';

/**
 * Mixed load through the GraphQL endpoint, with the job worker running as in production:
 * `--clients=32` concurrent clients for `--duration=600` seconds (`--quick`: 30 seconds) buy (some
 * on one-code "hot" listings, some retried with the same idempotency key at once), reveal and
 * confirm, open disputes that support assigns, reviews and sends to the seller, who answers;
 * admins refund and release (some retried at once); buyers top up by card in the Stripe emulator;
 * sellers restock. Every answer is counted by operation and outcome (ok, replayed, user error
 * code, GraphQL error code, exception). Concurrent retries of one key must all name one result.
 * At the end the ledger and the escrow mirrors are verified.
 *
 * Exits 1 on any INTERNAL_SERVER_ERROR, any request that threw, any retry whose answers
 * disagree, or an unclean ledger. Results: JSON in bench/results/mixed-<time>.json, and the
 * app's error log next to it (mixed-<time>.log).
 *
 * Risk thresholds are raised for the run (RISK_THRESHOLDS): the mix refunds and disputes far
 * more than real traffic, and accounts that were banned halfway would turn the rest of the run
 * into UNAUTHENTICATED answers. Access tokens last the whole run.
 */

interface Options {
  durationSeconds: number;
  clients: number;
  quick: boolean;
}

function readOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const number = (name: string, fallback: number, maximum: number) => {
    const raw = argv.find((argument) => argument.startsWith(`--${name}=`))?.split('=')[1];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > maximum)
      throw new Error(`--${name} is an integer from 1 to ${maximum}`);
    return value;
  };
  return {
    quick,
    durationSeconds: number('duration', quick ? 30 : 600, 24 * 3600),
    clients: number('clients', 32, 256),
  };
}

const options = readOptions(process.argv.slice(2));
const progressIntervalMs = 5_000;
const sellerCount = 8;
const listingsPerSeller = 4;
const codesPerListing = options.quick ? 300 : 2_000;
const hotListingCount = 4;
const staffCount = 2;
const buyerFunds = 100_000_000;

// ---- outcomes ----

interface OperationStats {
  outcomes: Record<string, number>;
  latenciesMs: number[];
}

const stats = new Map<string, OperationStats>();
const totals = { requests: 0, internalErrors: 0, exceptions: 0, retryMismatches: 0 };
const mismatchSamples: unknown[] = [];
const exceptionSamples: string[] = [];
/** At most this many latencies per operation are kept (a uniform sample beyond it). */
const maxLatencySamples = 50_000;

function record(operation: string, outcome: string, latencyMs: number): void {
  let entry = stats.get(operation);
  if (!entry) stats.set(operation, (entry = { outcomes: {}, latenciesMs: [] }));
  entry.outcomes[outcome] = (entry.outcomes[outcome] ?? 0) + 1;
  if (entry.latenciesMs.length < maxLatencySamples) entry.latenciesMs.push(latencyMs);
  else entry.latenciesMs[crypto.randomInt(maxLatencySamples)] = latencyMs;
  totals.requests++;
  if (outcome === 'graphql:INTERNAL_SERVER_ERROR') totals.internalErrors++;
  if (outcome.startsWith('exception')) totals.exceptions++;
}

interface Payload {
  errors?: { code: string }[];
  replayed?: boolean;
}

/**
 * Sends one operation and records its outcome; returns the payload under `field`, or null when
 * the answer carried GraphQL errors or the request threw.
 */
async function call<T extends Payload>(
  session: GraphqlSession,
  operation: string,
  field: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T | null> {
  const started = performance.now();
  let answer: GraphqlAnswer<Record<string, T | null>>;
  try {
    answer = await session.request<Record<string, T | null>>(query, variables);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (exceptionSamples.length < 20) exceptionSamples.push(`${operation}: ${message}`);
    record(operation, 'exception', performance.now() - started);
    return null;
  }
  const latency = performance.now() - started;
  if (answer.errors?.length) {
    record(operation, `graphql:${String(answer.errors[0]!.extensions?.['code'] ?? 'NO_CODE')}`, latency);
    return null;
  }
  const payload = answer.data?.[field] ?? null;
  const code = payload?.errors?.[0]?.code;
  record(operation, code ?? (payload?.replayed ? 'replayed' : 'ok'), latency);
  return payload;
}

/**
 * Sends `count` identical requests at once (one idempotency key) and checks their answers agree:
 * at most one object is named, and no refusal arrives after an answer that names it (a refused
 * attempt commits nothing, so a refusal that came first may precede a success; one that came
 * after contradicts the committed attempt).
 */
async function sendRetries<T extends Payload>(
  count: number,
  operation: string,
  send: () => Promise<T | null>,
  identify: (payload: T) => string | undefined,
): Promise<(T | null)[]> {
  let arrivals = 0;
  const answers = await Promise.all(
    Array.from({ length: count }, async () => {
      const answer = await send();
      return { answer, arrival: arrivals++ };
    }),
  );
  if (count < 2) return answers.map(({ answer }) => answer);
  const successes = answers.filter(({ answer }) => answer && !answer.errors?.length);
  const named = new Set(successes.map(({ answer }) => identify(answer!)));
  const firstSuccess = Math.min(...successes.map(({ arrival }) => arrival));
  const lateRefusal = answers.some(({ answer, arrival }) => answer?.errors?.length && arrival > firstSuccess);
  if (named.size > 1 || lateRefusal) {
    totals.retryMismatches++;
    if (mismatchSamples.length < 20) mismatchSamples.push({ operation, answers });
  }
  return answers.map(({ answer }) => answer);
}

// ---- the marketplace as the clients know it ----

interface Account {
  session: GraphqlSession;
  userId: string;
}

interface HeldOrder {
  orderId: string;
  buyer: number;
  seller: number;
  disputed: boolean;
}

interface OpenDispute {
  disputeId: string;
  orderId: string;
  seller: number;
  state: string;
  version: number;
  busy: boolean;
}

interface World {
  services: Services;
  buyers: Account[];
  sellers: Account[];
  supports: Account[];
  admins: Account[];
  /** Listing id -> seller index. */
  listings: { listingId: string; seller: number }[];
  hotListings: { listingId: string; seller: number }[];
  held: Map<string, HeldOrder>;
  disputes: Map<string, OpenDispute>;
}

const pick = <T>(items: T[]): T | undefined => items[crypto.randomInt(Math.max(1, items.length))];

const documents = {
  purchase: `mutation ($input: PurchaseListingInput!) {
    purchaseListing(input: $input) { order { id } replayed errors { code } } }`,
  reveal: `mutation ($input: OrderInput!) { revealCode(input: $input) { code errors { code } } }`,
  confirm: `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { id escrowStatus } errors { code } } }`,
  openDispute: `mutation ($input: OpenDisputeInput!) {
    openDispute(input: $input) { dispute { id state version } errors { code } } }`,
  assign: `mutation ($input: AssignDisputeInput!) {
    assignDispute(input: $input) { dispute { id state version } errors { code } } }`,
  startReview: `mutation ($input: StartDisputeReviewInput!) {
    startDisputeReview(input: $input) { dispute { id state version } errors { code } } }`,
  requestResponse: `mutation ($input: RequestDisputeResponseInput!) {
    requestDisputeResponse(input: $input) { dispute { id state version } errors { code } } }`,
  postMessage: `mutation ($input: PostDisputeMessageInput!) {
    postDisputeMessage(input: $input) { dispute { id state version } errors { code } } }`,
  refund: `mutation ($input: OrderDecisionInput!) {
    refundOrder(input: $input) { order { id escrowStatus } dispute { id state version } replayed errors { code } } }`,
  release: `mutation ($input: OrderDecisionInput!) {
    releaseOrder(input: $input) { order { id escrowStatus } dispute { id state version } replayed errors { code } } }`,
  dispute: `query ($id: ID!) { dispute(id: $id) { id state version } }`,
  createTopUp: `mutation ($input: CreateTopUpInput!) {
    createTopUp(input: $input) { topUp { id } clientSecret replayed errors { code } } }`,
  addCodes: `mutation ($input: AddCodesInput!) { addCodes(input: $input) { addedCount errors { code } } }`,
};

interface PurchasePayload extends Payload {
  order: { id: string } | null;
}
interface DisputePayload extends Payload {
  dispute: { id: string; state: string; version: number } | null;
}
interface DecisionPayload extends Payload {
  order: { id: string; escrowStatus: string } | null;
  dispute: { id: string; state: string; version: number } | null;
}
interface TopUpPayload extends Payload {
  topUp: { id: string } | null;
  clientSecret: string | null;
}

function newCodes(count: number): string[] {
  return Array.from({ length: count }, () => `MIX-${crypto.randomBytes(10).toString('hex').toUpperCase()}`);
}

// ---- operations: each is one client step ----

async function buy(
  world: World,
  buyer: number,
  listing: { listingId: string; seller: number },
  operation: 'purchase' | 'purchase.hot' | 'purchase.retried',
) {
  const key = `mixed-${crypto.randomUUID()}`;
  const session = world.buyers[buyer]!.session;
  const answers = await sendRetries(
    operation === 'purchase.retried' ? 3 : 1,
    operation,
    () =>
      call<PurchasePayload>(session, operation, 'purchaseListing', documents.purchase, {
        input: { listingId: listing.listingId, idempotencyKey: key },
      }),
    (answer) => answer.order?.id,
  );
  const order = answers.find((answer) => answer?.order)?.order;
  if (order) world.held.set(order.id, { orderId: order.id, buyer, seller: listing.seller, disputed: false });
}

async function revealAndConfirm(world: World, buyer: number) {
  const mine = [...world.held.values()].filter((order) => order.buyer === buyer && !order.disputed);
  const order = pick(mine);
  if (!order) return;
  const session = world.buyers[buyer]!.session;
  await call(session, 'revealCode', 'revealCode', documents.reveal, { input: { orderId: order.orderId } });
  const confirmed = await call<DecisionPayload>(
    session,
    'confirmDelivery',
    'confirmDelivery',
    documents.confirm,
    {
      input: { orderId: order.orderId },
    },
  );
  if (confirmed) world.held.delete(order.orderId);
}

async function openDispute(world: World, buyer: number) {
  const order = pick([...world.held.values()].filter((held) => held.buyer === buyer && !held.disputed));
  if (!order) return;
  order.disputed = true;
  const opened = await call<DisputePayload>(
    world.buyers[buyer]!.session,
    'openDispute',
    'openDispute',
    documents.openDispute,
    {
      input: {
        orderId: order.orderId,
        reason: 'INVALID_CODE',
        message: 'The platform says the code is invalid.',
      },
    },
  );
  if (!opened?.dispute) {
    order.disputed = false;
    return;
  }
  const { id, state, version } = opened.dispute;
  world.disputes.set(id, {
    disputeId: id,
    orderId: order.orderId,
    seller: order.seller,
    state,
    version,
    busy: false,
  });
}

/** Support moves one dispute a step: assign or review an open one, ask the seller, or the seller answers. */
async function workDispute(world: World) {
  const dispute = pick(
    [...world.disputes.values()].filter(
      (item) => !item.busy && ['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE'].includes(item.state),
    ),
  );
  if (!dispute) return;
  dispute.busy = true;
  try {
    const support = pick(world.supports)!;
    let answer: DisputePayload | null;
    if (dispute.state === 'NEEDS_RESPONSE') {
      answer = await call<DisputePayload>(
        world.sellers[dispute.seller]!.session,
        'postDisputeMessage',
        'postDisputeMessage',
        documents.postMessage,
        {
          input: {
            disputeId: dispute.disputeId,
            message: 'The code was valid when sold; activation log attached.',
          },
        },
      );
    } else if (dispute.state === 'OPEN' || crypto.randomInt(2) === 0) {
      const assignee = pick(world.supports)!;
      answer =
        dispute.state === 'OPEN' && crypto.randomInt(2) === 0
          ? await call<DisputePayload>(
              support.session,
              'startDisputeReview',
              'startDisputeReview',
              documents.startReview,
              {
                input: { disputeId: dispute.disputeId, expectedVersion: dispute.version },
              },
            )
          : await call<DisputePayload>(support.session, 'assignDispute', 'assignDispute', documents.assign, {
              input: {
                disputeId: dispute.disputeId,
                expectedVersion: dispute.version,
                assigneeId: assignee.userId,
              },
            });
    } else {
      answer = await call<DisputePayload>(
        support.session,
        'requestDisputeResponse',
        'requestDisputeResponse',
        documents.requestResponse,
        {
          input: {
            disputeId: dispute.disputeId,
            expectedVersion: dispute.version,
            party: 'SELLER',
            deadlineHours: 24,
            message: 'Please send the activation log for this key.',
          },
        },
      );
    }
    await settleDispute(world, dispute, answer, support.session);
  } finally {
    dispute.busy = false;
  }
}

/** Takes the dispute's new state from an answer, or reads it again after a refusal. */
async function settleDispute(
  world: World,
  dispute: OpenDispute,
  answer: DisputePayload | null,
  session: GraphqlSession,
) {
  let current = answer?.dispute ?? null;
  if (!current) {
    const read = await session.request<{ dispute: { id: string; state: string; version: number } | null }>(
      documents.dispute,
      {
        id: dispute.disputeId,
      },
    );
    current = read.data?.dispute ?? null;
  }
  if (!current) return;
  dispute.state = current.state;
  dispute.version = current.version;
  if (current.state === 'CLOSED' || current.state === 'WON' || current.state === 'LOST') {
    world.disputes.delete(dispute.disputeId);
    world.held.delete(dispute.orderId);
  }
}

/** An admin refunds or releases: a dispute under review (with its version) or any held order; sometimes two identical requests at once. */
async function decide(world: World) {
  const admin = pick(world.admins)!;
  const decision = crypto.randomInt(2) === 0 ? 'refund' : 'release';
  const field = decision === 'refund' ? 'refundOrder' : 'releaseOrder';
  const underReview = pick(
    [...world.disputes.values()].filter((item) => !item.busy && item.state === 'UNDER_REVIEW'),
  );
  const target = crypto.randomInt(10) < 6 && underReview ? underReview : undefined;
  const orderId = target?.orderId ?? pick([...world.held.values()])?.orderId;
  if (!orderId) return;
  if (target) target.busy = true;
  try {
    const retries = crypto.randomInt(4) === 0 ? 2 : 1;
    const operation = `${field}${retries > 1 ? '.retried' : ''}`;
    const key = `mixed-${crypto.randomUUID()}`;
    const answers = await sendRetries(
      retries,
      operation,
      () =>
        call<DecisionPayload>(admin.session, operation, field, documents[decision], {
          input: {
            orderId,
            reason: 'Decided on the evidence (benchmark).',
            idempotencyKey: key,
            expectedDisputeVersion: target?.version,
          },
        }),
      (answer) => answer.order?.id,
    );
    const settled = answers.find((answer) => answer?.order);
    const refusal = answers.find((answer) => answer?.errors?.length)?.errors?.[0]?.code;
    if (settled || refusal === 'ESCROW_ALREADY_RELEASED' || refusal === 'ESCROW_ALREADY_REFUNDED') {
      world.held.delete(orderId);
      if (target) world.disputes.delete(target.disputeId);
    } else if (target) {
      await settleDispute(world, target, null, admin.session);
    }
  } finally {
    if (target) target.busy = false;
  }
}

/** A card top-up: createTopUp (sometimes twice at once with one key), then the buyer pays in the emulator. */
async function topUp(world: World, buyer: number) {
  const session = world.buyers[buyer]!.session;
  const retries = crypto.randomInt(3) === 0 ? 2 : 1;
  const operation = retries > 1 ? 'createTopUp.retried' : 'createTopUp';
  const key = `mixed-${crypto.randomUUID()}`;
  const amount = 500 + crypto.randomInt(5_000);
  const answers = await sendRetries(
    retries,
    operation,
    () =>
      call<TopUpPayload>(session, operation, 'createTopUp', documents.createTopUp, {
        input: { amount, currency: 'EUR', idempotencyKey: key },
      }),
    (answer) => answer.topUp?.id,
  );
  const clientSecret = answers.find((answer) => answer?.clientSecret)?.clientSecret;
  if (!clientSecret) return;
  const started = performance.now();
  try {
    await world.services.stripe.client.paymentIntents.confirm(
      clientSecret.slice(0, clientSecret.indexOf('_secret_')),
      {
        payment_method: 'pm_card_visa',
      },
    );
    record('stripe.confirmPayment', 'ok', performance.now() - started);
  } catch (error) {
    if (exceptionSamples.length < 20) exceptionSamples.push(`stripe.confirmPayment: ${String(error)}`);
    record('stripe.confirmPayment', 'exception', performance.now() - started);
  }
}

async function restock(world: World) {
  const hot = crypto.randomInt(2) === 0;
  const listing = pick(hot ? world.hotListings : world.listings)!;
  await call(
    world.sellers[listing.seller]!.session,
    hot ? 'addCodes.hot' : 'addCodes',
    'addCodes',
    documents.addCodes,
    {
      input: { listingId: listing.listingId, codes: newCodes(hot ? 1 : 50) },
    },
  );
}

/** Weighted mix of one client's next step. */
const steps: { weight: number; run: (world: World, client: number) => Promise<void> }[] = [
  { weight: 24, run: (world, client) => buy(world, client, pick(world.listings)!, 'purchase') },
  { weight: 8, run: (world, client) => buy(world, client, pick(world.hotListings)!, 'purchase.hot') },
  {
    weight: 7,
    run: (world, client) =>
      buy(world, client, pick(crypto.randomInt(2) ? world.hotListings : world.listings)!, 'purchase.retried'),
  },
  { weight: 10, run: (world, client) => revealAndConfirm(world, client) },
  { weight: 8, run: (world, client) => openDispute(world, client) },
  { weight: 14, run: (world) => workDispute(world) },
  { weight: 14, run: (world) => decide(world) },
  { weight: 8, run: (world, client) => topUp(world, client) },
  { weight: 4, run: (world) => restock(world) },
];
const totalWeight = steps.reduce((sum, step) => sum + step.weight, 0);

function nextStep() {
  let roll = crypto.randomInt(totalWeight);
  for (const step of steps) {
    if (roll < step.weight) return step;
    roll -= step.weight;
  }
  return steps[0]!;
}

// ---- setup ----

async function signUpAccount(url: string, sellerAccount: boolean): Promise<Account> {
  const session = new GraphqlSession(url);
  const data = await session.data<{ signUp: { user: { id: string } | null; errors: unknown[] } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code message } } }`,
    {
      input: {
        email: `mixed-${crypto.randomBytes(6).toString('hex')}@example.test`,
        password: 'benchmark password 123',
        displayName: 'Mixed bench',
        sellerAccount,
      },
    },
  );
  if (!data.signUp.user) throw new Error(`sign-up failed: ${JSON.stringify(data.signUp.errors)}`);
  return { session, userId: data.signUp.user.id };
}

async function staffAccount(services: Services, url: string, role: 'ADMIN' | 'SUPPORT'): Promise<Account> {
  const email = `mixed-${role.toLowerCase()}-${crypto.randomBytes(4).toString('hex')}@example.test`;
  const password = 'benchmark staff password 123';
  const created = await services.auth.createStaffUser(
    null,
    { email, password, displayName: `Mixed ${role}`, roles: [role === 'ADMIN' ? Role.ADMIN : Role.SUPPORT] },
    commandLineMeta('bench'),
  );
  if ('errors' in created) throw new Error(`staff account: ${JSON.stringify(created.errors)}`);
  const session = new GraphqlSession(url);
  const data = await session.data<{ logIn: { user: { id: string } | null } }>(
    `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`,
    { input: { email, password } },
  );
  if (!data.logIn.user) throw new Error(`log in as ${role} failed`);
  return { session, userId: data.logIn.user.id };
}

async function createListing(seller: Account, codes: number, title: string): Promise<string> {
  const data = await seller.session.data<{
    createListing: { listing: { id: string } | null; errors: unknown[] };
  }>(
    `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }`,
    {
      input: {
        title,
        platform: 'STEAM',
        region: 'GLOBAL',
        kind: 'GAME_KEY',
        price: 100 + crypto.randomInt(900),
        currency: 'EUR',
        description: 'mixed benchmark',
      },
    },
  );
  const listingId = data.createListing.listing?.id;
  if (!listingId) throw new Error(`createListing failed: ${JSON.stringify(data.createListing.errors)}`);
  for (let offset = 0; offset < codes; offset += 5_000) {
    await seller.session.data(documents.addCodes, {
      input: { listingId, codes: newCodes(Math.min(5_000, codes - offset)) },
    });
  }
  return listingId;
}

async function buildWorld(services: Services, url: string): Promise<World> {
  const sellers: Account[] = [];
  for (let index = 0; index < sellerCount; index++) sellers.push(await signUpAccount(url, true));
  const listings: World['listings'] = [];
  for (const [seller, account] of sellers.entries()) {
    for (let index = 0; index < listingsPerSeller; index++) {
      listings.push({
        listingId: await createListing(account, codesPerListing, `Mixed ${seller}-${index}`),
        seller,
      });
    }
  }
  const hotListings: World['hotListings'] = [];
  for (let index = 0; index < hotListingCount; index++) {
    const seller = index % sellerCount;
    hotListings.push({ listingId: await createListing(sellers[seller]!, 1, `Mixed hot ${index}`), seller });
  }
  const buyers: Account[] = [];
  for (let index = 0; index < options.clients; index++) buyers.push(await signUpAccount(url, false));
  // Setup funds wallets through the ledger authority, as the checkout benchmark does; top-ups by card are part of the mix.
  for (const buyer of buyers) {
    await withTransaction(services.database, (tx) =>
      services.ledger.post(
        tx,
        topUpPosting({
          topUpId: crypto.randomUUID(),
          buyerId: fromGlobalId(buyer.userId, 'User')!,
          amount: buyerFunds,
          currency: 'EUR',
        }),
      ),
    );
  }
  const supports: Account[] = [];
  const admins: Account[] = [];
  for (let index = 0; index < staffCount; index++) {
    supports.push(await staffAccount(services, url, 'SUPPORT'));
    admins.push(await staffAccount(services, url, 'ADMIN'));
  }
  return {
    services,
    buyers,
    sellers,
    supports,
    admins,
    listings,
    hotListings,
    held: new Map(),
    disputes: new Map(),
  };
}

// ---- run and report ----

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!.toFixed(1));
}

function printProgress(startedAt: number): void {
  const seconds = (performance.now() - startedAt) / 1000;
  const failures = `ISE ${totals.internalErrors}, exceptions ${totals.exceptions}, retry mismatches ${totals.retryMismatches}`;
  console.log(
    `[${seconds.toFixed(0).padStart(4)} s] ${totals.requests} requests (${(totals.requests / seconds).toFixed(1)}/s); ${failures}`,
  );
}

async function runClients(world: World): Promise<number> {
  const startedAt = performance.now();
  const deadline = startedAt + options.durationSeconds * 1000;
  const timer = setInterval(() => printProgress(startedAt), progressIntervalMs);
  const client = async (index: number) => {
    while (performance.now() < deadline) await nextStep().run(world, index);
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  } finally {
    clearInterval(timer);
  }
  printProgress(startedAt);
  return (performance.now() - startedAt) / 1000;
}

async function jobFailures(services: Services) {
  const { rows } = await services.database.$client.query<{ task: string; failed: number; sample: string }>(
    `select task_identifier as task, count(*)::int as failed, min(last_error) as sample
       from graphile_worker.jobs where last_error is not null group by task_identifier order by task_identifier`,
  );
  return rows.map((row) => ({ ...row, sample: row.sample.slice(0, 300) }));
}

async function main(): Promise<number> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-mixed-'));
  fs.chmodSync(directory, 0o755);
  const config = loadConfig({
    ...process.env,
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    ...benchSetupLimits,
    RISK_THRESHOLDS: '997,998,999,1000',
    MAX_OPEN_DISPUTES_PER_BUYER: '20',
    RISK_OPEN_DISPUTE_LIMIT_NORMAL: '20',
    TOP_UP_MAX_PENDING_PER_BUYER: '50',
    // Its buyers top up again and again for ten minutes: the hourly cap is not what it measures.
    TOP_UP_MAX_PER_HOUR: '1000',
    PASSWORD_HASH_MEMORY_KIB: '4096',
  });
  const stamp = benchmarkStamp();
  const logPath = path.join(benchmarkResultsDirectory(config), `mixed-${stamp}.log`);
  console.log(
    `CodeSale mixed benchmark: ${options.clients} clients for ${options.durationSeconds} s${options.quick ? ' (quick)' : ''}`,
  );
  const server = await startBenchmarkDatabase(config, directory, 'codesale_mixed');
  const url = server.url;
  const database = createDatabase({ url, max: config.database.poolMax, statementTimeoutMs: 30_000 });
  // The app's warnings and errors during the run go to the log file; shutdown noise (connections
  // the database server closes as it stops) is not part of the run.
  const logFile = fs.openSync(logPath, 'w');
  const appLog = { capturing: true, lines: 0 };
  const log = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        if (!appLog.capturing) return;
        appLog.lines++;
        fs.writeSync(logFile, line);
      },
    },
  );
  const services = await createServices(config, database, url, log);
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const address = app.fastify.server.address();
  const graphqlUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  try {
    // The worker runs as in production: risk recomputes, Stripe events and deadlines race the requests.
    await services.jobs.start();
    console.log('setting up sellers, listings, buyers and staff...');
    const world = await buildWorld(services, graphqlUrl);
    const seconds = await runClients(world);
    // Let the webhooks the run caused be answered and their jobs run, then stop the worker.
    await services.stripe.emulator?.idle();
    await services.jobs.stop();
    await services.jobs.runJobsOnce();

    const ledger = await verifyLedger(database);
    const mirrors = await verifyEscrowMirrors(database);
    const clean = ledgerIsClean(ledger) && mirrors.mismatches.length === 0;
    const failedJobs = await jobFailures(services);
    const operations = Object.fromEntries(
      [...stats.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([name, entry]) => {
          const sorted = [...entry.latenciesMs].sort((a, b) => a - b);
          const count = Object.values(entry.outcomes).reduce((sum, value) => sum + value, 0);
          return [
            name,
            {
              count,
              outcomes: entry.outcomes,
              p50Ms: percentile(sorted, 0.5),
              p99Ms: percentile(sorted, 0.99),
            },
          ];
        }),
    );

    console.log('\noperation                      count   p50 ms   p99 ms  outcomes');
    for (const [name, entry] of Object.entries(operations)) {
      console.log(
        `${name.padEnd(28)} ${String(entry.count).padStart(7)} ${entry.p50Ms.toFixed(1).padStart(8)} ${entry.p99Ms.toFixed(1).padStart(8)}  ${JSON.stringify(entry.outcomes)}`,
      );
    }
    console.log(
      `\n${totals.requests} requests in ${seconds.toFixed(0)} s (${(totals.requests / seconds).toFixed(1)}/s); ` +
        `INTERNAL_SERVER_ERROR ${totals.internalErrors}; exceptions ${totals.exceptions}; retry mismatches ${totals.retryMismatches}`,
    );
    for (const sample of exceptionSamples) console.log(`  exception: ${sample}`);
    for (const sample of mismatchSamples) console.log(`  mismatch: ${JSON.stringify(sample)}`);
    console.log(`jobs with errors: ${failedJobs.length === 0 ? 'none' : JSON.stringify(failedJobs)}`);
    console.log(
      `ledger:verify ${clean ? 'clean' : 'NOT CLEAN'} (${ledger.transactions} transactions, ${ledger.entries} entries, ` +
        `${mirrors.orders} orders, ${mirrors.mismatches.length} mirror mismatches)`,
    );
    const failed = totals.internalErrors > 0 || totals.exceptions > 0 || totals.retryMismatches > 0 || !clean;
    const file = writeBenchmarkResult(config, 'mixed', stamp, {
      mode: options.quick ? 'quick' : 'full',
      clients: options.clients,
      durationSeconds: Number(seconds.toFixed(1)),
      totals,
      operations,
      failedJobs,
      exceptionSamples,
      mismatchSamples,
      ledgerClean: clean,
      appLogLines: appLog.lines,
      passed: !failed,
    });
    console.log(
      `results: ${path.relative(process.cwd(), file)}; app log (${appLog.lines} warnings and errors): ${path.relative(process.cwd(), logPath)}`,
    );
    console.log(failed ? 'FAILED' : 'passed');
    return failed ? 1 : 0;
  } finally {
    appLog.capturing = false;
    fs.closeSync(logFile);
    await app.close();
    await closeServices(services);
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

runCli(main);
