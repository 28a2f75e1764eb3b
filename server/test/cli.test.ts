import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { createDatabase } from '../src/db/pool';
import { withTransaction } from '../src/db/transaction';
import { topUpPosting } from '../src/domain/posting-rules';
import { LedgerService } from '../src/ledger/ledger.service';
import {
  createTestDatabase,
  insertUser,
  logIn,
  queryDatabase,
  startTestApp,
  startTestAppOnDatabase,
  TestClient,
  type TestApp,
} from './harness';
import { fromGlobalId } from '../src/graphql/relay';
import { freePort } from './free-port';
import { createListing, newSeller } from './marketplace';
import { fundPlatform, onboardedSeller, releasedOrders, runPayoutJobs } from './payout-helpers';

/**
 * The command-line tools as a user runs them: the real entry point in a child process (compiled
 * from src by @swc-node/register, as `npm run dev` does), judged by its exit code and its output.
 */

const serverRoot = path.resolve(__dirname, '..');
const repositoryRoot = path.resolve(serverRoot, '..');
const toolTimeoutMs = 90_000;

interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Variables of the test process a tool must not inherit: each test says what it wants. */
const inheritedVariablesToDrop = [
  'DATABASE_URL',
  'EMBEDDED_POSTGRES_DIR',
  'EMBEDDED_POSTGRES_PORT',
  'PORT',
  'HOST',
  'NODE_OPTIONS',
];

function runTool(
  entry: string,
  env: Record<string, string>,
  options: { args?: string[]; preload?: string; timeoutMs?: number; input?: string } = {},
): Promise<ToolRun> {
  const environment: Record<string, string | undefined> = { ...process.env, ...env };
  for (const name of inheritedVariablesToDrop) if (!(name in env)) delete environment[name];
  const child = spawn(
    process.execPath,
    [
      ...(options.preload ? ['-r', options.preload] : []),
      '-r',
      '@swc-node/register',
      path.join(serverRoot, 'src', entry),
      ...(options.args ?? []),
    ],
    // Standard input: `input`, or nothing (an immediate end of file, as 'ignore' gives).
    { cwd: serverRoot, env: environment, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stdin.end(options.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? toolTimeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Another program holding a port, as a user's stray server would. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', resolve);
  });
  const address = holder.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { port: address.port, release: () => new Promise((resolve) => holder.close(() => resolve())) };
}

const stackTraceLine = /^\s+at .+\(.*:\d+:\d+\)$/m;

describe('ledger:verify', () => {
  let directory: string;
  let dataDirectory: string;
  let server: EmbeddedDatabase;
  let databaseUrl: string;
  let serverPort: number;

  beforeAll(async () => {
    // An embedded PostgreSQL started by this process, as `npm start` would hold the developer's.
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-cli-test-'));
    fs.chmodSync(directory, 0o755);
    dataDirectory = path.join(directory, 'data');
    serverPort = await freePort();
    server = await startEmbeddedPostgres({ directory: dataDirectory, port: serverPort, persistent: false });
    databaseUrl = await ensureDatabase(server.url, 'codesale');
    await migrate(databaseUrl, path.join(repositoryRoot, 'migrations'));
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it(
    'reaches the embedded PostgreSQL another process started from the same data folder, on the port its postmaster.pid records',
    async () => {
      // given a configured port that is not the running server's
      const otherPort = await freePort();
      // when ledger:verify runs against that data folder
      const run = await runTool('ledger/ledger-verify.cli.ts', {
        EMBEDDED_POSTGRES_DIR: dataDirectory,
        EMBEDDED_POSTGRES_PORT: String(otherPort),
      });
      // then it verified the running server's database, and left that server running
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('ledger: clean');
      expect(run.code).toBe(0);
      const stillUp = createDatabase({ url: databaseUrl, max: 1, statementTimeoutMs: 5_000 });
      await expect(stillUp.execute(sql`select 1`)).resolves.toBeDefined();
      await stillUp.$client.end();
    },
    2 * toolTimeoutMs,
  );

  it(
    'exits 0 on a clean ledger, and exits 1 printing NOT CLEAN once a balance is changed behind the triggers (seed too)',
    async () => {
      const environment = {
        EMBEDDED_POSTGRES_DIR: dataDirectory,
        EMBEDDED_POSTGRES_PORT: String(serverPort),
      };
      const database = createDatabase({ url: databaseUrl, max: 2, statementTimeoutMs: 10_000 });
      try {
        // given a buyer whose wallet was topped up through the ledger
        const buyerId = await insertUser(database, { displayName: 'Cli' });
        await withTransaction(database, (tx) =>
          new LedgerService().post(
            tx,
            topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 300, currency: 'EUR' }),
          ),
        );
        const clean = await runTool('ledger/ledger-verify.cli.ts', environment);
        expect(clean.stdout).toContain('ledger: clean');
        expect(clean.code).toBe(0);

        // when its cached balance is changed with the balance trigger disabled
        await database.execute(sql`alter table ledger_accounts disable trigger ledger_accounts_balance`);
        await database.execute(
          sql`update ledger_accounts set balance = 999 where owner_user_id = ${buyerId}`,
        );
        await database.execute(sql`alter table ledger_accounts enable trigger ledger_accounts_balance`);
        const tampered = await runTool('ledger/ledger-verify.cli.ts', environment);

        // then ledger:verify says so and fails, and so does the seed, which verifies the ledger last
        expect(tampered.stdout).toContain('balance mismatches:      1');
        expect(tampered.stdout).toContain('ledger: NOT CLEAN');
        expect(tampered.code).toBe(1);
        const seeded = await runTool('seed/seed.cli.ts', environment);
        expect(seeded.stdout).toContain('ledger:verify NOT CLEAN');
        expect(seeded.code).toBe(1);
      } finally {
        await database.$client.end();
      }
    },
    3 * toolTimeoutMs,
  );
});

describe('staff:create', () => {
  it(
    "opens an installation's first admin, who can sign in; refuses a taken email or a weak password with the reason and exit 1, and bad arguments with the usage and exit 2",
    async () => {
      // given a new installation's empty database
      const database = await createTestDatabase();
      const environment = { DATABASE_URL: database.url };
      const args = ['--email', 'first.admin@example.test', '--name', 'First Admin'];
      try {
        // when an operator opens the first admin, the password piped in
        const created = await runTool('auth/staff-create.cli.ts', environment, {
          args,
          input: 'a long enough admin password\n',
        });

        // then it says so and where to sign in, and the account is an admin's, audited with no actor
        expect(created.stderr).toBe('');
        expect(created.stdout).toContain('created ADMIN account first.admin@example.test');
        expect(created.stdout).toContain('/console/');
        expect(created.code).toBe(0);
        const query = createDatabase({ url: database.url, max: 1, statementTimeoutMs: 10_000 });
        try {
          const { rows } = await query.$client.query<{
            roles: string[];
            actor: string | null;
            action: string;
          }>(
            `select u.roles::text[] as roles, a.actor_user_id as actor, a.action
               from users u join audit_log a on a.subject_id = u.id::text
              where u.email_normalized = 'first.admin@example.test'`,
          );
          expect(rows).toEqual([{ roles: ['ADMIN'], actor: null, action: 'user.staff_created' }]);
        } finally {
          await query.$client.end();
        }
        // and the admin signs in with that password
        const app = await startTestAppOnDatabase(database.url);
        try {
          const signedIn = await logIn(
            new TestClient(app.baseUrl),
            'first.admin@example.test',
            'a long enough admin password',
          );
          expect(signedIn.data?.logIn.errors).toEqual([]);
        } finally {
          await app.close();
        }

        // when the same email is used again (beside a running API whose Stripe emulator holds the
        // STRIPE_EMULATOR_PORT of .env), or a short password
        const busyPort = net.createServer();
        await new Promise<void>((resolve) => busyPort.listen(0, '127.0.0.1', resolve));
        const taken = await runTool(
          'auth/staff-create.cli.ts',
          { ...environment, STRIPE_EMULATOR_PORT: String((busyPort.address() as net.AddressInfo).port) },
          { args, input: 'another long enough password\n' },
        ).finally(() => busyPort.close());
        const weak = await runTool('auth/staff-create.cli.ts', environment, {
          args: ['--email', 'second@example.test', '--name', 'Second', '--role', 'SUPPORT'],
          input: 'short\n',
        });
        // then each is refused with its reason
        expect(taken.stderr).toContain('refused (EMAIL_TAKEN)');
        expect(taken.code).toBe(1);
        expect(weak.stderr).toContain('refused (WEAK_PASSWORD)');
        expect(weak.code).toBe(1);

        // and arguments it cannot use are a usage error, before any database work
        const noName = await runTool('auth/staff-create.cli.ts', environment, {
          args: ['--email', 'x@example.test'],
          input: 'a long enough password\n',
        });
        const buyerRole = await runTool('auth/staff-create.cli.ts', environment, {
          args: [...args, '--role', 'BUYER'],
          input: 'a long enough password\n',
        });
        const noPassword = await runTool('auth/staff-create.cli.ts', environment, { args, input: '' });
        for (const [run, message] of [
          [noName, 'both --email and --name are needed'],
          [buyerRole, 'unknown staff role BUYER'],
          [noPassword, 'no password on standard input'],
        ] as const) {
          expect(run.stderr).toContain(message);
          expect(run.stderr).toContain('usage: npm run staff:create');
          expect(run.code).toBe(2);
        }
      } finally {
        await database.drop();
      }
    },
    8 * toolTimeoutMs,
  );
});

describe('payouts:reconcile', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      PLATFORM_FEE_BASIS_POINTS: '500',
      PAYOUT_HOLD_HOURS: '0',
      PAYOUT_MIN_WITHDRAWAL_AMOUNT: '500',
    });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  /** The command against the test app's database and its emulator, reached as another process's Stripe. */
  function reconcileCommand(env: Record<string, string> = {}): Promise<ToolRun> {
    const emulator = testApp.services.stripe.emulator!;
    return runTool('payouts/payouts-reconcile.cli.ts', {
      DATABASE_URL: testApp.config.database.url!,
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_URL: emulator.url,
      STRIPE_MAX_NETWORK_RETRIES: '0',
      ...env,
    });
  }

  it(
    'exits 0 when Stripe and the books agree, 1 listing the discrepancy once a transfer is made behind our back, and 2 saying why when it cannot run',
    async () => {
      // given books and a Stripe that agree: a seller paid through the real flow
      const { seller } = await onboardedSeller(testApp);
      await releasedOrders(testApp, seller, 2);
      fundPlatform(testApp, 10_000);
      const requested = await testApp.services.withdrawals.requestWithdrawal(seller.rawId, {
        amount: 1_900,
        currency: 'EUR',
        idempotencyKey: crypto.randomUUID(),
      });
      expect('withdrawal' in requested).toBe(true);
      await runPayoutJobs(testApp);
      const clean = await reconcileCommand();
      expect(clean.stdout).toContain('Stripe transfers checked: 1');
      expect(clean.stdout).toContain('payouts checked:          1');
      expect(clean.stdout).toContain(
        `Stripe:   the Stripe-compatible API at ${testApp.services.stripe.emulator!.url}`,
      );
      expect(clean.stdout).toContain('payouts: clean');
      expect(clean.code).toBe(0);

      // when money leaves the platform through Stripe with no payout of ours behind it
      const emulator = testApp.services.stripe.emulator!;
      const account = await testApp.services.stripe.createConnectedAccount({
        sellerId: crypto.randomUUID(),
        email: 'elsewhere@example.test',
        country: 'FR',
        idempotencyKey: crypto.randomUUID(),
      });
      emulator.updateAccount(account.id, 'complete');
      emulator.creditBalance('EUR', 10_000);
      const transfer = await testApp.services.stripe.client.transfers.create({
        amount: 2_500,
        currency: 'eur',
        destination: account.id,
      });
      const tampered = await reconcileCommand();

      // then the command names it and fails
      expect(tampered.stdout).toContain(
        `TRANSFER_WITHOUT_PAYOUT: Stripe transfer ${transfer.id} of 2500 EUR`,
      );
      expect(tampered.stdout).toContain('payouts: NOT CLEAN (1 discrepancy)');
      expect(tampered.stderr).not.toMatch(stackTraceLine);
      expect(tampered.code).toBe(1);

      // and when Stripe cannot be reached, or another run holds the lock, it says what to do and exits 2
      const unreachable = await reconcileCommand({ STRIPE_API_URL: `http://127.0.0.1:${await freePort()}` });
      expect(unreachable.stderr).toContain('payouts:reconcile could not run. Stripe failed:');
      expect(unreachable.stderr).toContain('check STRIPE_SECRET_KEY');
      expect(unreachable.stderr).not.toMatch(stackTraceLine);
      expect(unreachable.code).toBe(2);
      // and without STRIPE_SECRET_KEY (its own, empty emulator) it refuses rather than record every payout missing
      const runsBefore = await queryDatabase(
        testApp,
        'select count(*)::int as count from payout_reconciliations',
      );
      const ownEmulator = await runTool('payouts/payouts-reconcile.cli.ts', {
        DATABASE_URL: testApp.config.database.url!,
      });
      expect(ownEmulator.stderr).toContain(
        'without STRIPE_SECRET_KEY it would compare the books with a new, empty',
      );
      expect(ownEmulator.stderr).toContain('runPayoutReconciliation');
      expect(ownEmulator.stdout).not.toContain('PAYOUT_WITHOUT_TRANSFER');
      expect(ownEmulator.code).toBe(2);
      expect(
        await queryDatabase(testApp, 'select count(*)::int as count from payout_reconciliations'),
      ).toEqual(runsBefore);
      const holder = await testApp.database.$client.connect();
      try {
        await holder.query(`select pg_advisory_lock(hashtextextended('payouts:reconciliation', 0))`);
        const locked = await reconcileCommand();
        expect(locked.stderr).toContain('another reconciliation is running');
        expect(locked.code).toBe(2);
      } finally {
        await holder.query(`select pg_advisory_unlock(hashtextextended('payouts:reconciliation', 0))`);
        holder.release();
      }
    },
    5 * toolTimeoutMs,
  );
});

describe('seed and bench', () => {
  it(
    'exit 1 naming DATABASE_URL, without its password or a stack trace, when the database cannot be reached',
    async () => {
      // given a DATABASE_URL where nothing listens (localhost: both IPv6 and IPv4 refuse)
      const url = `postgres://codesale:hunter2-secret@localhost:${await freePort()}/codesale`;
      // when seed and bench start
      const runs = await Promise.all([
        runTool('seed/seed.cli.ts', { DATABASE_URL: url }),
        runTool('bench/checkout.bench.ts', { DATABASE_URL: url }, { args: ['--quick'] }),
        runTool('bench/payouts.bench.ts', { DATABASE_URL: url }, { args: ['--quick'] }),
      ]);
      // then each stops at once with one clear sentence
      for (const run of runs) {
        expect(run.stderr).toMatch(
          /DATABASE_URL postgres:\/\/codesale:\*\*\*@localhost:\d+\/codesale cannot be reached/,
        );
        expect(run.stderr).toContain('connection refused');
        expect(run.stderr).not.toContain('hunter2-secret');
        expect(run.stderr).not.toMatch(stackTraceLine);
        expect(run.code).toBe(1);
      }
    },
    2 * toolTimeoutMs,
  );
});

describe('npm run seed', () => {
  /** What the seed leaves, counted: a second run must leave exactly the same. */
  async function seededState(url: string): Promise<Record<string, unknown>> {
    const database = createDatabase({ url, max: 1, statementTimeoutMs: 10_000 });
    const counted = async (query: string) =>
      Object.fromEntries(
        (await database.$client.query<{ key: string; count: string }>(query)).rows.map((row) => [
          row.key,
          Number(row.count),
        ]),
      );
    try {
      return {
        rows: await counted(`
          select 'users' as key, count(*) from users union all
          select 'orders', count(*) from orders union all
          select 'ledger_transactions', count(*) from ledger_transactions union all
          select 'payout_orders', count(*) from payout_orders union all
          select 'stripe_events', count(*) from stripe_events`),
        payoutAccounts: await counted(
          `select status::text as key, count(*) from payout_accounts group by status`,
        ),
        payouts: await counted(
          `select state || coalesce(' ' || source || ' ' || failure_code, ' ' || source) as key, count(*) from payouts group by 1`,
        ),
        withdrawals: await counted(`select state::text as key, count(*) from withdrawals group by state`),
        queuedPayoutJobs: await counted(`
          select t.identifier as key, count(*) from graphile_worker._private_jobs j
            join graphile_worker._private_tasks t on t.id = j.task_id
           where t.identifier like 'payouts.%' group by t.identifier`),
      };
    } finally {
      await database.$client.end();
    }
  }

  it(
    'adds onboarded sellers with a paid, an in-transit and a failed payout and one open withdrawal, ends with ledger:verify clean, and a second run adds nothing',
    async () => {
      // given an empty database
      const database = await createTestDatabase();
      try {
        // when the seed runs, and runs again
        const seedTimeoutMs = 3 * toolTimeoutMs;
        const first = await runTool(
          'seed/seed.cli.ts',
          { DATABASE_URL: database.url },
          { timeoutMs: seedTimeoutMs },
        );
        const afterFirst = await seededState(database.url);
        const second = await runTool(
          'seed/seed.cli.ts',
          { DATABASE_URL: database.url },
          { timeoutMs: seedTimeoutMs },
        );
        const afterSecond = await seededState(database.url);

        // then the first run paid one withdrawal, failed one (the platform's balance was paid out),
        // left an automated payout in transit and one withdrawal open, with their jobs queued
        expect(first.stderr).toBe('');
        expect(first.stdout).toContain('ledger:verify clean');
        expect(first.code).toBe(0);
        expect(afterFirst).toMatchObject({
          payoutAccounts: { ENABLED: 2, RESTRICTED: 1 },
          payouts: {
            'PAID WITHDRAWAL': 1,
            'FAILED WITHDRAWAL balance_insufficient': 1,
            'PENDING SWEEP': 1,
          },
          withdrawals: { COMPLETED: 1, FAILED: 1, REQUESTED: 1 },
          queuedPayoutJobs: { 'payouts.transfer': 1, 'payouts.execute_withdrawal': 1 },
        });
        // and the second run kept all of it, ran none of those jobs, and verified the ledger again
        expect(second.stderr).toBe('');
        expect(second.stdout).toContain('payouts and withdrawals kept');
        expect(second.stdout).toContain('ledger:verify clean');
        expect(second.code).toBe(0);
        expect(afterSecond).toEqual(afterFirst);
      } finally {
        await database.drop();
      }
    },
    7 * toolTimeoutMs,
  );

  it(
    'beside a running API (npm start: its own Stripe emulator and job worker), funds buyers through that API, every top-up credited, and ends clean',
    async () => {
      // given an API running on the database with its job worker, as npm start runs it
      const database = await createTestDatabase();
      const running = await startTestAppOnDatabase(database.url);
      let runningClosed = false;
      try {
        await running.services.jobs.start();
        const port = new URL(running.baseUrl).port;
        // and a seller of its own with a listing on sale and an archived one, neither with an image
        const outsider = await newSeller(running);
        const onSale = await createListing(outsider, { price: 900, codes: 1 });
        const archived = await createListing(outsider, { price: 900, codes: 1 });
        const { listing } = await outsider.client.data<{ listing: { version: number } }>(
          'query ($id: ID!) { listing(id: $id) { version } }',
          { id: archived.listingId },
        );
        const archiving = await outsider.client.data<{ archiveListing: { errors: unknown[] } }>(
          'mutation ($input: ArchiveListingInput!) { archiveListing(input: $input) { errors { code } } }',
          { input: { listingId: archived.listingId, expectedVersion: listing.version } },
        );
        expect(archiving.archiveListing.errors).toEqual([]);

        // when the seed runs beside it
        const seeded = await runTool(
          'seed/seed.cli.ts',
          { DATABASE_URL: database.url, PORT: port },
          { timeoutMs: 3 * toolTimeoutMs },
        );

        // then every top-up was paid at the running API's emulator and credited by its worker
        expect(seeded.stderr).toBe('');
        expect(seeded.stdout).toContain('skipped: an API is running');
        expect(seeded.stdout).toContain('ledger:verify clean');
        expect(seeded.code).toBe(0);
        const topUps = await running.database.$client.query<{ status: string; count: string }>(
          'select status, count(*) from top_ups group by status',
        );
        expect(topUps.rows.map((row) => [row.status, Number(row.count)])).toEqual([
          ['SUCCEEDED', expect.any(Number)],
        ]);
        const refused = await running.database.$client.query(
          "select id, outcome from stripe_events where outcome like 'refused%'",
        );
        expect(refused.rows).toEqual([]);
        // and only the seed's own listings were given images
        const imaged = await running.database.$client.query<{ listing_id: string }>(
          'select listing_id from listing_images where listing_id = any($1::uuid[])',
          [[onSale.listingId, archived.listingId].map((id) => fromGlobalId(id, 'Listing'))],
        );
        expect(imaged.rows).toEqual([]);

        // and when the API stops, a demo seller archives their dearest listing, and the seed runs
        // again (now with the payout demo, which buys from that seller)
        await running.close();
        runningClosed = true;
        const archiver = createDatabase({ url: database.url, max: 1, statementTimeoutMs: 10_000 });
        try {
          const archived = await archiver.$client.query(
            `update listings set status = 'ARCHIVED', archived_at = now() where id = (
               select l.id from listings l join users u on u.id = l.seller_id
                where u.email = 'seller@codesale.test' order by l.price_amount desc limit 1)`,
          );
          expect(archived.rowCount).toBe(1);
        } finally {
          await archiver.$client.end();
        }
        const again = await runTool(
          'seed/seed.cli.ts',
          { DATABASE_URL: database.url },
          { timeoutMs: 3 * toolTimeoutMs },
        );

        // then it passes the archived listing over and ends clean
        expect(again.stderr).toBe('');
        expect(again.stdout).toContain('ledger:verify clean');
        expect(again.code).toBe(0);
      } finally {
        if (!runningClosed) await running.close();
        await database.drop();
      }
    },
    7 * toolTimeoutMs,
  );
});

describe('configuration errors', () => {
  it(
    'are listed all at once, each naming its variable, without a stack trace, and the tool exits 1',
    async () => {
      // given several invalid or missing variables in production
      const run = await runTool('db/migrate.cli.ts', {
        NODE_ENV: 'production',
        PORT: 'eighty',
        JWT_SECRET: 'too-short',
        ATTACHMENT_STORAGE: 'ftp',
        DATABASE_URL: 'postgres://codesale:codesale@127.0.0.1:1/codesale',
      });
      // then every one is named in one report
      for (const variable of [
        'PORT',
        'JWT_SECRET',
        'ATTACHMENT_STORAGE',
        'ATTACHMENT_SIGNING_KEY',
        'CODE_ENCRYPTION_KEYS',
        'FINGERPRINT_KEY',
        'STRIPE_SECRET_KEY',
      ]) {
        expect(run.stderr).toMatch(new RegExp(`^  - ${variable}\\b`, 'm'));
      }
      expect(run.stderr).toContain(
        `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
      );
      expect(run.stderr).not.toMatch(stackTraceLine);
      expect(run.code).toBe(1);
    },
    toolTimeoutMs,
  );

  it(
    'name PORT when another program holds the port the API should listen on',
    async () => {
      // given a port held by another program, and a database to boot on
      const held = await holdPort();
      const database = await createTestDatabase();
      try {
        // when the API starts on that port
        const run = await runTool('main.ts', {
          DATABASE_URL: database.url,
          HOST: '127.0.0.1',
          PORT: String(held.port),
          JOBS_WORKER_ENABLED: 'false',
        });
        // then it says which port is taken and which variable moves it
        expect(run.stderr).toContain(`PORT ${held.port}: the port is already in use by another program`);
        expect(run.stderr).not.toMatch(stackTraceLine);
        expect(run.code).toBe(1);
      } finally {
        await held.release();
        await database.drop();
      }
    },
    toolTimeoutMs,
  );

  it(
    'name EMBEDDED_POSTGRES_PORT when another program holds the port the embedded database should use',
    async () => {
      // given a port held by another program and a data folder with no server running
      const held = await holdPort();
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-cli-port-'));
      fs.chmodSync(directory, 0o755);
      try {
        // when a tool starts the embedded database on that port
        const run = await runTool('ledger/ledger-verify.cli.ts', {
          EMBEDDED_POSTGRES_DIR: path.join(directory, 'data'),
          EMBEDDED_POSTGRES_PORT: String(held.port),
        });
        // then it names the port and the variable, and exits 1
        expect(run.stderr).toContain(
          `EMBEDDED_POSTGRES_PORT ${held.port} is already in use by another program`,
        );
        expect(run.stderr).not.toMatch(stackTraceLine);
        expect(run.code).toBe(1);
      } finally {
        await held.release();
        fs.rmSync(directory, { recursive: true, force: true });
      }
    },
    toolTimeoutMs,
  );
});

describe('the Node.js version check', () => {
  /** main.ts and every command-line tool: the entry points a user runs. */
  function entryPoints(): string[] {
    const sources = fs.readdirSync(path.join(serverRoot, 'src'), { recursive: true, encoding: 'utf8' });
    return sources
      .filter((file) => file === 'main.ts' || /\.(cli|bench)\.ts$/.test(file))
      .map((file) => file.split(path.sep).join('/'))
      .sort();
  }

  it('is the first import of every entry point, before anything else loads', () => {
    const entries = entryPoints();
    expect(entries).toEqual(
      expect.arrayContaining(['main.ts', 'ledger/ledger-verify.cli.ts', 'seed/seed.cli.ts']),
    );
    for (const entry of entries) {
      const source = fs.readFileSync(path.join(serverRoot, 'src', entry), 'utf8');
      const firstImport = /^import .*$/m.exec(source)?.[0];
      expect({ entry, firstImport }).toEqual({
        entry,
        firstImport: expect.stringMatching(/^import '(\.\/|\.\.\/)tools\/node-version\.guard';$/),
      });
    }
  });

  it(
    'makes every entry point refuse an older Node.js, naming the version it needs and how to install it',
    async () => {
      // given a Node.js that reports version 20
      const engines = JSON.parse(fs.readFileSync(path.join(serverRoot, 'package.json'), 'utf8')).engines
        .node as string;
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-old-node-'));
      const preload = path.join(directory, 'pretend-node-20.js');
      try {
        fs.writeFileSync(
          preload,
          `Object.defineProperty(process, 'version', { value: 'v20.11.1' });\n` +
            `Object.defineProperty(process.versions, 'node', { value: '20.11.1' });\n`,
        );
        // when each entry point starts (with a configuration that would fail later, were it reached)
        const runs = await Promise.all(
          entryPoints().map(async (entry) => ({
            entry,
            run: await runTool(
              entry,
              { PORT: 'not-a-port', DATABASE_URL: 'postgres://codesale:codesale@127.0.0.1:1/codesale' },
              { preload, args: ['check'] },
            ),
          })),
        );
        // then each says what it needs and stops before reading its configuration
        for (const { entry, run } of runs) {
          expect({ entry, stderr: run.stderr }).toEqual({
            entry,
            stderr: expect.stringContaining(
              `CodeSale needs Node.js ${engines.replace('>=', '')} or newer (24 LTS recommended); this is Node.js 20.11.1`,
            ),
          });
          expect(run.stderr).toContain('nvm install 24');
          expect(run.stderr).not.toContain('Configuration error');
          expect(run.code).toBe(1);
        }
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    },
    2 * toolTimeoutMs,
  );
});
