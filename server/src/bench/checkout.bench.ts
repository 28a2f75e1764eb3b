import '../tools/node-version.guard';
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../app';
import { loadConfig, processEnvironment } from '../config';
import { checkDatabaseReachable } from '../db/connect';
import { createDatabase } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { topUpPosting } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { closeServices, createServices } from '../services';
import { runCli } from '../tools/cli';
import { GraphqlSession } from '../tools/graphql-session';
import { startBenchmarkDatabase } from './benchmark-database';
import { benchmarkStamp, writeBenchmarkResult } from './benchmark-results';
import { benchSetupLimits } from './bench-limits';

/**
 * Checkout throughput and latency through the GraphQL endpoint on the embedded PostgreSQL:
 * (a) purchases spread over many listings, (b) one hot listing with 10,000 codes, each at 1, 8,
 * 32 and 128 concurrent buyers. `--quick` runs fewer purchases per level (under two minutes).
 * Results: a table on stdout, JSON in bench/results/. A benchmark, not a test: it asserts nothing
 * but reports every error that is not a typed user error, and whether ledger:verify is clean.
 */

const quick = process.argv.includes('--quick');
const concurrencyLevels = [1, 8, 32, 128];
const purchasesPerLevel = quick ? 200 : 1_500;
const hotCodes = 10_000;
const spreadListings = 100;
const price = 100;

interface LevelResult {
  scenario: 'spread' | 'hot';
  concurrency: number;
  purchases: number;
  seconds: number;
  throughputPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  userErrors: Record<string, number>;
  systemErrors: number;
}

/** Only the fields the benchmark reads. */
interface BenchData {
  signUp?: { user: { id: string } | null };
  createListing?: { listing: { id: string } | null };
  addCodes?: { errors: unknown[] };
  purchaseListing?: { errors: { code: string }[] } | null;
}

const signUpMutation = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code } } }`;
const purchaseMutation = `mutation ($input: PurchaseListingInput!) {
  purchaseListing(input: $input) { order { id } errors { code } } }`;

async function newSession(
  url: string,
  sellerAccount: boolean,
): Promise<{ session: GraphqlSession; userId: string }> {
  const session = new GraphqlSession(url);
  const result = await session.request<BenchData>(signUpMutation, {
    input: {
      email: `bench-${crypto.randomBytes(6).toString('hex')}@example.test`,
      password: 'benchmark password 123',
      displayName: 'Bench',
      sellerAccount,
    },
  });
  const id = result.data?.signUp?.user?.id;
  if (!id) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  return { session, userId: fromGlobalId(id, 'User')! };
}

async function createListingWithCodes(seller: GraphqlSession, codes: number): Promise<string> {
  const created = await seller.request<BenchData>(
    `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }`,
    {
      input: {
        title: `Bench game ${crypto.randomBytes(3).toString('hex')}`,
        platform: 'STEAM',
        region: 'GLOBAL',
        kind: 'GAME_KEY',
        price,
        currency: 'EUR',
        description: 'benchmark',
      },
    },
  );
  const listingId = created.data?.createListing?.listing?.id;
  if (!listingId) throw new Error(`createListing failed: ${JSON.stringify(created)}`);
  for (let offset = 0; offset < codes; offset += 5_000) {
    const batch = Array.from(
      { length: Math.min(5_000, codes - offset) },
      () => `BENCH-${crypto.randomBytes(10).toString('hex')}`,
    );
    const added = await seller.request<BenchData>(
      `mutation ($input: AddCodesInput!) { addCodes(input: $input) { errors { code } } }`,
      {
        input: { listingId, codes: batch },
      },
    );
    if (added.errors || added.data?.addCodes?.errors?.length)
      throw new Error(`addCodes failed: ${JSON.stringify(added)}`);
  }
  return listingId;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r${label.padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}

async function runLevel(
  scenario: 'spread' | 'hot',
  concurrency: number,
  buyers: GraphqlSession[],
  pickListing: () => string,
): Promise<LevelResult> {
  const latencies: number[] = [];
  const userErrors: Record<string, number> = {};
  let systemErrors = 0;
  let started = 0;
  let finished = 0;
  const label = `${scenario} x${concurrency}`;
  const begin = performance.now();
  const worker = async (buyer: GraphqlSession) => {
    while (started < purchasesPerLevel) {
      started++;
      const requestStart = performance.now();
      try {
        const result = await buyer.request<BenchData>(purchaseMutation, {
          input: { listingId: pickListing(), idempotencyKey: crypto.randomUUID() },
        });
        const code = result.data?.purchaseListing?.errors?.[0]?.code;
        if (result.errors || !result.data?.purchaseListing) systemErrors++;
        else if (code) userErrors[code] = (userErrors[code] ?? 0) + 1;
      } catch {
        systemErrors++;
      }
      latencies.push(performance.now() - requestStart);
      finished++;
      if (finished % 10 === 0 || finished === purchasesPerLevel) progress(label, finished, purchasesPerLevel);
    }
  };
  await Promise.all(buyers.slice(0, concurrency).map(worker));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    concurrency,
    purchases: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    throughputPerSecond: Number((latencies.length / seconds).toFixed(1)),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(1)),
    p95Ms: Number(percentile(latencies, 0.95).toFixed(1)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(1)),
    userErrors,
    systemErrors,
  };
}

async function main(): Promise<number> {
  const config = loadConfig({
    ...processEnvironment(),
    LOG_LEVEL: 'silent',
    API_KEY_REQUESTS_PER_MINUTE: '1000000',
    ...benchSetupLimits,
  });
  console.log(
    `CodeSale checkout benchmark (${quick ? 'quick' : 'full'}): ${purchasesPerLevel} purchases per level`,
  );
  if (config.database.url) await checkDatabaseReachable(config.database.url, 'DATABASE_URL');
  // Made only once the configuration and the database are known good: a failure before leaves nothing behind.
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-bench-'));
  fs.chmodSync(directory, 0o755);
  const server = await startBenchmarkDatabase(config, directory, 'codesale_bench');
  const url = server.url;
  const database = createDatabase({ url, max: config.database.poolMax, statementTimeoutMs: 30_000 });
  const services = await createServices(config, database, url, pino({ level: 'silent' }));
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const address = app.fastify.server.address();
  const graphqlUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  try {
    process.stderr.write('setting up sellers, listings and codes...\n');
    const seller = await newSession(graphqlUrl, true);
    const hotListing = await createListingWithCodes(seller.session, hotCodes);
    const spread: string[] = [];
    for (let index = 0; index < spreadListings; index++) {
      spread.push(await createListingWithCodes(seller.session, 100));
      progress('spread listings', index + 1, spreadListings);
    }
    const buyers: { session: GraphqlSession; userId: string }[] = [];
    for (let index = 0; index < Math.max(...concurrencyLevels); index++) {
      buyers.push(await newSession(graphqlUrl, false));
      if ((index + 1) % 8 === 0) progress('buyers', index + 1, Math.max(...concurrencyLevels));
    }
    // Bench setup funds wallets through the ledger authority (the top-up path is not under test here).
    for (const buyer of buyers) {
      await withTransaction(database, (tx) =>
        services.ledger.post(
          tx,
          topUpPosting({
            topUpId: crypto.randomUUID(),
            buyerId: buyer.userId,
            amount: 10_000_000,
            currency: 'EUR',
          }),
        ),
      );
    }

    const results: LevelResult[] = [];
    for (const concurrency of concurrencyLevels) {
      results.push(
        await runLevel(
          'spread',
          concurrency,
          buyers.map((buyer) => buyer.session),
          () => spread[crypto.randomInt(spread.length)]!,
        ),
      );
      results.push(
        await runLevel(
          'hot',
          concurrency,
          buyers.map((buyer) => buyer.session),
          () => hotListing,
        ),
      );
    }

    const report = await verifyLedger(database);
    const clean = ledgerIsClean(report);
    console.log(
      '\nscenario  buyers  purchases  seconds  purchases/s   p50 ms   p95 ms   p99 ms  user errors  system errors',
    );
    for (const result of results) {
      console.log(
        `${result.scenario.padEnd(8)}  ${String(result.concurrency).padStart(6)}  ${String(result.purchases).padStart(9)}  ` +
          `${result.seconds.toFixed(2).padStart(7)}  ${result.throughputPerSecond.toFixed(1).padStart(11)}  ` +
          `${result.p50Ms.toFixed(1).padStart(7)}  ${result.p95Ms.toFixed(1).padStart(7)}  ${result.p99Ms.toFixed(1).padStart(7)}  ` +
          `${JSON.stringify(result.userErrors).padStart(11)}  ${String(result.systemErrors).padStart(13)}`,
      );
    }
    const ratios = concurrencyLevels.map((concurrency) => {
      const hot = results.find((result) => result.scenario === 'hot' && result.concurrency === concurrency)!;
      const spreadResult = results.find(
        (result) => result.scenario === 'spread' && result.concurrency === concurrency,
      )!;
      return {
        concurrency,
        hotToSpread: Number((hot.throughputPerSecond / spreadResult.throughputPerSecond).toFixed(2)),
      };
    });
    console.log(
      `\nhot/spread throughput: ${ratios.map((ratio) => `x${ratio.concurrency} ${ratio.hotToSpread}`).join(', ')}`,
    );
    console.log(
      `ledger:verify ${clean ? 'clean' : 'NOT CLEAN'} (${report.transactions} transactions, ${report.entries} entries)`,
    );

    const file = writeBenchmarkResult(config, 'checkout', benchmarkStamp(), {
      mode: quick ? 'quick' : 'full',
      purchasesPerLevel,
      results,
      hotToSpread: ratios,
      ledgerClean: clean,
    });
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return !clean || results.some((result) => result.systemErrors > 0) ? 1 : 0;
  } finally {
    await app.close();
    await closeServices(services);
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

runCli(main);
