import './tools/node-version.guard';
import 'reflect-metadata';
import { buildApp } from './app';
import { consoleIsBuilt, consoleNotBuiltHint } from './http/console.route';
import { loadConfig } from './config';
import { connectDatabaseServer } from './db/connect';
import { migrate } from './db/migrate';
import { createDatabase, logConnectionError } from './db/pool';
import { createLogger } from './logger';
import { defaultTransactionRetries } from './db/transaction';
import { closeServices, createServices } from './services';
import { shutdownStep } from './shared/shutdown-step';
import { exitAfterStartupFailure, explainPortTaken } from './tools/cli';
import { noteRunningApi } from './tools/running-api';

/** Boot: config -> database -> migrations -> services -> app -> listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  defaultTransactionRetries.value = config.database.transactionRetries;

  const databaseServer = await connectDatabaseServer(config);
  if (databaseServer.embedded)
    log.info({ directory: config.database.embeddedDirectory }, 'embedded PostgreSQL started');
  const migrations = await migrate(databaseServer.url, config.migrationsDirectory, (name) =>
    log.info({ migration: name }, 'migration applied'),
  );
  log.info(
    { applied: migrations.applied.length, alreadyApplied: migrations.alreadyApplied },
    'database migrated',
  );

  const database = createDatabase({
    url: databaseServer.url,
    max: config.database.poolMax,
    statementTimeoutMs: config.database.statementTimeoutMs,
    onIdleClientError: (error) => logConnectionError(log, error, 'idle database client lost its connection'),
  });
  // The only port createServices listens on is the Stripe emulator's.
  const services = await createServices(config, database, databaseServer.url, log).catch((error: unknown) => {
    throw explainPortTaken(error, 'STRIPE_EMULATOR_PORT');
  });
  const app = await buildApp(services);
  await app.fastify.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
    throw explainPortTaken(error, 'PORT');
  });
  const address = app.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // `npm run seed` and `npm run staff:create` on this database find this API by it.
  const forgetRunningApi = noteRunningApi(config, port);
  if (config.jobs.workerEnabled) {
    await services.jobs.start();
    log.info({ concurrency: config.jobs.concurrency }, 'job worker started');
  }
  console.log(
    `CodeSale API ready at http://localhost:${port}/graphql (subscriptions: ws://localhost:${port}/graphql)`,
  );
  if (config.graphql.ide) console.log(`GraphQL IDE: open http://localhost:${port}/graphql in a browser`);
  if (consoleIsBuilt(config)) console.log(`CodeSale console at http://localhost:${port}/console/`);
  else log.warn({ directory: config.console.distDirectory }, consoleNotBuiltHint);
  const emulator = services.stripe.emulator;
  if (emulator) {
    // Everything an outside tool needs to drive the emulator and verify its webhooks (docs/API.md).
    console.log(
      [
        `Stripe emulator at ${emulator.url} (no STRIPE_SECRET_KEY; controls in docs/API.md)`,
        `  secret key:      ${emulator.secretKey}`,
        `  publishable key: ${emulator.publishableKey}`,
        `  webhook secret:  ${emulator.webhookSecret}`,
      ].join('\n'),
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining HTTP and WebSocket connections');
    // A start meanwhile waits for this one to stop the database it runs, instead of attaching to it.
    databaseServer.stopping();
    forgetRunningApi();
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    timer.unref();
    try {
      // A step that hangs is named before the shutdown times out.
      const watch = {
        afterMs: Math.max(1_000, config.http.shutdownTimeoutMs / 2),
        onSlow: (step: string) => log.warn({ step }, 'shutdown: a step is still running'),
      };
      await shutdownStep('the app (HTTP and WebSocket)', () => app.close(), watch);
      await closeServices(services, watch);
      await shutdownStep('the embedded database', () => databaseServer.stop(), watch);
      log.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch(exitAfterStartupFailure);
