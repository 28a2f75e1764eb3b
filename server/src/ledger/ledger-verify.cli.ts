import '../tools/node-version.guard';
import 'reflect-metadata';
import { loadConfig } from '../config';
import { connectDatabaseServer } from '../db/connect';
import { migrate } from '../db/migrate';
import { createDatabase } from '../db/pool';
import { verifyEscrowMirrors } from '../checkout/escrow-mirror';
import { runCli } from '../tools/cli';
import { ledgerIsClean, verifyLedger } from './ledger.service';

/** `npm run ledger:verify`: recomputes every balance from the entries; exits 1 on any mismatch. */
async function main(): Promise<number> {
  const config = loadConfig();
  const server = await connectDatabaseServer(config);
  await migrate(server.url, config.migrationsDirectory);
  const database = createDatabase({ url: server.url, max: 2, statementTimeoutMs: 600_000 });
  try {
    const report = await verifyLedger(database);
    console.log(
      `ledger: ${report.accounts} accounts, ${report.transactions} transactions, ${report.entries} entries`,
    );
    console.log(`  balance mismatches:      ${report.balanceMismatches.length}`);
    console.log(`  unbalanced transactions: ${report.unbalancedTransactions.length}`);
    console.log(`  running-balance breaks:  ${report.runningBalanceBreaks}`);
    for (const mismatch of report.balanceMismatches.slice(0, 20)) console.log('  mismatch', mismatch);
    for (const unbalanced of report.unbalancedTransactions.slice(0, 20))
      console.log('  unbalanced', unbalanced);
    const mirrors = await verifyEscrowMirrors(database);
    console.log(
      `  order escrow mirrors:    ${mirrors.mismatches.length} of ${mirrors.orders} orders disagree with the ledger`,
    );
    for (const mismatch of mirrors.mismatches.slice(0, 20)) console.log('  mirror', mismatch);
    const clean = ledgerIsClean(report) && mirrors.mismatches.length === 0;
    console.log(clean ? 'ledger: clean' : 'ledger: NOT CLEAN');
    return clean ? 0 : 1;
  } finally {
    await database.$client.end();
    await server.stop();
  }
}

runCli(main);
