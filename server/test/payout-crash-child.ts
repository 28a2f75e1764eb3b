import pino from 'pino';
import { loadConfig } from '../src/config';
import { createDatabase } from '../src/db/pool';
import type { PayoutPhasePoint } from '../src/payouts/payout.service';
import { createServices } from '../src/services';

/**
 * A payout worker that dies for real: the crash tests run it as a separate process against the
 * test's database and the test's Stripe emulator (STRIPE_API_URL), and it kills itself with
 * SIGKILL at PAYOUT_CRASH_AT (after PAYOUT_CRASH_DELAY_MS, to die inside a slow Stripe call).
 * No code is skipped: the process stops where a power cut would stop it, and PostgreSQL rolls
 * back whatever transaction it had open when its connection went away.
 *
 *   PAYOUT_CRASH_ACTION  execute:<withdrawal id> (phase 1, then 2 and 3) | transfer:<payout id> (phases 2 and 3)
 */
async function main(): Promise<void> {
  const crashAt = process.env['PAYOUT_CRASH_AT'] as PayoutPhasePoint | undefined;
  const delayMs = Number(process.env['PAYOUT_CRASH_DELAY_MS'] ?? '0');
  const [action, id] = (process.env['PAYOUT_CRASH_ACTION'] ?? '').split(':');
  const url = process.env['DATABASE_URL']!;
  const config = loadConfig(process.env);
  const database = createDatabase({ url, max: 4, statementTimeoutMs: 30_000 });
  const log = pino({ level: 'silent' });
  const services = await createServices(config, database, url, log, {
    payouts: {
      onPhase: (point) => {
        if (point !== crashAt) return;
        process.stdout.write(`crashing at ${point}\n`);
        if (delayMs > 0) {
          setTimeout(() => process.kill(process.pid, 'SIGKILL'), delayMs);
          return;
        }
        process.kill(process.pid, 'SIGKILL');
        // SIGKILL is delivered at once; nothing after this line runs.
        return new Promise<void>(() => undefined);
      },
    },
  });
  if (action === 'execute') {
    const outcome = await services.withdrawalExecution.executeWithdrawal(id!);
    if (outcome.outcome === 'INITIATED') await services.payouts.transfer(outcome.payout.id);
  } else if (action === 'transfer') {
    await services.payouts.transfer(id!);
  } else {
    throw new Error(`unknown PAYOUT_CRASH_ACTION ${String(action)}`);
  }
  process.stdout.write('finished without crashing\n');
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(3);
});
