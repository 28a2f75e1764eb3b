import '../tools/node-version.guard';
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { buildApp } from '../app';
import { ListingKind, Platform, Region } from '../catalog/catalog.enums';
import { onSaleCondition } from '../catalog/catalog.queries';
import { codes, listings } from '../catalog/catalog.tables';
import { CodeCipher } from '../catalog/code-cipher';
import { prepareUpload } from '../catalog/code-inventory';
import { loadConfig, processEnvironment } from '../config';
import { checkDatabaseReachable } from '../db/connect';
import { createDatabase, type Database } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { fromGlobalId } from '../graphql/relay';
import { closeServices, createServices } from '../services';
import { seedListingImages } from '../seed/seed-listing-images';
import { runCli } from '../tools/cli';
import { GraphqlSession } from '../tools/graphql-session';
import { startBenchmarkDatabase } from './benchmark-database';
import { benchmarkStamp, writeBenchmarkResult } from './benchmark-results';
import { benchSetupLimits } from './bench-limits';

/**
 * `npm run bench:catalog`: the buyer app's catalog page over 10,000 listings on sale.
 *
 * Setup (not timed): the API on a fresh embedded PostgreSQL (or DATABASE_URL, which must hold no
 * listings), 10 sellers signed up through GraphQL, then 1,000 listings each with one sealed code,
 * written in bulk (one transaction per seller: the listings through unnest, the codes sealed by
 * the catalog's own CodeCipher and prepareUpload, the stock kept by the database's triggers, as
 * addCodes leaves it), then images as `npm run seed` gives them (seedListingImages: one picture per
 * platform and kind, stored once in a throwaway local directory and shared by every listing of
 * that pair), so the catalog's cards load real images through the buyer server's forwarder. The built buyer app (`clients/buyer/.next`; the npm script builds it)
 * runs as `npm start` runs it, `node clients/buyer/server.mjs`, in front of the API.
 *
 * Timed, after one warm-up request: (1) the page's server response, from Node: time to first
 * byte (fetch resolving on the headers) and to the whole HTML, `--runs` times; (2) in Chromium
 * (Debian's /usr/bin/chromium or CHROMIUM_PATH), each run in a fresh context (cold cache): the
 * browser's TTFB (navigation responseStart), first contentful paint and largest contentful paint
 * (PerformanceObserver 'largest-contentful-paint', buffered, read once the page has loaded and
 * painted twice more). Medians are printed and written to bench/results/catalog-<time>.json.
 *
 *   --quick         1,000 listings and 3 runs
 *   --runs=<n>      runs of each measurement (default 7)
 *   --path=<path>   a page to measure (default `/`, the catalog); repeat it to measure several
 */

const quick = process.argv.includes('--quick');
const argument = (name: string) =>
  process.argv.find((value) => value.startsWith(`--${name}=`))?.slice(name.length + 3);
const listingCount = quick ? 1_000 : 10_000;
const sellerCount = 10;
const runs = Number(argument('runs') ?? (quick ? 3 : 7));
const pagePaths = (() => {
  const given = process.argv.filter((value) => value.startsWith('--path=')).map((value) => value.slice(7));
  return given.length > 0 ? given : ['/'];
})();
const buyerStartTimeoutMs = 60_000;

const platforms = Object.values(Platform);
const regions = Object.values(Region);
const kinds = Object.values(ListingKind);
const words = [
  'Galactic',
  'Shadow',
  'Iron',
  'Crimson',
  'Silent',
  'Neon',
  'Ancient',
  'Frozen',
  'Solar',
  'Hidden',
  'Wild',
  'Last',
];
const nouns = ['Frontier', 'Legends', 'Tactics', 'Odyssey', 'Kingdom', 'Protocol', 'Racer', 'Harbor', 'Saga'];

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summary(values: number[]) {
  return {
    medianMs: Number(median(values).toFixed(1)),
    minMs: Number(Math.min(...values).toFixed(1)),
    maxMs: Number(Math.max(...values).toFixed(1)),
    runsMs: values.map((value) => Number(value.toFixed(1))),
  };
}

/** 1,000 listings of one seller and one code each, in one transaction. */
async function seedSellerListings(
  database: Database,
  cipher: CodeCipher,
  sellerId: string,
  first: number,
  count: number,
): Promise<void> {
  const titles: string[] = [];
  const listingPlatforms: string[] = [];
  const listingRegions: string[] = [];
  const listingKinds: string[] = [];
  const prices: number[] = [];
  for (let index = first; index < first + count; index++) {
    titles.push(
      `${words[index % words.length]} ${nouns[Math.floor(index / words.length) % nouns.length]} ${index + 1}`,
    );
    listingPlatforms.push(platforms[index % platforms.length]!);
    listingRegions.push(regions[index % regions.length]!);
    listingKinds.push(kinds[index % kinds.length]!);
    prices.push(199 + ((index * 7_919) % 19_800));
  }
  const lines = titles.map(() => `BENCH-${crypto.randomBytes(10).toString('hex').toUpperCase()}`);
  const { candidates, rejected } = await prepareUpload(cipher, lines);
  if (rejected.length > 0) throw new Error(`codes rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
  await withTransaction(database, async (tx) => {
    const inserted = await tx.execute<{ id: string; position: string }>(sql`
      insert into ${listings} (seller_id, title, description, platform, region, kind, price_amount, currency)
      select ${sellerId}::uuid, batch.title, batch.title || '. Delivered instantly.',
             batch.platform::listing_platform, batch.region::listing_region, batch.kind::listing_kind,
             batch.price, 'EUR'
        from unnest(
          ${sql.param(titles)}::text[],
          ${sql.param(listingPlatforms)}::text[],
          ${sql.param(listingRegions)}::text[],
          ${sql.param(listingKinds)}::text[],
          ${sql.param(prices)}::bigint[]
        ) with ordinality as batch (title, platform, region, kind, price, position)
       order by batch.position
      returning id`);
    const listingIds = inserted.rows.map((row) => row.id);
    if (listingIds.length !== count) throw new Error(`inserted ${listingIds.length} listings of ${count}`);
    // prepareUpload sorts by fingerprint; `line` (1-based) says which listing a code belongs to.
    await tx.execute(sql`
      insert into ${codes} (id, listing_id, seller_id, fingerprint, key_id, iv, ciphertext, auth_tag)
      select batch.id, batch.listing_id, ${sellerId}::uuid, batch.fingerprint, batch.key_id,
             batch.iv, batch.ciphertext, batch.auth_tag
        from unnest(
          ${sql.param(candidates.map((candidate) => candidate.id))}::uuid[],
          ${sql.param(candidates.map((candidate) => listingIds[candidate.line - 1]!))}::uuid[],
          ${sql.param(candidates.map((candidate) => candidate.fingerprint))}::bytea[],
          ${sql.param(candidates.map((candidate) => candidate.keyId))}::text[],
          ${sql.param(candidates.map((candidate) => candidate.iv))}::bytea[],
          ${sql.param(candidates.map((candidate) => candidate.ciphertext))}::bytea[],
          ${sql.param(candidates.map((candidate) => candidate.authTag))}::bytea[]
        ) as batch (id, listing_id, fingerprint, key_id, iv, ciphertext, auth_tag)`);
  });
}

/** `node clients/buyer/server.mjs`, resolved with its URL once it prints its address. */
async function startBuyerServer(
  repositoryRoot: string,
  apiUrl: string,
): Promise<{ child: ChildProcess; url: string }> {
  const directory = path.join(repositoryRoot, 'clients', 'buyer');
  if (!fs.existsSync(path.join(directory, '.next', 'BUILD_ID'))) {
    throw new Error(
      'the buyer app is not built: `npm run bench:catalog` builds it (npm run build -w clients/buyer)',
    );
  }
  const child = spawn(process.execPath, [path.join(directory, 'server.mjs')], {
    cwd: directory,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      CODESALE_API_URL: apiUrl,
      BUYER_PORT: '0',
      BUYER_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the buyer server did not start:\n${output}`)),
      buyerStartTimeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Buyer app at http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the buyer server exited (${code}):\n${output}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

interface ServerTiming {
  ttfbMs: number;
  htmlMs: number;
  bytes: number;
  status: number;
}

async function timeServerResponse(url: string): Promise<ServerTiming> {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  const ttfbMs = performance.now() - started;
  const body = await response.text();
  return {
    ttfbMs,
    htmlMs: performance.now() - started,
    bytes: Buffer.byteLength(body),
    status: response.status,
  };
}

interface BrowserTiming {
  ttfbMs: number;
  fcpMs: number | null;
  lcpMs: number | null;
  lcpElement: string | null;
  loadMs: number;
}

/**
 * Runs in the page once it has loaded (a string: the server's TypeScript has no DOM types). Two
 * more frames first, so every paint of the loaded page has been reported; then the buffered
 * largest-contentful-paint entries (the last one is the LCP), first contentful paint and the
 * navigation's timings, all relative to the navigation's start.
 */
const paintTimingsScript = `new Promise((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const observer = new PerformanceObserver(() => undefined);
    observer.observe({ type: 'largest-contentful-paint', buffered: true });
    const entries = observer.takeRecords();
    observer.disconnect();
    const last = entries[entries.length - 1];
    const navigation = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const element = last && last.element;
    const source = element && element.tagName === 'IMG' ? (element.currentSrc || element.src || '') : '';
    const text = element && !source ? (element.textContent || '').trim().slice(0, 40) : '';
    resolve({
      ttfbMs: navigation ? navigation.responseStart : NaN,
      fcpMs: fcp ? fcp.startTime : null,
      lcpMs: last ? last.startTime : null,
      lcpElement: element
        ? element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
          (source ? ' ' + source.replace(location.origin, '').slice(0, 80) : '') +
          (text ? ' "' + text + '"' : '') +
          ' (' + Math.round(last.size) + ' px²)'
        : null,
      loadMs: navigation ? navigation.loadEventEnd : NaN,
    });
  }));
})`;

/** One page: its server response from Node, then Chromium's paint timings, `runs` times each. */
async function measurePage(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  baseUrl: string,
  pagePath: string,
) {
  const pageUrl = new URL(pagePath, baseUrl).toString();
  // Warm-up: the first render loads the page's server code.
  const warmUp = await timeServerResponse(pageUrl);
  if (warmUp.status !== 200) throw new Error(`${pageUrl} answered ${warmUp.status}`);

  const serverRuns: ServerTiming[] = [];
  for (let run = 0; run < runs; run++) serverRuns.push(await timeServerResponse(pageUrl));

  const browserRuns: BrowserTiming[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(pageUrl, { waitUntil: 'load' });
    browserRuns.push((await page.evaluate(paintTimingsScript)) as BrowserTiming);
    await context.close();
  }

  const lcpValues = browserRuns.flatMap((run) => (run.lcpMs === null ? [] : [run.lcpMs]));
  const fcpValues = browserRuns.flatMap((run) => (run.fcpMs === null ? [] : [run.fcpMs]));
  return {
    page: pagePath,
    htmlBytes: serverRuns.at(-1)?.bytes ?? 0,
    lcpRuns: lcpValues.length,
    server: {
      ttfb: summary(serverRuns.map((run) => run.ttfbMs)),
      fullHtml: summary(serverRuns.map((run) => run.htmlMs)),
    },
    browser: {
      ttfb: summary(browserRuns.map((run) => run.ttfbMs)),
      firstContentfulPaint: fcpValues.length ? summary(fcpValues) : null,
      largestContentfulPaint: lcpValues.length ? summary(lcpValues) : null,
      lcpElements: [...new Set(browserRuns.map((run) => run.lcpElement))],
      load: summary(browserRuns.map((run) => run.loadMs)),
    },
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

async function main(): Promise<number> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-bench-'));
  fs.chmodSync(directory, 0o755);
  const config = loadConfig({
    ...processEnvironment(),
    LOG_LEVEL: 'silent',
    JOBS_WORKER_ENABLED: 'false',
    TRUST_PROXY: 'loopback',
    ...benchSetupLimits,
    // The listing images live with the throwaway database, not in the repository's .data.
    ATTACHMENT_STORAGE: 'local',
    ATTACHMENT_DIR: path.join(directory, 'attachments'),
    LISTING_IMAGE_DRIVER: 'local',
  });
  console.log(
    `CodeSale catalog benchmark (${quick ? 'quick' : 'full'}): ${listingCount} listings, ${runs} runs of ${pagePaths.join(' ')}`,
  );
  if (config.database.url) await checkDatabaseReachable(config.database.url, 'DATABASE_URL');
  const server = await startBenchmarkDatabase(config, directory, 'codesale_bench_catalog');
  const database = createDatabase({
    url: server.url,
    max: config.database.poolMax,
    statementTimeoutMs: 60_000,
  });
  const services = await createServices(config, database, server.url, pino({ level: 'silent' }));
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const address = app.fastify.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let buyer: { child: ChildProcess; url: string } | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const [existing] = (await database.execute<{ count: string }>(sql`select count(*) from ${listings}`))
      .rows;
    if (Number(existing?.count ?? 0) > 0) {
      throw new Error(
        'the database already has listings: run the benchmark on a fresh one (unset DATABASE_URL)',
      );
    }

    process.stderr.write(`seeding ${listingCount} listings of ${sellerCount} sellers...\n`);
    const seedStarted = performance.now();
    const cipher = new CodeCipher(config.catalog.codeKeys);
    const perSeller = listingCount / sellerCount;
    const sellerIds: string[] = [];
    for (let index = 0; index < sellerCount; index++) {
      const session = new GraphqlSession(`${apiUrl}/graphql`);
      const signedUp = await session.data<{ signUp: { user: { id: string } | null; errors: unknown[] } }>(
        `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code } } }`,
        {
          input: {
            email: `bench-seller-${index}-${crypto.randomBytes(4).toString('hex')}@example.test`,
            password: 'benchmark password 123',
            displayName: `Bench Seller ${index + 1}`,
            sellerAccount: true,
          },
        },
      );
      if (!signedUp.signUp.user) throw new Error(`sign-up failed: ${JSON.stringify(signedUp.signUp.errors)}`);
      const sellerId = fromGlobalId(signedUp.signUp.user.id, 'User')!;
      sellerIds.push(sellerId);
      await seedSellerListings(database, cipher, sellerId, index * perSeller, perSeller);
    }
    process.stderr.write('giving the listings images as `npm run seed` does...\n');
    console.log(`  ${await seedListingImages(services, sellerIds)}`);
    await database.execute(sql`analyze listings; analyze codes; analyze listing_images`);
    const [onSale] = (
      await database.execute<{ count: string }>(
        sql`select count(*) from ${listings} where ${onSaleCondition()}`,
      )
    ).rows;
    const listingsOnSale = Number(onSale?.count ?? 0);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(`seeded in ${seedSeconds.toFixed(1)} s: ${listingsOnSale} listings on sale`);
    if (listingsOnSale !== listingCount) throw new Error(`expected ${listingCount} listings on sale`);

    buyer = await startBuyerServer(config.repositoryRoot, apiUrl);
    const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const pages = [];
    for (const pagePath of pagePaths) pages.push(await measurePage(browser, buyer.url, pagePath));
    const result = {
      mode: quick ? 'quick' : 'full',
      listingsOnSale,
      runs,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      pages,
    };

    const row = (label: string, values: { medianMs: number; minMs: number; maxMs: number } | null) =>
      values
        ? `${label.padEnd(34)} ${values.medianMs.toFixed(1).padStart(9)} ${values.minMs.toFixed(1).padStart(9)} ${values.maxMs.toFixed(1).padStart(9)}`
        : `${label.padEnd(34)} ${'n/a'.padStart(9)}`;
    for (const page of pages) {
      console.log(`\n${page.page} with ${listingsOnSale} listings on sale (${page.htmlBytes} bytes of HTML)`);
      console.log(
        `${'measure'.padEnd(34)} ${'median ms'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}`,
      );
      console.log(row('server: time to first byte', page.server.ttfb));
      console.log(row('server: full HTML', page.server.fullHtml));
      console.log(row('Chromium: time to first byte', page.browser.ttfb));
      console.log(row('Chromium: first contentful paint', page.browser.firstContentfulPaint));
      console.log(row('Chromium: largest contentful paint', page.browser.largestContentfulPaint));
      console.log(row('Chromium: load event end', page.browser.load));
      console.log(`LCP element: ${page.browser.lcpElements.join(', ')}`);
      console.log(`load average ${page.loadAverage.join(' ')}`);
    }

    const file = writeBenchmarkResult(config, 'catalog', benchmarkStamp(), result);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return pages.every((page) => page.lcpRuns === runs) ? 0 : 1;
  } finally {
    await browser?.close();
    if (buyer && buyer.child.exitCode === null) {
      const exited = new Promise((resolve) => buyer!.child.once('exit', resolve));
      buyer.child.kill('SIGTERM');
      const timer = setTimeout(() => buyer!.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await app.close();
    await closeServices(services);
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

runCli(main);
