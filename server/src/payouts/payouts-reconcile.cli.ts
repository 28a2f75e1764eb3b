import '../tools/node-version.guard';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config';
import { connectDatabaseServer, withoutPassword } from '../db/connect';
import { migrate } from '../db/migrate';
import { createDatabase } from '../db/pool';
import { createStripeGateway } from '../stripe/stripe.gateway';
import { runCli } from '../tools/cli';
import {
  describeStripeApi,
  PayoutReconciliationLimitError,
  PayoutReconciliationService,
  type PayoutReconciliationRun,
} from './payout-reconciliation.service';

/**
 * `npm run payouts:reconcile`: compares Stripe's transfers with the payouts table and the ledger,
 * records the run (the last one is shown to admins) and prints it.
 *
 * Exit codes: 0 clean; 1 discrepancies found; 2 it could not run (nothing was compared, and the
 * message says what to do). (A Node.js too old stops every command before it starts, with 1.)
 */
const exitCouldNotRun = 2;
/** Discrepancies printed; the stored report keeps the first 1,000, and the count is the total. */
const maxPrintedDiscrepancies = 50;
/** Progress on stderr every this many transfers read. */
const progressEveryTransfers = 1_000;

async function main(): Promise<number> {
  try {
    return await reconcile();
  } catch (error) {
    console.error(`payouts:reconcile could not run. ${explain(error)}`);
    return exitCouldNotRun;
  }
}

async function reconcile(): Promise<number> {
  const config = loadConfig();
  if (config.stripe.emulator) {
    // Its own emulator would be empty (a running server's emulator keeps its transfers in that
    // process): every PAID payout would be recorded as a discrepancy, and admins would see that run.
    console.error(
      'payouts:reconcile could not run: without STRIPE_SECRET_KEY it would compare the books with a new, empty\n' +
        "Stripe emulator, and record every paid payout as missing at Stripe. A running server's emulator is\n" +
        'reconciled by that server: the scheduled payouts.reconcile job, or the admin mutation runPayoutReconciliation\n' +
        '(the console: Payouts, Run reconciliation now). Run this command with STRIPE_SECRET_KEY (Stripe, or STRIPE_API_URL\n' +
        'for another Stripe-compatible API). Nothing was compared or recorded.',
    );
    return exitCouldNotRun;
  }
  const server = await connectDatabaseServer(config);
  const database = createDatabase({ url: server.url, max: 3, statementTimeoutMs: 600_000 });
  const log = pino({ level: 'warn' }, pino.destination(2));
  const stripe = await createStripeGateway(config, log).catch(async (error: unknown) => {
    await database.$client.end();
    await server.stop();
    throw error;
  });
  try {
    await migrate(server.url, config.migrationsDirectory);
    const stripeApi = describeStripeApi(config.stripe);
    console.log('payouts:reconcile: Stripe transfers against the payouts table and the ledger');
    console.log(`  Stripe:   ${stripeApi}`);
    console.log(
      `  database: ${server.embedded ? `the embedded PostgreSQL (data in ${config.database.embeddedDirectory})` : withoutPassword(server.url)}`,
    );
    const service = new PayoutReconciliationService(database, stripe, config.payouts, stripeApi);
    let reported = 0;
    const result = await service.reconcile({
      trigger: 'COMMAND',
      onProgress: ({ transfersRead }) => {
        if (transfersRead - reported < progressEveryTransfers) return;
        reported = transfersRead;
        process.stderr.write(`  read ${transfersRead} transfers...\n`);
      },
    });
    if (result.outcome === 'ALREADY_RUNNING') {
      console.error(
        'payouts:reconcile could not run: another reconciliation is running (the scheduled job, an admin, ' +
          'or another payouts:reconcile). Wait for it to finish, then read its report (GraphQL payoutReconciliation) or run this again.',
      );
      return exitCouldNotRun;
    }
    printReport(result.run);
    return result.run.discrepancyCount === 0 ? 0 : 1;
  } finally {
    await stripe.close();
    await database.$client.end();
    await server.stop();
  }
}

function printReport(run: PayoutReconciliationRun): void {
  console.log(`  Stripe transfers checked: ${run.transfersChecked}`);
  console.log(`  payouts checked:          ${run.payoutsChecked}`);
  console.log(`  discrepancies:            ${run.discrepancyCount}`);
  const byKind = new Map<string, number>();
  for (const discrepancy of run.discrepancies)
    byKind.set(discrepancy.kind, (byKind.get(discrepancy.kind) ?? 0) + 1);
  for (const [kind, count] of byKind) console.log(`    ${kind.padEnd(24)} ${count}`);
  for (const discrepancy of run.discrepancies.slice(0, maxPrintedDiscrepancies))
    console.log(`  ${discrepancy.kind}: ${discrepancy.message}`);
  const unprinted = run.discrepancyCount - Math.min(run.discrepancies.length, maxPrintedDiscrepancies);
  if (unprinted > 0)
    console.log(`  ... and ${unprinted} more (the first 1,000 are in GraphQL payoutReconciliation)`);
  console.log(`  run ${run.id} recorded; took ${run.finishedAt.getTime() - run.startedAt.getTime()} ms`);
  console.log(
    run.discrepancyCount === 0
      ? 'payouts: clean'
      : `payouts: NOT CLEAN (${run.discrepancyCount} ${run.discrepancyCount === 1 ? 'discrepancy' : 'discrepancies'})`,
  );
}

/** What went wrong, and what to do about it. A bug keeps its stack trace. */
function explain(error: unknown): string {
  if (error instanceof ConfigError || error instanceof PayoutReconciliationLimitError) return error.message;
  if (error instanceof Error && error.name.startsWith('Stripe')) {
    return (
      `Stripe failed: ${error.message} ` +
      '(check STRIPE_SECRET_KEY, and STRIPE_API_URL if set, and that Stripe can be reached; then run this again)'
    );
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

runCli(main);
