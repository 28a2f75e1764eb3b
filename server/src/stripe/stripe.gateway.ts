import Stripe from 'stripe';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { StripeEmulator } from './emulator/emulator';
import {
  parseStripeEvent,
  type StripeEventEnvelope,
  type StripePaymentIntent,
  parsePaymentIntent,
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

export class StripeGateway {
  constructor(
    readonly client: Stripe,
    private readonly webhookSecret: string,
    /** The in-process emulator, when the gateway runs on it (development and tests); null against Stripe. */
    readonly emulator: StripeEmulator | null,
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
   * Verifies a webhook's `Stripe-Signature` against the raw body (HMAC-SHA256 with the endpoint
   * secret, within Stripe's default five-minute tolerance) and returns the event.
   */
  verifyWebhook(rawBody: Buffer, signature: string): StripeEventEnvelope {
    let event: unknown;
    try {
      event = this.client.webhooks.constructEvent(rawBody, signature, this.webhookSecret);
    } catch (error) {
      throw new WebhookSignatureError(
        error instanceof Error ? error.message : 'signature verification failed',
      );
    }
    return parseStripeEvent(event);
  }

  async close(): Promise<void> {
    await this.emulator?.close();
  }
}

export async function createStripeGateway(config: Config, log: Logger): Promise<StripeGateway> {
  const settings = config.stripe;
  if (!settings.emulator) {
    const client = createStripeClient({
      secretKey: settings.secretKey!,
      timeoutMs: settings.timeoutMs,
      maxNetworkRetries: settings.maxNetworkRetries,
    });
    return new StripeGateway(client, settings.webhookSecret!, null);
  }
  const emulator = await StripeEmulator.start({
    port: settings.emulatorPort,
    apiVersion: Stripe.API_VERSION,
    // An outside tool that verifies the emulator's webhooks needs the secret: it may fix it.
    webhookSecret: settings.webhookSecret,
    onLog: (message, fields) => log.debug({ stripeEmulator: true, ...fields }, message),
  });
  // The publishable key lets a local client confirm a payment with its client secret, as Stripe.js does.
  log.info(
    { url: emulator.url, publishableKey: emulator.publishableKey },
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
