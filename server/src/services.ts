import type { Logger } from 'pino';
import { ApiKeyService } from './auth/api-keys.service';
import { AuthService } from './auth/auth.service';
import { PasswordResetService } from './auth/password-reset.service';
import { createPasswordHasher, type PasswordHasher } from './auth/passwords';
import { registerRateLimitTasks } from './auth/rate-limit';
import { CatalogService } from './catalog/catalog.service';
import { ListingImageService } from './catalog/listing-images.service';
import { CheckoutService } from './checkout/checkout.service';
import { DeliveryService } from './checkout/delivery.service';
import { EscrowService } from './checkout/escrow.service';
import { registerEscrowTasks } from './checkout/escrow.jobs';
import { purchaseEffects } from './checkout/purchase-guards';
import { purchaseStatements } from './checkout/purchase-statements';
import type { Config } from './config';
import type { Database } from './db/pool';
import type { Tx } from './db/transaction';
import { AttachmentService } from './disputes/attachments.service';
import { DecisionService } from './disputes/decisions.service';
import { openDisputeLimitByRisk } from './disputes/dispute-limits';
import { DisputeQueries } from './disputes/disputes.queries';
import { DisputeService } from './disputes/disputes.service';
import { collectPartyHistory } from './disputes/party-history';
import { latestDisputesOfOrders } from './disputes/disputes.queries';
import { PostgresPubSub } from './events/pubsub';
import {
  moneyChangedChannel,
  moneyInvariantsRefreshMs,
  MoneyInvariantsService,
  type MoneyInvariantsSnapshot,
} from './invariants/money-invariants.service';
import { SnapshotFeed } from './invariants/snapshot-feed';
import { JobQueue } from './jobs/queue';
import { LedgerService } from './ledger/ledger.service';
import { PayoutEligibilityService } from './payouts/payout-eligibility.service';
import { registerPayoutReconciliationTasks } from './payouts/payout-reconciliation.jobs';
import { describeStripeApi, PayoutReconciliationService } from './payouts/payout-reconciliation.service';
import { PayoutService, type PayoutServiceOptions } from './payouts/payout.service';
import { registerPayoutTasks } from './payouts/payouts.jobs';
import { usersByIds } from './auth/auth.queries';
import { responseRequestedMail } from './disputes/dispute-mail';
import { toGlobalId } from './shared/global-id';
import { WithdrawalDomainService } from './payouts/withdrawal-domain.service';
import { WithdrawalExecutionService } from './payouts/withdrawal-execution.service';
import { PayoutAccountService } from './payouts/payout-accounts.service';
import { RiskEnforcementService } from './risk/risk-enforcement.service';
import { RiskOverrideService } from './risk/risk-overrides.service';
import { RiskService } from './risk/risk.service';
import { logSerializers } from './shared/log-redaction';
import type { AttachmentStorage } from './storage/attachment-storage';
import { createAttachmentStorage, createListingImageStorage } from './storage/create-attachment-storage';
import { ImageKitClient } from './storage/imagekit.client';
import { createStripeGateway, type StripeGateway } from './stripe/stripe.gateway';
import { ChargebackWriteOffService } from './wallet/chargeback-write-off.service';
import { ChargebackService } from './wallet/chargeback.service';
import { StripeEventService } from './wallet/stripe-events.service';
import { TopUpService } from './wallet/top-up.service';
import { WalletService } from './wallet/wallet.service';
import { shutdownStep, type SlowStepWatch } from './shared/shutdown-step';
import { ReplayBudget } from './graphql/replay-budget';
import { createMailer, type Mailer } from './mail/mailer';

/** The service graph, built once per process. Each service is the only writer of its area's tables. */
export interface Services {
  config: Config;
  database: Database;
  pubsub: PostgresPubSub;
  /** Missed events resumed subscriptions may replay, per user or address (this instance's). */
  replayBudget: ReplayBudget;
  log: Logger;
  /** argon2 password work, in slots shared out by client address. */
  passwordHasher: PasswordHasher;
  auth: AuthService;
  /** Mails (SMTP, the log in development, or none), sent apart from the request that asks. */
  mailer: Mailer;
  /** Password reset by a link mailed to the account's address. */
  passwordReset: PasswordResetService;
  apiKeys: ApiKeyService;
  catalog: CatalogService;
  /** Listing image uploads, their URLs and the local driver's variants (setListingImages is the catalog's). */
  listingImages: ListingImageService;
  /** Where the local driver keeps listing images' normalised originals (local disk or S3). */
  listingImageStorage: AttachmentStorage;
  /** The job queue (graphile-worker): enqueue inside a transaction; areas register their tasks here. */
  jobs: JobQueue;
  /** The only way to Stripe (the real API, or the in-process emulator in development and tests). */
  stripe: StripeGateway;
  ledger: LedgerService;
  /** Wallet status: purchase checks, flags, balances. */
  wallet: WalletService;
  /** Card top-ups: the only path for money in. */
  topUps: TopUpService;
  /** Stripe disputes of top-ups: take the money back and flag the wallet. */
  chargebacks: ChargebackService;
  /** Admin write-offs of lost chargebacks' wallet deficits. */
  chargebackWriteOffs: ChargebackWriteOffService;
  stripeEvents: StripeEventService;
  checkout: CheckoutService;
  escrow: EscrowService;
  delivery: DeliveryService;
  /** The dispute lifecycle; never moves money. */
  disputes: DisputeService;
  /** The disputes area's reads: queue, timelines, conversations, evidence. */
  disputeQueries: DisputeQueries;
  /** Admin refund and release: the money side of a dispute decision. */
  decisions: DecisionService;
  /** Dispute evidence files (local disk or S3). */
  attachments: AttachmentService;
  attachmentStorage: AttachmentStorage;
  /** Risk scores and tiers: the recompute requests' drain and the override expiry job. */
  risk: RiskService;
  /** The risk checks the other areas call inside their transactions (banned, buyer blocked, payouts held, dispute limit). */
  riskEnforcement: RiskEnforcementService;
  /** Admin overrides of a risk tier. */
  riskOverrides: RiskOverrideService;
  /** Which orders may be paid out, per order and seller; admin payout holds. */
  payoutEligibility: PayoutEligibilityService;
  /** Seller withdrawal requests and cancellations. */
  withdrawals: WithdrawalDomainService;
  /** Withdrawals and automated sweeps mapped onto eligible orders (FIFO), handed to PayoutService. */
  withdrawalExecution: WithdrawalExecutionService;
  /** The only code that moves money to sellers through Stripe (three phases). */
  payouts: PayoutService;
  /** Sellers' Stripe Connect accounts (the KYC gate) and their bank payouts. */
  payoutAccounts: PayoutAccountService;
  /** Stripe's transfers against the payouts and the ledger: the scheduled job, the command, admins. */
  payoutReconciliation: PayoutReconciliationService;
  /** The admins' money invariant panel: one snapshot per burst of money changes, shared by every admin. */
  moneyInvariantsFeed: SnapshotFeed<MoneyInvariantsSnapshot>;
}

/** Test seams of createServices: observers, never replacements of a service. */
export interface ServiceOptions {
  payouts?: PayoutServiceOptions;
}

export async function createServices(
  config: Config,
  database: Database,
  databaseUrl: string,
  log: Logger,
  options: ServiceOptions = {},
): Promise<Services> {
  // Every log line of the services and the app (Fastify's included) drops query parameters and
  // PostgreSQL's quoted values from errors, whichever logger the caller built.
  log = log.child({}, { serializers: logSerializers });
  const pubsub = new PostgresPubSub(databaseUrl, (error) =>
    log.error({ err: error }, 'pubsub listener error'),
  );
  await pubsub.start();
  const hasher = createPasswordHasher({
    memoryCostKib: config.auth.passwordHashMemoryKib,
    concurrency: config.auth.passwordHashConcurrency,
    queueLength: config.auth.passwordHashQueueLength,
    perAddress: config.auth.passwordHashPerAddress,
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
  const riskEnforcement = new RiskEnforcementService(config.risk);
  const apiKeys = new ApiKeyService(database, config, pubsub);
  const auth = new AuthService(
    database,
    config,
    hasher,
    pubsub,
    (tx, userId) => riskEnforcement.loginRefusal(tx, userId),
    apiKeys,
    // Disabling a staff account returns its open disputes to the queue, in the same transaction.
    async (tx, staffUserId, adminUserId) =>
      (await disputes.returnAssignedToQueue(tx, staffUserId, { userId: adminUserId })).length,
  );
  const mailer = createMailer(config.mail, log.child({ area: 'mail' }));
  const passwordReset = new PasswordResetService(database, config, hasher, mailer, auth);
  const payoutEligibility = new PayoutEligibilityService(database);
  // A buyer's wallet put on hold (a chargeback) or lifted re-derives the payout state of what
  // they bought, in the same transaction: a seller is not paid with money that may go back.
  const wallet = new WalletService(database, ledger, (tx, buyerId) =>
    payoutEligibility.refreshBuyerOrders(tx, buyerId),
  );
  const topUps = new TopUpService(database, config, ledger, stripe, wallet, (tx, buyerId) =>
    riskEnforcement.topUpRefusal(tx, buyerId),
  );
  topUps.registerTasks(jobs);
  registerRateLimitTasks(jobs, database);
  // A ban revokes the account's sessions through auth and cancels its unpaid top-ups through the
  // wallet (a job, in the transaction that bans; an admin's ban also cancels them before it answers); any change of a tier in force re-derives the
  // seller's payout orders through the payouts area, in the same transaction.
  const banEffects = {
    revokeAllCredentials: (tx: Tx, userId: string, reason: string) =>
      auth.revokeAllCredentials(tx, userId, reason),
    cancelUnpaidTopUps: (tx: Tx, userId: string) => topUps.cancelUnpaidTopUpsLater(tx, userId),
    cancelUnpaidTopUpsNow: async (userId: string) => {
      try {
        await topUps.cancelUnpaidTopUpsOf(userId);
      } catch (error) {
        log.warn(
          { err: error, userId },
          'canceling a banned account’s unpaid top-ups failed; its job retries',
        );
      }
    },
    refreshSellerPayouts: async (tx: Tx, userId: string) => {
      await payoutEligibility.refreshSellers(tx, [userId]);
    },
  };
  const risk = new RiskService(database, config.risk, collectPartyHistory, banEffects);
  risk.registerTasks(jobs, { ...config.risk, maxAttempts: config.jobs.maxAttempts });
  const riskOverrides = new RiskOverrideService(database, config.risk, banEffects, jobs);
  const chargebacks = new ChargebackService(database, ledger, stripe, wallet, topUps);
  const chargebackWriteOffs = new ChargebackWriteOffService(database, ledger, wallet);
  const stripeEvents = new StripeEventService(
    database,
    jobs,
    topUps,
    chargebacks,
    log.child({ area: 'wallet' }),
  );
  stripeEvents.registerTasks(jobs);
  const payoutAccounts = new PayoutAccountService(
    database,
    stripe,
    { publicUrl: config.publicUrl, connectCountries: config.payouts.connectCountries },
    log.child({ area: 'payouts' }),
    {
      onboardingRefusal: (tx, sellerId) => riskEnforcement.bannedRefusal(tx, sellerId),
      // An account enabled or restricted moves its seller's orders at once, in the same transaction.
      onAccountChanged: async (tx, sellerId) => {
        await payoutEligibility.refreshSellers(tx, [sellerId]);
      },
    },
  );
  // Connect events reach the payouts area through handlers (the wallet does not know payouts).
  stripeEvents.register(payoutAccounts.accountEventHandler());
  stripeEvents.register(payoutAccounts.bankPayoutEventHandler());
  const catalog = new CatalogService(database, config.catalog, log.child({ area: 'catalog' }), (tx, userId) =>
    riskEnforcement.bannedRefusal(tx, userId),
  );
  const listingImageStorage = createListingImageStorage(config);
  const listingImages = new ListingImageService(
    database,
    config.listingImages,
    listingImageStorage,
    config.listingImages.imagekit ? new ImageKitClient(config.listingImages.imagekit) : null,
    log.child({ area: 'catalog' }),
    (tx, userId) => riskEnforcement.bannedRefusal(tx, userId),
  );
  const escrow = new EscrowService(ledger, config.escrow.payoutHoldHours);
  const checkout = new CheckoutService(
    database,
    ledger,
    purchaseStatements,
    config.escrow,
    purchaseEffects(),
  );
  const disputes = new DisputeService(database, pubsub, jobs, config.disputes, {
    openDisputeLimit: openDisputeLimitByRisk(config.disputes, riskEnforcement),
    partyRisk: (input) => riskEnforcement.partyRisk(input),
    // The asked party hears of the deadline by mail too: it passes whether or not they are on the site.
    onResponseRequested: (notice) => {
      if (!mailer.available) return;
      mailer.composeLater('dispute response request', async () => {
        const [party] = await usersByIds(database, [notice.userId]);
        if (!party || party.status !== 'ACTIVE') return null;
        const disputeId = toGlobalId('Dispute', notice.disputeId);
        const link =
          notice.party === 'SELLER'
            ? new URL(`console/seller/disputes/${disputeId}`, config.publicUrl)
            : config.storefrontUrl
              ? new URL(`disputes/${disputeId}`, config.storefrontUrl)
              : null;
        return responseRequestedMail(notice, party.email, link);
      });
    },
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
  attachments.registerTasks(jobs);
  const delivery = new DeliveryService(
    database,
    escrow,
    catalog,
    (tx, orderId) => disputes.hasOpenDispute(tx, orderId),
    async (tx, orderId) => (await latestDisputesOfOrders(tx, [orderId])).size > 0,
  );
  registerEscrowTasks(jobs, delivery, config.escrow);
  const payouts = new PayoutService(
    database,
    ledger,
    stripe,
    pubsub,
    jobs,
    payoutEligibility,
    log.child({ area: 'payouts' }),
    {
      onDestinationMissing: (stripeAccountId) => payoutAccounts.confirmAccountMissing(stripeAccountId),
      // Longer than one transfer call can take: each of its attempts times out, and a margin.
      sendingLeaseMs: config.stripe.timeoutMs * (config.stripe.maxNetworkRetries + 1) + 30_000,
      ...options.payouts,
    },
  );
  payouts.registerTasks(jobs);
  stripeEvents.register(payouts.transferReversedHandler());
  const withdrawals = new WithdrawalDomainService(database, payoutEligibility, pubsub, jobs, config.payouts);
  const withdrawalExecution = new WithdrawalExecutionService(
    database,
    payoutEligibility,
    payouts,
    pubsub,
    config.payouts,
  );
  registerPayoutTasks(
    jobs,
    { eligibility: payoutEligibility, execution: withdrawalExecution, payouts },
    config.payouts,
  );
  const payoutReconciliation = new PayoutReconciliationService(
    database,
    stripe,
    config.payouts,
    describeStripeApi(config.stripe),
  );
  registerPayoutReconciliationTasks(jobs, payoutReconciliation, config.payouts);
  const moneyInvariants = new MoneyInvariantsService(database);
  const moneyInvariantsFeed = new SnapshotFeed(() => moneyInvariants.snapshot(), {
    minIntervalMs: config.moneyInvariants.minIntervalMs,
    refreshMs: moneyInvariantsRefreshMs,
    onError: (error) => log.error({ err: error }, 'money invariants snapshot failed'),
    barrier: () => pubsub.watchBarrier(),
  });
  // The ledger, orders and wallets triggers NOTIFY this channel on commit (migrations/0010_money_invariants.sql).
  await pubsub.watch(moneyChangedChannel, () => moneyInvariantsFeed.changed());
  return {
    config,
    database,
    pubsub,
    replayBudget: new ReplayBudget(config.graphql.replayEventsPerMinute),
    log,
    passwordHasher: hasher,
    auth,
    mailer,
    passwordReset,
    apiKeys,
    catalog,
    listingImages,
    listingImageStorage,
    jobs,
    stripe,
    ledger,
    wallet,
    topUps,
    chargebacks,
    chargebackWriteOffs,
    stripeEvents,
    checkout,
    escrow,
    delivery,
    disputes,
    disputeQueries: new DisputeQueries(database),
    decisions,
    attachments,
    attachmentStorage,
    risk,
    riskEnforcement,
    riskOverrides,
    payoutEligibility,
    withdrawals,
    withdrawalExecution,
    payouts,
    payoutAccounts,
    payoutReconciliation,
    moneyInvariantsFeed,
  };
}

/** Stops everything `createServices` started, in order; `watch` hears of a step that hangs. */
export async function closeServices(services: Services, watch?: SlowStepWatch): Promise<void> {
  const step = (name: string, work: () => Promise<void> | void) => shutdownStep(name, work, watch);
  await step('the job worker', () => services.jobs.stop());
  await step('the Stripe gateway', () => services.stripe.close());
  await step('the mails being sent', () => services.mailer.close());
  await step('the attachment storage', () => services.attachmentStorage.close());
  await step('the listing image storage', () => services.listingImageStorage.close());
  await step('the money invariants feed', () => services.moneyInvariantsFeed.close());
  await step('the events pubsub', () => services.pubsub.close());
  await step('the database pool', () => services.database.$client.end());
}
