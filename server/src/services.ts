import type { Logger } from 'pino';
import { ApiKeyService } from './auth/api-keys.service';
import { AuthService } from './auth/auth.service';
import { createPasswordHasher } from './auth/passwords';
import { CatalogService } from './catalog/catalog.service';
import { accountRefusal, CheckoutService } from './checkout/checkout.service';
import { DeliveryService } from './checkout/delivery.service';
import { EscrowService } from './checkout/escrow.service';
import { registerEscrowTasks, scheduleAutoRelease } from './checkout/escrow.jobs';
import type { Config } from './config';
import type { Database } from './db/pool';
import { AttachmentService } from './disputes/attachments.service';
import { DecisionService } from './disputes/decisions.service';
import { DisputeService } from './disputes/disputes.service';
import { collectPartyHistory } from './disputes/party-history';
import { PostgresPubSub } from './events/pubsub';
import { JobQueue } from './jobs/queue';
import { LedgerService } from './ledger/ledger.service';
import { enqueueRiskRecompute } from './risk/risk.jobs';
import { RiskService } from './risk/risk.service';
import { createAttachmentStorage, type AttachmentStorage } from './storage/attachment-storage';
import { createStripeGateway, type StripeGateway } from './stripe/stripe.gateway';
import { StripeEventService } from './wallet/stripe-events.service';
import { WalletService } from './wallet/wallet.service';

/** The service graph, built once per process. Each service is the only writer of its area's tables. */
export interface Services {
  config: Config;
  database: Database;
  pubsub: PostgresPubSub;
  log: Logger;
  auth: AuthService;
  apiKeys: ApiKeyService;
  catalog: CatalogService;
  /** The job queue (graphile-worker): enqueue inside a transaction; areas register their tasks here. */
  jobs: JobQueue;
  /** The only way to Stripe (the real API, or the in-process emulator in development and tests). */
  stripe: StripeGateway;
  ledger: LedgerService;
  wallet: WalletService;
  stripeEvents: StripeEventService;
  checkout: CheckoutService;
  escrow: EscrowService;
  delivery: DeliveryService;
  /** The dispute lifecycle; never moves money. */
  disputes: DisputeService;
  /** Admin refund and release: the money side of a dispute decision. */
  decisions: DecisionService;
  /** Dispute evidence files (local disk or S3). */
  attachments: AttachmentService;
  attachmentStorage: AttachmentStorage;
  /** Risk scores and tiers, and the enforcement checks the other areas call. */
  risk: RiskService;
}

export async function createServices(
  config: Config,
  database: Database,
  databaseUrl: string,
  log: Logger,
): Promise<Services> {
  const pubsub = new PostgresPubSub(databaseUrl, (error) =>
    log.error({ err: error }, 'pubsub listener error'),
  );
  await pubsub.start();
  const hasher = createPasswordHasher({
    memoryCostKib: config.auth.passwordHashMemoryKib,
    concurrency: config.auth.passwordHashConcurrency,
    queueLength: config.auth.passwordHashQueueLength,
  });
  const jobs = new JobQueue({
    pool: database.$client,
    log: log.child({ area: 'jobs' }),
    concurrency: config.jobs.concurrency,
    pollIntervalMs: config.jobs.pollIntervalMs,
    defaultMaxAttempts: config.jobs.maxAttempts,
  });
  const stripe = await createStripeGateway(config, log.child({ area: 'stripe' }));
  const ledger = new LedgerService();
  // Each needs the other: logins ask the risk tier, and a ban revokes sessions through auth.
  const auth = new AuthService(database, config, hasher, pubsub, (tx, userId) =>
    risk.loginRefusal(tx, userId),
  );
  const risk: RiskService = new RiskService(database, config.risk, collectPartyHistory, auth);
  risk.registerTasks(jobs);
  const wallet = new WalletService(database, config, ledger, stripe, (tx, buyerId) =>
    risk.bannedRefusal(tx, buyerId),
  );
  const stripeEvents = new StripeEventService(database, jobs, wallet, log.child({ area: 'wallet' }));
  stripeEvents.registerTasks(jobs);
  const catalog = new CatalogService(database, config.catalog, log.child({ area: 'catalog' }), (tx, userId) =>
    risk.bannedRefusal(tx, userId),
  );
  const escrow = new EscrowService(ledger, config.escrow.payoutHoldHours);
  const checkout = new CheckoutService(
    database,
    ledger,
    catalog,
    {
      buyerRefusal: async (tx, buyerId) =>
        (await accountRefusal(tx, buyerId)) ?? (await risk.buyerRefusal(tx, buyerId)),
      walletRefusal: async (tx, buyerId, currency) =>
        (await wallet.assertCanPurchase(tx, buyerId, currency)).allowed ? null : 'WALLET_AT_RISK',
    },
    config.escrow,
    async (tx, order) => {
      await scheduleAutoRelease(tx, order);
      await enqueueRiskRecompute(tx, order.buyerId, 'ORDER_PLACED');
    },
  );
  const disputes = new DisputeService(database, pubsub, jobs, config.disputes, {
    openDisputeLimit: async (tx, buyerId) =>
      Math.min(config.disputes.maxOpenDisputesPerBuyer, await risk.openDisputeLimit(tx, buyerId)),
    partyRisk: (input) => risk.partyRisk(input),
  });
  disputes.registerTasks(jobs);
  const decisions = new DecisionService(database, escrow, disputes);
  const attachmentStorage = createAttachmentStorage(config.attachments);
  const attachments = new AttachmentService(
    database,
    attachmentStorage,
    config.attachments,
    config.publicUrl,
  );
  const delivery = new DeliveryService(database, escrow, catalog, (tx, orderId) =>
    disputes.hasOpenDispute(tx, orderId),
  );
  registerEscrowTasks(jobs, delivery);
  return {
    config,
    database,
    pubsub,
    log,
    auth,
    apiKeys: new ApiKeyService(database, config, pubsub),
    catalog,
    jobs,
    stripe,
    ledger,
    wallet,
    stripeEvents,
    checkout,
    escrow,
    delivery,
    disputes,
    decisions,
    attachments,
    attachmentStorage,
    risk,
  };
}

export async function closeServices(services: Services): Promise<void> {
  await services.jobs.stop();
  await services.stripe.close();
  await services.attachmentStorage.close();
  await services.pubsub.close();
  await services.database.$client.end();
}
