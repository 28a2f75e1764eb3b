import '../tools/node-version.guard';
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, inArray, sql, sum } from 'drizzle-orm';
import pino from 'pino';
import { buildApp } from '../app';
import { Role, type Viewer } from '../auth/roles';
import { ListingKind, Platform, Region } from '../catalog/catalog.enums';
import { loadConfig, processEnvironment } from '../config';
import { checkDatabaseReachable } from '../db/connect';
import { createDatabase } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { topUpPosting } from '../domain/posting-rules';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import type { PayoutPhasePoint } from '../payouts/payout.service';
import { payoutAccounts, payoutOrders, payouts } from '../payouts/payouts.tables';
import { closeServices, createServices, type Services } from '../services';
import { commandLineMeta, type RequestMeta } from '../shared/request-meta';
import { runCli } from '../tools/cli';
import { startBenchmarkDatabase } from './benchmark-database';
import { benchmarkStamp, writeBenchmarkResult } from './benchmark-results';
import { benchSetupLimits } from './bench-limits';

/**
 * The payout sweep (issue 8): sellers with released orders past the hold, paid by the automated
 * sweep and the transfer jobs against a Stripe that answers in 50 ms.
 *
 * Setup (not timed, with progress): sellers onboarded through PayoutAccountService and the
 * emulator's `account.updated`, one listing each, buyers funded through the ledger authority,
 * every order bought (CheckoutService) and confirmed (DeliveryService, which releases escrow),
 * the risk jobs those enqueue drained, releases tracked by PayoutEligibilityService, the
 * platform's Stripe balance credited with what the payouts need. PAYOUT_HOLD_HOURS=0, so a
 * release is eligible at once.
 *
 * Timed: the emulator's latency set to 50 ms, the job worker started as `npm start` starts it
 * (JOBS_CONCURRENCY as configured: production's answer to how many transfers run at once), then
 * `withdrawalExecution.sweep()` (what the scheduled sweep job runs: phase 1 of each seller, one
 * after another), while the worker runs each payout's `payouts.transfer` job (phases 2 and 3) as
 * soon as its phase 1 commits, until every payout is PAID.
 *
 * Verified afterwards (exit 1 otherwise): one transfer per payout in the emulator with the same
 * amounts, every order PAID, nothing FAILED, ledger:verify clean. `--quick`: 20 sellers x 50
 * orders. Results: a summary on stdout, JSON in bench/results/payouts-<time>.json.
 */

const quick = process.argv.includes('--quick');
const sellerCount = quick ? 20 : 100;
const ordersPerSeller = quick ? 50 : 100;
const orderCount = sellerCount * ordersPerSeller;
/** Buyer j buys the j-th order of every seller: purchases running together lock different wallets. */
const buyerCount = ordersPerSeller;
const priceMinor = 1_000;
const stripeLatencyMs = 50;
/** Purchases and confirmations in flight at once during setup. */
const setupConcurrency = 8;
const payAllTimeoutMs = quick ? 120_000 : 600_000;
const pollIntervalMs = 20;

const benchMeta = (): RequestMeta => commandLineMeta('bench-payouts');

function viewerOf(userId: string): Viewer {
  return {
    userId,
    roles: [Role.BUYER, Role.SELLER],
    via: 'session',
    sessionId: null,
    apiKeyId: null,
    scopes: [],
  };
}

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r${label.padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}

/** Runs `work` over `items` with `concurrency` in flight, reporting progress every `every` items. */
async function inParallel<T>(
  label: string,
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let done = 0;
  const every = Math.max(1, Math.floor(items.length / 100));
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
      done++;
      if (done % every === 0 || done === items.length) progress(label, done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

function distribution(values: number[]): { p50Ms: number; p95Ms: number; maxMs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: Number(percentile(sorted, 0.5).toFixed(1)),
    p95Ms: Number(percentile(sorted, 0.95).toFixed(1)),
    maxMs: Number((sorted[sorted.length - 1] ?? 0).toFixed(1)),
  };
}

function seconds(fromMs: number, toMs: number): number {
  return Number(((toMs - fromMs) / 1000).toFixed(2));
}

async function signUp(services: Services, label: string, seller: boolean): Promise<string> {
  const result = await services.auth.signUp(
    {
      email: `bench-${label}-${crypto.randomBytes(5).toString('hex')}@example.test`,
      password: 'benchmark password 123',
      displayName: `Bench ${label}`,
      sellerAccount: seller,
    },
    benchMeta(),
  );
  if (!('user' in result)) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  return result.user.id;
}

/** A listing with `codes` codes, through the catalog service. */
async function listingWithCodes(services: Services, sellerId: string, codes: number): Promise<string> {
  const created = await services.catalog.createListing(
    viewerOf(sellerId),
    {
      title: `Bench payout game ${crypto.randomBytes(3).toString('hex')}`,
      platform: Platform.STEAM,
      region: Region.GLOBAL,
      kind: ListingKind.GAME_KEY,
      price: priceMinor,
      currency: 'EUR',
      description: 'payout benchmark',
    },
    benchMeta(),
  );
  if ('errors' in created) throw new Error(`createListing failed: ${JSON.stringify(created.errors)}`);
  const lines = Array.from({ length: codes }, () => `BENCH-${crypto.randomBytes(10).toString('hex')}`);
  const added = await services.catalog.addCodes(viewerOf(sellerId), created.listing.id, lines, benchMeta());
  if ('errors' in added) throw new Error(`addCodes failed: ${JSON.stringify(added.errors)}`);
  return created.listing.id;
}

/**
 * Starts each seller's onboarding (PayoutAccountService) and completes it at the emulator, as the
 * onboarding page would, then processes the `account.updated` webhooks until every account is
 * ENABLED. Those jobs share one named queue, and runJobsOnce() stops after one job of a named
 * queue (graphile-worker still holds the queue's lock when it looks for the next job), hence the loop.
 */
async function onboard(services: Services, sellerIds: readonly string[]): Promise<void> {
  const emulator = services.stripe.emulator!;
  await inParallel('onboarding sellers', sellerIds, setupConcurrency, async (sellerId) => {
    const started = await services.payoutAccounts.startOnboarding(sellerId, {});
    if ('errors' in started) throw new Error(`startOnboarding failed: ${JSON.stringify(started.errors)}`);
    emulator.updateAccount(started.account.stripeAccountId, 'complete');
  });
  await emulator.idle();
  for (let pass = 0; pass <= sellerIds.length; pass++) {
    const [enabled] = await services.database
      .select({ accounts: count() })
      .from(payoutAccounts)
      .where(and(eq(payoutAccounts.status, 'ENABLED'), inArray(payoutAccounts.sellerId, [...sellerIds])));
    if (enabled?.accounts === sellerIds.length) return;
    await services.jobs.runJobsOnce();
  }
  throw new Error("the sellers' payout accounts were not all enabled");
}

interface PhaseTimes {
  phase1CommittedAtMs?: number;
  transferSendingAtMs?: number;
  transferAnsweredAtMs?: number;
  phase3BeforeCommitAtMs?: number;
}

async function payoutStates(services: Services): Promise<Map<string, number>> {
  const rows = await services.database
    .select({ state: payouts.state, payouts: count() })
    .from(payouts)
    .groupBy(payouts.state);
  return new Map(rows.map((row) => [row.state, row.payouts]));
}

async function main(): Promise<number> {
  const config = loadConfig({
    ...processEnvironment(),
    LOG_LEVEL: 'silent',
    ...benchSetupLimits,
    // Released orders are eligible at once: the bench measures paying them, not waiting for the hold.
    PAYOUT_HOLD_HOURS: '0',
    // Setup runs at full speed; the timed part sets the latency.
    STRIPE_EMULATOR_LATENCY_MS: '0',
  });
  if (!config.stripe.emulator) {
    console.error('The payout benchmark runs against the Stripe emulator only: unset STRIPE_SECRET_KEY.');
    return 1;
  }
  console.log(
    `CodeSale payout sweep benchmark (${quick ? 'quick' : 'full'}): ${sellerCount} sellers x ${ordersPerSeller} orders, ` +
      `Stripe latency ${stripeLatencyMs} ms, JOBS_CONCURRENCY ${config.jobs.concurrency}`,
  );
  if (config.database.url) await checkDatabaseReachable(config.database.url, 'DATABASE_URL');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-bench-payouts-'));
  fs.chmodSync(directory, 0o755);
  const server = await startBenchmarkDatabase(config, directory, 'codesale_bench_payouts');
  const database = createDatabase({
    url: server.url,
    max: config.database.poolMax,
    statementTimeoutMs: 60_000,
  });
  const phases = new Map<string, PhaseTimes>();
  const observe = (point: PayoutPhasePoint, payoutId: string) => {
    const times = phases.get(payoutId) ?? {};
    const now = performance.now();
    if (point === 'PHASE_1_COMMITTED') times.phase1CommittedAtMs = now;
    if (point === 'TRANSFER_SENDING') times.transferSendingAtMs ??= now;
    if (point === 'TRANSFER_ANSWERED') times.transferAnsweredAtMs = now;
    if (point === 'PHASE_3_BEFORE_COMMIT') times.phase3BeforeCommitAtMs = now;
    phases.set(payoutId, times);
  };
  const services = await createServices(config, database, server.url, pino({ level: 'silent' }), {
    payouts: { onPhase: observe },
  });
  const emulator = services.stripe.emulator!;
  // The app receives the emulator's webhooks (account.updated, transfer.created), as in production.
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  try {
    const [existing] = await database.select({ payouts: count() }).from(payouts);
    if ((existing?.payouts ?? 0) > 0) {
      console.error(
        'The payout benchmark needs a database without payouts: the sweep pays every eligible seller. Unset DATABASE_URL.',
      );
      return 1;
    }

    // ---- setup (not timed) ----
    const setupStartMs = performance.now();
    process.stderr.write('setting up sellers, buyers, listings, orders...\n');
    const sellerIds: string[] = [];
    for (let index = 0; index < sellerCount; index++) {
      sellerIds.push(await signUp(services, `seller${index}`, true));
      progress('sellers', index + 1, sellerCount);
    }
    const buyerIds: string[] = [];
    for (let index = 0; index < buyerCount; index++) {
      buyerIds.push(await signUp(services, `buyer${index}`, false));
      progress('buyers', index + 1, buyerCount);
    }
    await onboard(services, sellerIds);
    const listingIds: string[] = [];
    await inParallel('listings', sellerIds, 1, async (sellerId) => {
      listingIds.push(await listingWithCodes(services, sellerId, ordersPerSeller));
    });
    // Wallets are funded through the ledger authority (the top-up path is not under test here).
    for (const buyerId of buyerIds) {
      await withTransaction(database, (tx) =>
        services.ledger.post(
          tx,
          topUpPosting({
            topUpId: crypto.randomUUID(),
            buyerId,
            amount: priceMinor * sellerCount,
            currency: 'EUR',
          }),
        ),
      );
    }
    // Purchase k goes to buyer k % buyers and listing floor(k / buyers) % sellers... rotated so
    // that the purchases in flight together hit different wallets and different listings.
    const purchases = Array.from({ length: orderCount }, (_, index) => ({
      buyerId: buyerIds[index % buyerCount]!,
      listingId: listingIds[(index + Math.floor(index / buyerCount)) % sellerCount]!,
    }));
    const orders: { buyerId: string; orderId: string }[] = [];
    await inParallel('purchases', purchases, setupConcurrency, async (purchase) => {
      const bought = await services.checkout.purchase(purchase.buyerId, {
        listingId: purchase.listingId,
        idempotencyKey: crypto.randomUUID(),
      });
      if ('errors' in bought) throw new Error(`purchase failed: ${JSON.stringify(bought.errors)}`);
      orders.push({ buyerId: purchase.buyerId, orderId: bought.order.id });
    });
    await inParallel('confirmations (release)', orders, setupConcurrency, async (order) => {
      const confirmed = await services.delivery.confirmDelivery(order.buyerId, order.orderId);
      if ('errors' in confirmed)
        throw new Error(`confirmDelivery failed: ${JSON.stringify(confirmed.errors)}`);
    });
    process.stderr.write('draining the risk recomputes the orders enqueued...\n');
    await services.jobs.runJobsOnce();
    const refreshStartMs = performance.now();
    const refreshed = await services.payoutEligibility.refreshAll();
    const refreshSeconds = seconds(refreshStartMs, performance.now());
    // What the sweep's own refresh costs when nothing is new: part of the timed sweep below.
    const idleRefreshStartMs = performance.now();
    await services.payoutEligibility.refreshAll();
    const idleRefreshSeconds = seconds(idleRefreshStartMs, performance.now());
    const eligible = await database
      .select({ orders: count(), amount: sum(payoutOrders.netAmount) })
      .from(payoutOrders)
      .where(and(eq(payoutOrders.state, 'ELIGIBLE'), inArray(payoutOrders.sellerId, sellerIds)));
    const eligibleOrders = eligible[0]?.orders ?? 0;
    const eligibleAmount = Number(eligible[0]?.amount ?? 0);
    if (eligibleOrders !== orderCount) {
      const states = await database
        .select({ state: payoutOrders.state, reason: payoutOrders.blockedReason, orders: count() })
        .from(payoutOrders)
        .groupBy(payoutOrders.state, payoutOrders.blockedReason);
      console.error(
        `expected ${orderCount} eligible orders, found ${eligibleOrders}: ${JSON.stringify(states)}`,
      );
      return 1;
    }
    emulator.creditBalance('EUR', eligibleAmount);
    const setupSeconds = seconds(setupStartMs, performance.now());
    console.log(
      `setup: ${setupSeconds} s; eligibility refresh tracked ${refreshed.tracked} releases in ${refreshSeconds} s ` +
        `(${idleRefreshSeconds} s again with nothing new); ` +
        `${eligibleOrders} orders eligible (${eligibleAmount} EUR minor units)`,
    );

    // ---- timed: the sweep and the transfer jobs ----
    emulator.setLatency(stripeLatencyMs);
    phases.clear();
    // A shared machine's other work shows here (bench/README: read the figures with it).
    const loadAverageAtStart = os.loadavg()[0]!;
    await services.jobs.start();
    const startMs = performance.now();
    const swept = await services.withdrawalExecution.sweep();
    const sweepDoneMs = performance.now();
    let states = await payoutStates(services);
    while ((states.get('PAID') ?? 0) < swept.initiated && (states.get('FAILED') ?? 0) === 0) {
      if (performance.now() - startMs > payAllTimeoutMs) break;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      states = await payoutStates(services);
    }
    const endMs = performance.now();
    const loadAverageAtEnd = os.loadavg()[0]!;
    await services.jobs.stop();
    emulator.setLatency(0);

    // ---- verification ----
    const paidPayouts = states.get('PAID') ?? 0;
    const transfers: { payoutId: string | null; amount: number }[] = [];
    for await (const transfer of services.stripe.listTransfers({})) transfers.push(transfer);
    const payoutRows = await database.select({ id: payouts.id, amount: payouts.amount }).from(payouts);
    const transferAmountOf = new Map(transfers.map((transfer) => [transfer.payoutId, transfer.amount]));
    const oneTransferEach =
      transfers.length === payoutRows.length &&
      payoutRows.every((payout) => transferAmountOf.get(payout.id) === payout.amount);
    const [paidOrders] = await database
      .select({ orders: count() })
      .from(payoutOrders)
      .where(eq(payoutOrders.state, 'PAID'));
    const [attempts] = await database
      .select({ attempts: sql<number>`coalesce(sum(${payouts.transferAttempts}), 0)::int` })
      .from(payouts);
    const report = await verifyLedger(database);
    const clean = ledgerIsClean(report);

    const timed = [...phases.values()];
    const phase1Rows = await database.select({ id: payouts.id, createdAt: payouts.createdAt }).from(payouts);
    const timeOrigin = performance.timeOrigin;
    const phase1Ms = phase1Rows
      .map((row) => {
        const committed = phases.get(row.id)?.phase1CommittedAtMs;
        // created_at is the phase-1 transaction's start (now()); the observer saw its commit.
        return committed === undefined ? null : timeOrigin + committed - row.createdAt.getTime();
      })
      .filter((value): value is number => value !== null);
    const queueWaitMs = timed
      .filter((times) => times.phase1CommittedAtMs !== undefined && times.transferSendingAtMs !== undefined)
      .map((times) => times.transferSendingAtMs! - times.phase1CommittedAtMs!);
    const stripeCallMs = timed
      .filter((times) => times.transferSendingAtMs !== undefined && times.transferAnsweredAtMs !== undefined)
      .map((times) => times.transferAnsweredAtMs! - times.transferSendingAtMs!);
    const transferAndPhase3Ms = timed
      .filter(
        (times) => times.transferSendingAtMs !== undefined && times.phase3BeforeCommitAtMs !== undefined,
      )
      .map((times) => times.phase3BeforeCommitAtMs! - times.transferSendingAtMs!);
    const firstPhase1Ms = Math.min(...timed.map((times) => times.phase1CommittedAtMs ?? Infinity));
    const firstSendingMs = Math.min(...timed.map((times) => times.transferSendingAtMs ?? Infinity));
    const lastPhase3Ms = Math.max(...timed.map((times) => times.phase3BeforeCommitAtMs ?? -Infinity));

    const timeToPayAllSeconds = seconds(startMs, endMs);
    const result = {
      mode: quick ? 'quick' : 'full',
      settings: {
        sellers: sellerCount,
        ordersPerSeller,
        orders: orderCount,
        priceMinor,
        stripeLatencyMs,
        jobsConcurrency: config.jobs.concurrency,
        databasePoolMax: config.database.poolMax,
        payoutHoldHours: 0,
        worker: 'services.jobs.start() (graphile-worker, as npm start runs it)',
      },
      loadAverage: { atStart: loadAverageAtStart, atEnd: loadAverageAtEnd },
      setup: {
        seconds: setupSeconds,
        tracked: refreshed.tracked,
        eligibilityRefreshSeconds: refreshSeconds,
        eligibilityRefreshNothingNewSeconds: idleRefreshSeconds,
      },
      sweep: {
        ...swept,
        seconds: seconds(startMs, sweepDoneMs),
        // The sweep's own eligibility refresh comes first; then phase 1, seller after seller.
        firstPayoutInitiatedAfterSeconds: seconds(startMs, firstPhase1Ms),
      },
      timeToPayAllSeconds,
      payoutsPerSecond: Number((paidPayouts / timeToPayAllSeconds).toFixed(1)),
      ordersPaidPerSecond: Number((paidOrders!.orders / timeToPayAllSeconds).toFixed(1)),
      transferStage: {
        seconds: seconds(firstSendingMs, lastPhase3Ms),
        transfersPerSecond: Number((paidPayouts / ((lastPhase3Ms - firstSendingMs) / 1000)).toFixed(1)),
      },
      perPayout: {
        phase1: distribution(phase1Ms),
        queueWait: distribution(queueWaitMs),
        stripeCall: distribution(stripeCallMs),
        transferAndPhase3: distribution(transferAndPhase3Ms),
      },
      verification: {
        payoutsPaid: paidPayouts,
        payoutsFailed: states.get('FAILED') ?? 0,
        payoutsPending: states.get('PENDING') ?? 0,
        transfersInEmulator: transfers.length,
        oneTransferPerPayoutWithItsAmount: oneTransferEach,
        transferAttempts: attempts?.attempts ?? 0,
        ordersPaid: paidOrders!.orders,
        ledgerClean: clean,
      },
    };

    const row = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);
    const spread = (figures: { p50Ms: number; p95Ms: number; maxMs: number }) =>
      `p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms`;
    console.log('\npayout sweep');
    row('time to pay all', `${timeToPayAllSeconds} s (sweep start to the last payout PAID)`);
    row(
      'sweep',
      `${result.sweep.seconds} s: its eligibility refresh, first payout initiated after ` +
        `${result.sweep.firstPayoutInitiatedAfterSeconds} s, then phase 1 of each seller (${swept.initiated} payouts)`,
    );
    row('payouts (transfers) per second', String(result.payoutsPerSecond));
    row('orders paid per second', String(result.ordersPaidPerSecond));
    row(
      'transfer stage',
      `${result.transferStage.seconds} s, ${result.transferStage.transfersPerSecond} transfers/s (first send to last phase 3)`,
    );
    row('phase 1 per payout', spread(result.perPayout.phase1));
    row('queue wait (phase 1 -> send)', spread(result.perPayout.queueWait));
    row('Stripe call', spread(result.perPayout.stripeCall));
    row('transfer + phase 3 per payout', spread(result.perPayout.transferAndPhase3));
    row(
      'verified',
      `${paidPayouts} PAID, ${result.verification.payoutsFailed} FAILED, ${transfers.length} transfers ` +
        `(${oneTransferEach ? 'one per payout, amounts equal' : 'MISMATCH'}), ${paidOrders!.orders} orders PAID, ` +
        `${result.verification.transferAttempts} transfer attempts`,
    );
    row(
      'load average (1 min)',
      `${loadAverageAtStart.toFixed(2)} at start, ${loadAverageAtEnd.toFixed(2)} at end, ${os.cpus().length} CPUs`,
    );
    console.log(
      `ledger:verify ${clean ? 'clean' : 'NOT CLEAN'} (${report.transactions} transactions, ${report.entries} entries)`,
    );
    const file = writeBenchmarkResult(config, 'payouts', benchmarkStamp(), result);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    const ok =
      clean &&
      oneTransferEach &&
      paidPayouts === sellerCount &&
      swept.initiated === sellerCount &&
      transfers.length === sellerCount &&
      paidOrders!.orders === orderCount;
    if (!ok) console.error('payout benchmark: verification FAILED');
    return ok ? 0 : 1;
  } finally {
    await app.close();
    await closeServices(services);
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

runCli(main);
