import Stripe from 'stripe';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { StripeEmulator } from './emulator/emulator';
import {
  parseAccountLink,
  parseConnectedAccount,
  parseStripeEvent,
  parseTransfer,
  type StripeAccountLink,
  type StripeConnectedAccount,
  type StripeEventEnvelope,
  type StripePaymentIntent,
  type StripeTransfer,
  parsePaymentIntent,
  StripePayloadError,
} from './stripe.types';

/**
 * The only module that imports `stripe`. Everything else talks to Stripe through StripeGateway,
 * in CodeSale's own narrow types (stripe.types.ts), so that the SDK's surface stays here.
 *
 * With STRIPE_SECRET_KEY the gateway talks to Stripe. Without it (development, tests) it starts the
 * in-repo emulator on 127.0.0.1 and points the same SDK at it with host/port/protocol: the code
 * path is the real one, only the other end differs.
 */

export interface StripeClientOptions {
  secretKey: string;
  timeoutMs: number;
  maxNetworkRetries: number;
  /** Set for the emulator; Stripe's own API otherwise. */
  endpoint?: { host: string; port: number; protocol: 'http' | 'https' };
}

/** A configured SDK client. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs,
    maxNetworkRetries: options.maxNetworkRetries,
    telemetry: false,
    appInfo: { name: 'CodeSale' },
    ...(options.endpoint ?? {}),
  });
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

export interface CreatePaymentIntentRequest {
  /** Minor units. */
  amount: number;
  /** ISO 4217, upper case (CodeSale's convention); Stripe receives it lower case. */
  currency: string;
  metadata: Record<string, string>;
  description: string;
  /** Stripe keeps the first response for 24 hours: a retry with the same key returns the same PaymentIntent. */
  idempotencyKey: string;
}

/** A Stripe call failed in a way its caller must tell apart (the SDK's own errors stay in this module). */
export class StripeGatewayError extends Error {
  override name = 'StripeGatewayError';
}

/**
 * Stripe refused the transfer for good and moved no money (insufficient platform balance, the
 * destination's transfers capability inactive, an invalid account...): `code` is Stripe's error code.
 */
export class StripeTransferRefusedError extends StripeGatewayError {
  override name = 'StripeTransferRefusedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Stripe does not know the connected account (deleted, or a test environment that forgot it). */
export class ConnectedAccountMissingError extends StripeGatewayError {
  override name = 'ConnectedAccountMissingError';
  constructor(readonly accountId: string) {
    super(`Stripe does not know the connected account ${accountId}`);
  }
}

/**
 * Stripe could not be reached or did not answer (connection error, timeout, 5xx, 429, 409, a lost
 * response): whether the call took effect is unknown. Retry with the same idempotency key.
 */
export class StripeUnavailableError extends StripeGatewayError {
  override name = 'StripeUnavailableError';
}

export interface CreateConnectedAccountRequest {
  /** CodeSale's seller id, kept in the account's metadata (`seller_id`). */
  sellerId: string;
  email: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  idempotencyKey: string;
}

export interface CreateAccountLinkRequest {
  accountId: string;
  /** Where Stripe sends the seller when the link expired or was used: it should make a new link. */
  refreshUrl: string;
  /** Where Stripe sends the seller when onboarding ends (which says nothing of its outcome: account.updated does). */
  returnUrl: string;
}

export interface CreateTransferRequest {
  /** CodeSale's payout id: in metadata (`payout_id`) and in the transfer group (`payout:<id>`). */
  payoutId: string;
  /** Minor units. */
  amount: number;
  /** Upper case; Stripe receives it lower case. */
  currency: string;
  /** The connected account's id. */
  destination: string;
  /** Kept by Stripe for 24 hours; afterwards findTransferForPayout finds the transfer by its group. */
  idempotencyKey: string;
}

export interface ListTransfersOptions {
  createdGte?: Date;
  /** 1..100 transfers per request; 100 by default. */
  pageSize?: number;
}

/** Transfers one payout can have: one, or a few when a retry came after its key expired. */
const maxTransfersPerPayout = 100;

export class StripeGateway {
  constructor(
    readonly client: Stripe,
    private readonly webhookSecret: string,
    /** The in-process emulator, when the gateway runs on it (development and tests); null against Stripe. */
    readonly emulator: StripeEmulator | null,
    /** The Connect endpoint's secrets (STRIPE_CONNECT_WEBHOOK_SECRET): Stripe signs connected accounts' events with them. */
    private readonly connectWebhookSecrets: readonly string[] = [],
  ) {}

  async createPaymentIntent(request: CreatePaymentIntentRequest): Promise<StripePaymentIntent> {
    const paymentIntent = await this.client.paymentIntents.create(
      {
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        metadata: request.metadata,
        description: request.description,
        allowed_payment_method_types: ['card'],
      },
      { idempotencyKey: request.idempotencyKey },
    );
    return parsePaymentIntent(paymentIntent);
  }

  async retrievePaymentIntent(paymentIntentId: string): Promise<StripePaymentIntent> {
    return parsePaymentIntent(await this.client.paymentIntents.retrieve(paymentIntentId));
  }

  /**
   * The PaymentIntent as Stripe has it now, or null when Stripe does not know it. Throws
   * StripeUnavailableError when Stripe did not answer (retry later).
   */
  async findPaymentIntent(paymentIntentId: string): Promise<StripePaymentIntent | null> {
    const paymentIntent = await unavailableOnFailure(async () => {
      try {
        return await this.client.paymentIntents.retrieve(paymentIntentId);
      } catch (error) {
        if (isResourceMissing(error)) return null;
        throw error;
      }
    });
    return paymentIntent ? parsePaymentIntent(paymentIntent) : null;
  }

  /**
   * Cancels a PaymentIntent nobody has paid: it can never be confirmed afterwards. One Stripe will
   * not cancel (succeeded, processing) is returned as it is, for the caller to decide on.
   */
  async cancelPaymentIntent(
    paymentIntentId: string,
  ): Promise<{ canceled: true } | { canceled: false; paymentIntent: StripePaymentIntent }> {
    try {
      await this.client.paymentIntents.cancel(paymentIntentId, { cancellation_reason: 'abandoned' });
      return { canceled: true };
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      if (error.code !== 'payment_intent_unexpected_state') throw error;
      const paymentIntent = await this.retrievePaymentIntent(paymentIntentId);
      if (paymentIntent.status === 'canceled') return { canceled: true };
      return { canceled: false, paymentIntent };
    }
  }

  // ---- Connect: seller accounts, onboarding, transfers ----

  /** An Express account for a seller, able to receive transfers once onboarded. */
  async createConnectedAccount(request: CreateConnectedAccountRequest): Promise<StripeConnectedAccount> {
    const account = await unavailableOnFailure(() =>
      this.client.accounts.create(
        {
          type: 'express',
          country: request.country,
          email: request.email,
          capabilities: { transfers: { requested: true } },
          metadata: { seller_id: request.sellerId },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    return parseConnectedAccount(account);
  }

  /** A single-use onboarding link (Stripe-hosted; the emulator's page), valid for a few minutes. */
  /** Throws ConnectedAccountMissingError when Stripe does not know the account. */
  async createAccountLink(request: CreateAccountLinkRequest): Promise<StripeAccountLink> {
    const link = await unavailableOnFailure(async () => {
      try {
        return await this.client.accountLinks.create({
          account: request.accountId,
          refresh_url: request.refreshUrl,
          return_url: request.returnUrl,
          type: 'account_onboarding',
        });
      } catch (error) {
        if (isResourceMissing(error)) throw new ConnectedAccountMissingError(request.accountId);
        throw error;
      }
    });
    return parseAccountLink(link);
  }

  /** Throws ConnectedAccountMissingError when Stripe does not know the account. */
  async retrieveAccount(accountId: string): Promise<StripeConnectedAccount> {
    const account = await unavailableOnFailure(async () => {
      try {
        return await this.client.accounts.retrieve(accountId);
      } catch (error) {
        if (isResourceMissing(error)) throw new ConnectedAccountMissingError(accountId);
        throw error;
      }
    });
    return parseConnectedAccount(account);
  }

  /**
   * Moves a payout's amount from the platform's balance to the seller's connected account.
   * Throws StripeTransferRefusedError when Stripe refused it (nothing moved), StripeUnavailableError
   * when the outcome is unknown (retry with the same key), and a plain Error for a bug (a key reused
   * with other parameters).
   */
  async createTransfer(request: CreateTransferRequest): Promise<StripeTransfer> {
    let transfer: Stripe.Transfer;
    try {
      transfer = await this.client.transfers.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          destination: request.destination,
          transfer_group: transferGroupOf(request.payoutId),
          metadata: { payout_id: request.payoutId },
          description: `CodeSale payout ${request.payoutId}`,
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (error) {
      throw transferFailure(error);
    }
    return parseTransfer(transfer);
  }

  /**
   * The transfer made for a payout, found by its transfer group and metadata (when its idempotency
   * key is too old to replay); the first one made when there are several; null when there is none.
   */
  async findTransferForPayout(payoutId: string): Promise<StripeTransfer | null> {
    const matches: StripeTransfer[] = [];
    let seen = 0;
    await unavailableOnFailure(async () => {
      for await (const listed of this.client.transfers.list({
        transfer_group: transferGroupOf(payoutId),
        limit: 100,
      })) {
        if (++seen > maxTransfersPerPayout)
          throw new Error(`more than ${maxTransfersPerPayout} transfers in the group of payout ${payoutId}`);
        const transfer = parseTransfer(listed);
        if (transfer.payoutId === payoutId) matches.push(transfer);
      }
    });
    // Stripe lists newest first: the last match is the first transfer made.
    return matches.at(-1) ?? null;
  }

  /** Every transfer of the platform (newest first), page after page (reconciliation). */
  async *listTransfers(options: ListTransfersOptions): AsyncIterable<StripeTransfer> {
    const pageSize = options.pageSize ?? 100;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 100)
      throw new Error(`a page holds 1..100 transfers, not ${pageSize}`);
    const params: Stripe.TransferListParams = { limit: pageSize };
    if (options.createdGte !== undefined)
      params.created = { gte: Math.floor(options.createdGte.getTime() / 1000) };
    try {
      for await (const transfer of this.client.transfers.list(params)) yield parseTransfer(transfer);
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  async retrieveTransfer(transferId: string): Promise<StripeTransfer> {
    return parseTransfer(await unavailableOnFailure(() => this.client.transfers.retrieve(transferId)));
  }

  /** The transfer with this id, or null when Stripe has none (reconciliation looks up the transfer a payout records). */
  async findTransfer(transferId: string): Promise<StripeTransfer | null> {
    try {
      return await this.retrieveTransfer(transferId);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null;
      throw error;
    }
  }

  /**
   * Verifies a webhook's `Stripe-Signature` against the raw body (HMAC-SHA256 with the endpoint
   * secret, within Stripe's default five-minute tolerance) and returns the event.
   */
  verifyWebhook(rawBody: Buffer, signature: string): StripeEventEnvelope {
    let failure: unknown;
    // Stripe signs connected accounts' events with the Connect endpoint's own secret.
    for (const secret of [this.webhookSecret, ...this.connectWebhookSecrets]) {
      try {
        return parseStripeEvent(this.client.webhooks.constructEvent(rawBody, signature, secret));
      } catch (error) {
        if (error instanceof StripePayloadError) throw error;
        // The SDK parses the body only once the signature verified: signed, but not JSON.
        if (error instanceof SyntaxError) throw new StripePayloadError('the event is not JSON');
        failure ??= error;
      }
    }
    throw new WebhookSignatureError(
      failure instanceof Error ? failure.message : 'signature verification failed',
    );
  }

  async close(): Promise<void> {
    await this.emulator?.close();
  }
}

function transferGroupOf(payoutId: string): string {
  return `payout:${payoutId}`;
}

/** Runs a Stripe call; an unknown outcome becomes StripeUnavailableError, other failures pass through. */
async function unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw unavailableOr(error);
  }
}

/** No answer, or an answer that says "try again": the call may or may not have taken effect. */
function unavailableOr(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const status = error.statusCode;
  const unknownOutcome =
    error instanceof Stripe.errors.StripeConnectionError ||
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    // A request with the same key still running at Stripe.
    status === 409;
  return unknownOutcome ? new StripeUnavailableError(error.message, { cause: error }) : error;
}

function transferFailure(error: unknown): unknown {
  const mapped = unavailableOr(error);
  if (mapped !== error || !(error instanceof Stripe.errors.StripeError)) return mapped;
  if (error instanceof Stripe.errors.StripeIdempotencyError || error.rawType === 'idempotency_error') {
    return new Error(
      `Stripe refused the transfer's idempotency key (reused with other parameters): ${error.message}`,
      {
        cause: error,
      },
    );
  }
  const definitive =
    (error.statusCode === 400 || error.statusCode === 402 || error.statusCode === 403) &&
    (error.rawType === 'invalid_request_error' || error.rawType === 'card_error');
  return definitive ? new StripeTransferRefusedError(error.code ?? 'unknown', error.message) : error;
}

export async function createStripeGateway(config: Config, log: Logger): Promise<StripeGateway> {
  const settings = config.stripe;
  if (!settings.emulator) {
    const client = createStripeClient({
      secretKey: settings.secretKey!,
      timeoutMs: settings.timeoutMs,
      maxNetworkRetries: settings.maxNetworkRetries,
      ...(settings.apiEndpoint ? { endpoint: settings.apiEndpoint } : {}),
    });
    return new StripeGateway(
      client,
      settings.webhookSecret!,
      null,
      settings.connectWebhookSecret ? [settings.connectWebhookSecret] : [],
    );
  }
  const emulator = await StripeEmulator.start({
    port: settings.emulatorPort,
    apiVersion: Stripe.API_VERSION,
    // An outside tool that verifies the emulator's webhooks needs the secret: it may fix it.
    webhookSecret: settings.webhookSecret,
    latencyMs: settings.emulatorLatencyMs,
    ...(settings.emulatorStateFile === undefined ? {} : { stateFile: settings.emulatorStateFile }),
    onLog: (message, fields) => log.debug({ stripeEmulator: true, ...fields }, message),
  });
  // The publishable key lets a local client confirm a payment with its client secret, as Stripe.js does.
  log.info(
    {
      url: emulator.url,
      publishableKey: emulator.publishableKey,
      stateFile: settings.emulatorStateFile ?? null,
    },
    'Stripe emulator started (no STRIPE_SECRET_KEY)',
  );
  const client = createStripeClient({
    secretKey: emulator.secretKey,
    timeoutMs: settings.timeoutMs,
    maxNetworkRetries: settings.maxNetworkRetries,
    endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
  });
  return new StripeGateway(client, emulator.webhookSecret, emulator);
}

/** Stripe's answer that the object named does not exist (for an account: deleted, or never ours). */
function isResourceMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';
}
