import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FormError, parseForm, type FormObject, type FormValue } from './form';
import { generateWebhookSecret, signatureHeader } from './signature';

/**
 * A Stripe-compatible HTTP server for development and tests: exactly the endpoints CodeSale calls,
 * with Stripe's encoding, errors, idempotency and signed webhooks, so that the official SDK runs
 * its real code path against it. It keeps its state in memory, bounded.
 *
 * API (form-encoded, `Authorization: Bearer <secretKey>`):
 *   POST /v1/payment_intents, GET /v1/payment_intents/:id, POST /v1/payment_intents/:id/confirm
 *   POST /v1/accounts, GET /v1/accounts/:id, POST /v1/transfers, GET /v1/transfers/:id
 * Emulator-only controls (same authentication), for tests and for outside tools (docs/API.md):
 *   GET  /_emulator/events               type=..., limit=1..100: the newest events first
 *   POST /_emulator/events/:id/replay    send an event again (same id, fresh signature)
 *   GET  /_emulator/webhooks             where webhooks go, whether paused, the queued events
 *   POST /_emulator/webhooks/pause       hold new events in the queue
 *   POST /_emulator/webhooks/reorder     events[]=evt_...: these queued events go first, in this order
 *   POST /_emulator/webhooks/resume      send what is queued, in queue order
 *   POST /_emulator/disputes/:id/close   status=won|lost
 *
 * Test payment methods, as Stripe's test mode names them:
 *   pm_card_visa, pm_card_mastercard                     succeed
 *   pm_card_chargeDeclined, pm_card_visa_chargeDeclined  decline (card_declined, generic_decline)
 *   pm_card_chargeDeclinedInsufficientFunds              decline (card_declined, insufficient_funds)
 *   pm_card_createDispute                                succeeds, then a fraudulent dispute is opened
 *
 * Webhooks go to `webhookUrl` after the API response, in the order the events were created, each
 * signed like Stripe's (`Stripe-Signature: t=...,v1=...`); a delivery that is not answered 2xx is
 * retried with exponential backoff, a bounded number of times. Tests steer delivery with
 * pauseDeliveries / deliver (out of order) / replay (duplicates) and wait with idle().
 */

export interface StripeEmulatorOptions {
  /** 0: a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** The account's API version, stamped on events. */
  apiVersion: string;
  webhookUrl?: string;
  /** The secret webhooks are signed with; a fresh `whsec_` secret when unset. */
  webhookSecret?: string;
  /** Delivery attempts per event before giving up (Stripe keeps trying for days; the emulator briefly). */
  maxDeliveryAttempts?: number;
  /** First retry delay; doubled for each further attempt. */
  retryBaseDelayMs?: number;
  deliveryTimeoutMs?: number;
  onLog?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface EmulatorEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface DeliveryResult {
  eventId: string;
  delivered: boolean;
  attempts: number;
  /** The HTTP status of the last attempt; null when the endpoint could not be reached. */
  lastStatus: number | null;
}

type Json = Record<string, unknown>;

interface ApiResult {
  status: number;
  body: Json;
}

/** A request parameter failed validation: answered as Stripe does, and never remembered for its idempotency key. */
class ParamFailure extends Error {
  constructor(readonly result: ApiResult) {
    super(String((result.body['error'] as Json)['message']));
  }
}

interface RequestContext {
  requestId: string;
  idempotencyKey: string | null;
}

const limits = {
  maxBodyBytes: 64 * 1024,
  maxObjectsPerKind: 20_000,
  maxEvents: 10_000,
  maxIdempotencyKeys: 10_000,
  maxMetadataKeys: 50,
  maxMetadataKeyLength: 40,
  maxMetadataValueLength: 500,
  maxAmount: 99_999_999,
} as const;

const minimumChargeAmount: Record<string, number> = { eur: 50, usd: 50, gbp: 30 };

type CardBehaviour =
  | { outcome: 'succeed'; brand: string; last4: string }
  | { outcome: 'decline'; brand: string; last4: string; declineCode: string; message: string }
  | { outcome: 'dispute'; brand: string; last4: string };

const testPaymentMethods: Record<string, CardBehaviour> = {
  pm_card_visa: { outcome: 'succeed', brand: 'visa', last4: '4242' },
  pm_card_mastercard: { outcome: 'succeed', brand: 'mastercard', last4: '4444' },
  pm_card_chargeDeclined: {
    outcome: 'decline',
    brand: 'visa',
    last4: '0002',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_visa_chargeDeclined: {
    outcome: 'decline',
    brand: 'visa',
    last4: '0002',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    outcome: 'decline',
    brand: 'visa',
    last4: '9995',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_createDispute: { outcome: 'dispute', brand: 'visa', last4: '0259' },
};

export class StripeEmulator {
  readonly secretKey = `sk_test_emulator${crypto.randomBytes(16).toString('hex')}`;
  /** As in Stripe.js: with it, a browser may confirm a PaymentIntent whose client_secret it holds, nothing else. */
  readonly publishableKey = `pk_test_emulator${crypto.randomBytes(16).toString('hex')}`;
  readonly webhookSecret: string;

  private readonly server: http.Server;
  private readonly options: Required<
    Omit<StripeEmulatorOptions, 'webhookUrl' | 'webhookSecret' | 'onLog' | 'port'>
  >;
  private readonly log: (message: string, fields?: Record<string, unknown>) => void;
  private webhookUrl: string | undefined;
  private listeningPort = 0;

  private readonly paymentIntents = new Map<string, Json>();
  private readonly charges = new Map<string, Json>();
  private readonly disputes = new Map<string, Json>();
  private readonly accounts = new Map<string, Json>();
  private readonly transfers = new Map<string, Json>();
  private readonly eventLog = new Map<string, EmulatorEvent>();
  private readonly idempotency = new Map<string, { fingerprint: string; result: ApiResult }>();

  private readonly queue: string[] = [];
  private readonly firstDeliveries = new Map<string, Promise<DeliveryResult>>();
  private paused = false;
  private pumping = false;
  private inFlight = 0;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly abandon = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  private constructor(options: StripeEmulatorOptions) {
    this.webhookSecret = options.webhookSecret ?? generateWebhookSecret();
    this.options = {
      apiVersion: options.apiVersion,
      maxDeliveryAttempts: options.maxDeliveryAttempts ?? 5,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    };
    this.log = options.onLog ?? (() => undefined);
    this.webhookUrl = options.webhookUrl;
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.log('emulator request failed', { err: error });
        if (!response.headersSent) send(response, 500, apiError('api_error', 'The emulator failed.'), {});
        else response.destroy();
      });
    });
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
  }

  static async start(options: StripeEmulatorOptions): Promise<StripeEmulator> {
    const emulator = new StripeEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(options.port ?? 0, '127.0.0.1', () => {
        emulator.server.off('error', reject);
        resolve();
      });
    });
    emulator.listeningPort = (emulator.server.address() as AddressInfo).port;
    return emulator;
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.listeningPort}`;
  }

  /** Where webhooks go. Queued events start flowing once it is set. */
  setWebhookUrl(url: string): void {
    this.webhookUrl = url;
    this.pump();
  }

  // ---- inspection and control (tests, development) ----

  /** Every event still held, oldest first; optionally of one type. */
  events(type?: string): EmulatorEvent[] {
    return [...this.eventLog.values()].filter((event) => type === undefined || event.type === type);
  }

  event(eventId: string): EmulatorEvent | undefined {
    return this.eventLog.get(eventId);
  }

  paymentIntent(paymentIntentId: string): Json | undefined {
    const paymentIntent = this.paymentIntents.get(paymentIntentId);
    return paymentIntent ? clone(paymentIntent) : undefined;
  }

  /** The dispute opened on a payment intent's charge, if any. */
  disputeOf(paymentIntentId: string): Json | undefined {
    for (const dispute of this.disputes.values()) {
      if (dispute['payment_intent'] === paymentIntentId) return clone(dispute);
    }
    return undefined;
  }

  /** Holds new events in the queue: nothing is delivered until deliver() or resumeDeliveries(). */
  pauseDeliveries(): void {
    this.paused = true;
  }

  resumeDeliveries(): void {
    this.paused = false;
    this.pump();
  }

  /** Events created but not yet sent, in creation order. */
  queuedEvents(): EmulatorEvent[] {
    return this.queue
      .map((id) => this.eventLog.get(id))
      .filter((event): event is EmulatorEvent => event !== undefined);
  }

  /**
   * Puts the named queued events at the head of the queue, in the given order; the other queued
   * events follow in their own order. Refuses (changing nothing) an event that is not queued.
   */
  reorderQueue(eventIds: readonly string[]): void {
    const queued = new Set(this.queue);
    const unknown = eventIds.find((id) => !queued.has(id));
    if (unknown !== undefined) throw new Error(`event ${unknown} is not queued`);
    const first = new Set(eventIds);
    if (first.size !== eventIds.length) throw new Error('an event is named twice');
    const rest = this.queue.filter((id) => !first.has(id));
    this.queue.splice(0, this.queue.length, ...eventIds, ...rest);
  }

  /** Sends a queued event now, ahead of the others (out of order). Resolves when the endpoint answered. */
  deliver(eventId: string): Promise<DeliveryResult> {
    const index = this.queue.indexOf(eventId);
    if (index < 0) throw new Error(`event ${eventId} is not queued`);
    this.queue.splice(index, 1);
    const delivery = this.startDelivery(this.eventLog.get(eventId)!);
    this.firstDeliveries.set(eventId, delivery);
    return delivery;
  }

  /** Sends an event again, as Stripe does on a retry or a manual resend: same id, fresh signature. */
  replay(eventId: string): Promise<DeliveryResult> {
    const event = this.eventLog.get(eventId);
    if (!event) throw new Error(`event ${eventId} is unknown to the emulator`);
    return this.startDelivery(event);
  }

  /** Resolves with the outcome of an event's first delivery (with its retries). */
  delivery(eventId: string): Promise<DeliveryResult> {
    const delivery = this.firstDeliveries.get(eventId);
    if (!delivery) throw new Error(`event ${eventId} has not been sent yet`);
    return delivery;
  }

  /** Resolves once nothing is being sent and nothing waits to be sent (held events aside when paused). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Closes a dispute as Stripe's team would: `charge.dispute.closed` with status won or lost. */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Json {
    const result = this.closeDisputeResult(disputeId, outcome, {
      requestId: requestId(),
      idempotencyKey: null,
    });
    if (result.status !== 200) throw new Error(String((result.body['error'] as Json)['message']));
    this.pump();
    return result.body;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const give of this.abandon) give();
    this.abandon.clear();
    this.queue.length = 0;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.checkIdle();
  }

  // ---- HTTP ----

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const context: RequestContext = {
      requestId: requestId(),
      idempotencyKey: header(request, 'idempotency-key') ?? null,
    };
    const headers: Record<string, string> = {
      'Request-Id': context.requestId,
      'Stripe-Version': header(request, 'stripe-version') ?? this.options.apiVersion,
    };
    const body = await readBody(request, limits.maxBodyBytes);
    if (body === null) {
      send(
        response,
        413,
        apiError('invalid_request_error', `Request bodies are limited to ${limits.maxBodyBytes} bytes.`),
        headers,
      );
      return;
    }
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    let params: FormObject;
    try {
      params = parseForm(method === 'POST' ? body : url.search.slice(1));
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      send(response, 400, apiError('invalid_request_error', error.message, { param: error.param }), headers);
      return;
    }
    if (!this.authorized(header(request, 'authorization') ?? '', method, url.pathname, params)) {
      const message = 'Invalid API Key provided. The emulator accepts only its own keys.';
      send(response, 401, apiError('invalid_request_error', message), headers);
      return;
    }
    if (method === 'POST' && context.idempotencyKey !== null) {
      if (context.idempotencyKey.length > 255) {
        send(
          response,
          400,
          apiError('invalid_request_error', 'Idempotency keys are at most 255 characters.'),
          headers,
        );
        return;
      }
      const fingerprint = `${method} ${url.pathname} ${sha256(body)}`;
      const previous = this.idempotency.get(context.idempotencyKey);
      if (previous && previous.fingerprint !== fingerprint) {
        send(
          response,
          400,
          apiError(
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. ` +
              `Try using a key other than '${context.idempotencyKey}' if you meant to execute a different request.`,
          ),
          headers,
        );
        return;
      }
      if (previous) {
        send(response, previous.result.status, previous.result.body, {
          ...headers,
          'Idempotency-Key': context.idempotencyKey,
          'Idempotent-Replayed': 'true',
        });
        return;
      }
      const result = this.route(method, url.pathname, params, context);
      // Like Stripe: a result is kept once the endpoint ran (success, or a card declined), not for a refused request.
      if (result.status === 200 || result.status === 402)
        this.remember(context.idempotencyKey, fingerprint, result);
      this.respond(response, result, { ...headers, 'Idempotency-Key': context.idempotencyKey });
      return;
    }
    this.respond(response, this.route(method, url.pathname, params, context), headers);
  }

  /** The secret key may do anything; the publishable key only confirms a PaymentIntent with its client secret. */
  private authorized(authorization: string, method: string, path: string, params: FormObject): boolean {
    if (constantTimeEqual(authorization, `Bearer ${this.secretKey}`)) return true;
    if (!constantTimeEqual(authorization, `Bearer ${this.publishableKey}`)) return false;
    const match = /^\/v1\/payment_intents\/([A-Za-z0-9_]+)\/confirm$/.exec(path);
    const paymentIntent = match ? this.paymentIntents.get(match[1]!) : undefined;
    const clientSecret = params['client_secret'];
    return (
      method === 'POST' &&
      paymentIntent !== undefined &&
      typeof clientSecret === 'string' &&
      constantTimeEqual(clientSecret, String(paymentIntent['client_secret']))
    );
  }

  /** Sends the answer, then lets the webhooks it caused go out: Stripe never delivers before it answered. */
  private respond(response: http.ServerResponse, result: ApiResult, headers: Record<string, string>): void {
    response.once('finish', () => setImmediate(() => this.pump()));
    send(response, result.status, result.body, headers);
  }

  private remember(key: string, fingerprint: string, result: ApiResult): void {
    if (this.idempotency.size >= limits.maxIdempotencyKeys) {
      const oldest = this.idempotency.keys().next().value;
      if (oldest !== undefined) this.idempotency.delete(oldest);
    }
    this.idempotency.set(key, { fingerprint, result });
  }

  private route(method: string, path: string, params: FormObject, context: RequestContext): ApiResult {
    try {
      return this.dispatch(method, path, params, context);
    } catch (error) {
      if (error instanceof ParamFailure) return error.result;
      throw error;
    }
  }

  private dispatch(method: string, path: string, params: FormObject, context: RequestContext): ApiResult {
    const segments = path.split('/').filter(Boolean);
    const [root, resource, id, action] = segments;
    if (root === 'v1' && segments.length <= 4) {
      if (resource === 'payment_intents') {
        if (method === 'POST' && id === undefined) return this.createPaymentIntent(params, context);
        if (method === 'GET' && id !== undefined && action === undefined)
          return this.retrieve(this.paymentIntents, id, 'payment_intent');
        if (method === 'POST' && id !== undefined && action === 'confirm')
          return this.confirmPaymentIntent(id, params, context);
      }
      if (resource === 'accounts') {
        if (method === 'POST' && id === undefined) return this.createAccount(params);
        if (method === 'GET' && id !== undefined && action === undefined)
          return this.retrieve(this.accounts, id, 'account');
      }
      if (resource === 'transfers') {
        if (method === 'POST' && id === undefined) return this.createTransfer(params, context);
        if (method === 'GET' && id !== undefined && action === undefined)
          return this.retrieve(this.transfers, id, 'transfer');
      }
    }
    if (root === '_emulator') {
      const control = this.control(method, segments.slice(1), params, context);
      if (control) return control;
    }
    return {
      status: 404,
      body: apiError('invalid_request_error', `Unrecognized request URL (${method}: ${path}).`),
    };
  }

  /** The `/_emulator/...` controls; null for a path that is none of them. */
  private control(
    method: string,
    segments: string[],
    params: FormObject,
    context: RequestContext,
  ): ApiResult | null {
    const [resource, id, action, ...extra] = segments;
    if (extra.length > 0) return null;
    if (resource === 'events' && method === 'GET' && id === undefined) {
      rejectUnknownParams(params, ['type', 'limit']);
      const type = stringParam(params, 'type');
      const limit = params['limit'] === undefined ? 20 : boundedIntegerParam(params, 'limit', 1, 100);
      const newestFirst = this.events(type).reverse();
      return {
        status: 200,
        body: { object: 'list', data: newestFirst.slice(0, limit), has_more: newestFirst.length > limit },
      };
    }
    if (resource === 'events' && method === 'POST' && id !== undefined && action === 'replay') {
      rejectUnknownParams(params, []);
      if (!this.eventLog.has(id)) return missing('event', id);
      void this.replay(id);
      return { status: 200, body: { id, object: 'emulator_replay', replaying: true } };
    }
    if (resource === 'webhooks' && action === undefined) {
      if (method === 'GET' && id === undefined) {
        rejectUnknownParams(params, []);
        return { status: 200, body: this.webhookState() };
      }
      if (method === 'POST' && id === 'pause') {
        rejectUnknownParams(params, []);
        this.pauseDeliveries();
        return { status: 200, body: this.webhookState() };
      }
      if (method === 'POST' && id === 'resume') {
        rejectUnknownParams(params, []);
        const state = { ...this.webhookState(), paused: false };
        // respond() pumps once the answer is sent: Stripe never delivers before it answered.
        this.paused = false;
        return { status: 200, body: state };
      }
      if (method === 'POST' && id === 'reorder') {
        rejectUnknownParams(params, ['events']);
        const raw = params['events'];
        const eventIds = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
        if (!eventIds || eventIds.length === 0 || eventIds.some((value) => typeof value !== 'string')) {
          return invalid(
            'events[] must list the queued event ids to send first.',
            'events',
            'parameter_missing',
          );
        }
        const queued = new Set(this.queue);
        const unknown = (eventIds as string[]).find((eventId) => !queued.has(eventId));
        if (unknown !== undefined) {
          return invalid(
            `Event ${unknown} is not queued (pause deliveries first).`,
            'events',
            'resource_missing',
          );
        }
        if (new Set(eventIds).size !== eventIds.length) return invalid('An event is named twice.', 'events');
        this.reorderQueue(eventIds as string[]);
        return { status: 200, body: this.webhookState() };
      }
    }
    if (resource === 'disputes' && method === 'POST' && id !== undefined && action === 'close') {
      rejectUnknownParams(params, ['status']);
      const status = params['status'];
      if (status !== 'won' && status !== 'lost') return invalid('status must be won or lost', 'status');
      return this.closeDisputeResult(id, status, context);
    }
    return null;
  }

  private webhookState(): Json {
    return {
      object: 'emulator_webhooks',
      url: this.webhookUrl ?? null,
      paused: this.paused,
      queued: this.queuedEvents().map((event) => ({
        id: event.id,
        type: event.type,
        created: event.created,
      })),
    };
  }

  private retrieve(store: Map<string, Json>, id: string, kind: string): ApiResult {
    const object = store.get(id);
    return object ? { status: 200, body: clone(object) } : missing(kind, id);
  }

  // ---- payment intents ----

  private createPaymentIntent(params: FormObject, context: RequestContext): ApiResult {
    rejectUnknownParams(params, [
      'amount',
      'currency',
      'metadata',
      'description',
      'payment_method',
      'payment_method_types',
      'allowed_payment_method_types',
      'automatic_payment_methods',
      'confirm',
      'capture_method',
      'expand',
      'receipt_email',
      'statement_descriptor_suffix',
    ]);
    const amount = integerParam(params, 'amount');
    const currency = currencyParam(params);
    if (amount < (minimumChargeAmount[currency] ?? 50)) {
      return invalid(
        `Amount must be at least ${minimumChargeAmount[currency] ?? 50} ${currency}`,
        'amount',
        'amount_too_small',
      );
    }
    const metadata = metadataParam(params);
    if (params['capture_method'] !== undefined && params['capture_method'] !== 'automatic') {
      return invalid('The emulator supports capture_method=automatic only.', 'capture_method');
    }
    const full = this.full(this.paymentIntents);
    if (full) return full;
    const paymentMethod = stringParam(params, 'payment_method');
    const id = objectId('pi');
    const paymentIntent: Json = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods: null,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomToken(24)}`,
      confirmation_method: 'automatic',
      created: nowSeconds(),
      currency,
      description: stringParam(params, 'description') ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata,
      payment_method: paymentMethod ?? null,
      allowed_payment_method_types: allowedPaymentMethodTypes(params),
      payment_method_types: ['card'],
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    };
    this.paymentIntents.set(id, paymentIntent);
    this.emit('payment_intent.created', paymentIntent, context);
    if (params['confirm'] === 'true') return this.confirmPaymentIntent(id, {}, context);
    return { status: 200, body: clone(paymentIntent) };
  }

  private confirmPaymentIntent(id: string, params: FormObject, context: RequestContext): ApiResult {
    rejectUnknownParams(params, ['payment_method', 'return_url', 'expand', 'receipt_email', 'client_secret']);
    const paymentIntent = this.paymentIntents.get(id);
    if (!paymentIntent) return missing('payment_intent', id);
    if (paymentIntent['status'] === 'succeeded') {
      return invalid(
        'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
        null,
        'payment_intent_unexpected_state',
      );
    }
    const paymentMethod =
      stringParam(params, 'payment_method') ?? (paymentIntent['payment_method'] as string | null);
    if (!paymentMethod) {
      return invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method.",
        'payment_method',
        'payment_intent_unexpected_state',
      );
    }
    const card = testPaymentMethods[paymentMethod];
    if (!card)
      return invalid(`No such PaymentMethod: '${paymentMethod}'`, 'payment_method', 'resource_missing');
    const full = this.full(this.charges);
    if (full) return full;

    const charge = this.createCharge(paymentIntent, paymentMethod, card);
    paymentIntent['payment_method'] = paymentMethod;
    paymentIntent['latest_charge'] = charge['id'];
    if (card.outcome === 'decline') {
      const lastPaymentError = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: card.declineCode,
        message: card.message,
        charge: charge['id'],
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        payment_method: { id: paymentMethod, object: 'payment_method', type: 'card' },
      };
      paymentIntent['status'] = 'requires_payment_method';
      paymentIntent['last_payment_error'] = lastPaymentError;
      this.emit('charge.failed', charge, context);
      this.emit('payment_intent.payment_failed', paymentIntent, context);
      // Stripe answers a decline with 402 and the PaymentIntent inside the error.
      return {
        status: 402,
        body: { error: { ...lastPaymentError, payment_intent: clone(paymentIntent), request_log_url: null } },
      };
    }
    paymentIntent['status'] = 'succeeded';
    paymentIntent['amount_received'] = paymentIntent['amount'];
    paymentIntent['last_payment_error'] = null;
    this.emit('charge.succeeded', charge, context);
    this.emit('payment_intent.succeeded', paymentIntent, context);
    if (card.outcome === 'dispute') this.openDispute(charge, context);
    return { status: 200, body: clone(paymentIntent) };
  }

  private createCharge(paymentIntent: Json, paymentMethod: string, card: CardBehaviour): Json {
    const declined = card.outcome === 'decline';
    const charge: Json = {
      id: objectId('ch'),
      object: 'charge',
      amount: paymentIntent['amount'],
      amount_captured: declined ? 0 : paymentIntent['amount'],
      amount_refunded: 0,
      captured: !declined,
      created: nowSeconds(),
      currency: paymentIntent['currency'],
      disputed: false,
      failure_code: declined ? 'card_declined' : null,
      failure_message: declined ? card.message : null,
      livemode: false,
      metadata: clone(paymentIntent['metadata'] as Json),
      outcome: declined
        ? { network_status: 'declined_by_network', reason: card.declineCode, type: 'issuer_declined' }
        : { network_status: 'approved_by_network', reason: null, type: 'authorized' },
      paid: !declined,
      payment_intent: paymentIntent['id'],
      payment_method: paymentMethod,
      payment_method_details: { type: 'card', card: { brand: card.brand, last4: card.last4 } },
      refunded: false,
      status: declined ? 'failed' : 'succeeded',
    };
    this.charges.set(charge['id'] as string, charge);
    return charge;
  }

  // ---- disputes ----

  private openDispute(charge: Json, context: RequestContext): void {
    const dispute: Json = {
      id: objectId('dp'),
      object: 'dispute',
      amount: charge['amount'],
      balance_transactions: [],
      charge: charge['id'],
      created: nowSeconds(),
      currency: charge['currency'],
      evidence_details: {
        due_by: nowSeconds() + 7 * 86_400,
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge['payment_intent'],
      reason: 'fraudulent',
      status: 'needs_response',
    };
    charge['disputed'] = true;
    this.disputes.set(dispute['id'] as string, dispute);
    this.emit('charge.dispute.created', dispute, context);
  }

  private closeDisputeResult(id: string, outcome: 'won' | 'lost', context: RequestContext): ApiResult {
    const dispute = this.disputes.get(id);
    if (!dispute) return missing('dispute', id);
    if (dispute['status'] === 'won' || dispute['status'] === 'lost') {
      return invalid(
        `This dispute is already closed (${String(dispute['status'])}).`,
        null,
        'dispute_already_closed',
      );
    }
    dispute['status'] = outcome;
    this.emit('charge.dispute.closed', dispute, context);
    return { status: 200, body: clone(dispute) };
  }

  // ---- Connect: accounts and transfers (for payouts) ----

  private createAccount(params: FormObject): ApiResult {
    rejectUnknownParams(params, [
      'type',
      'country',
      'email',
      'capabilities',
      'business_type',
      'business_profile',
      'controller',
      'default_currency',
      'metadata',
      'tos_acceptance',
    ]);
    const type = stringParam(params, 'type') ?? 'express';
    if (!['custom', 'express', 'standard'].includes(type)) return invalid('Invalid account type.', 'type');
    const metadata = metadataParam(params);
    const full = this.full(this.accounts);
    if (full) return full;
    const account: Json = {
      id: `acct_${randomToken(16)}`,
      object: 'account',
      business_type: stringParam(params, 'business_type') ?? null,
      capabilities: { transfers: 'active' },
      charges_enabled: true,
      country: stringParam(params, 'country') ?? 'US',
      created: nowSeconds(),
      default_currency: stringParam(params, 'default_currency') ?? 'usd',
      details_submitted: true,
      email: stringParam(params, 'email') ?? null,
      metadata,
      payouts_enabled: true,
      type,
    };
    this.accounts.set(account['id'] as string, account);
    return { status: 200, body: clone(account) };
  }

  private createTransfer(params: FormObject, context: RequestContext): ApiResult {
    rejectUnknownParams(params, [
      'amount',
      'currency',
      'destination',
      'transfer_group',
      'metadata',
      'description',
      'source_transaction',
      'expand',
    ]);
    const amount = integerParam(params, 'amount');
    const currency = currencyParam(params);
    const destination = stringParam(params, 'destination');
    if (!destination)
      return invalid('Missing required param: destination.', 'destination', 'parameter_missing');
    if (!this.accounts.has(destination)) {
      return invalid(`No such destination: '${destination}'`, 'destination', 'resource_missing');
    }
    const metadata = metadataParam(params);
    const full = this.full(this.transfers);
    if (full) return full;
    const transfer: Json = {
      id: objectId('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      created: nowSeconds(),
      currency,
      description: stringParam(params, 'description') ?? null,
      destination,
      livemode: false,
      metadata,
      reversed: false,
      source_transaction: stringParam(params, 'source_transaction') ?? null,
      transfer_group: stringParam(params, 'transfer_group') ?? null,
    };
    this.transfers.set(transfer['id'] as string, transfer);
    this.emit('transfer.created', transfer, context);
    return { status: 200, body: clone(transfer) };
  }

  private full(store: Map<string, Json>): ApiResult | null {
    if (store.size < limits.maxObjectsPerKind) return null;
    return {
      status: 429,
      body: apiError(
        'invalid_request_error',
        `The emulator holds at most ${limits.maxObjectsPerKind} objects of a kind.`,
        {
          code: 'rate_limit',
        },
      ),
    };
  }

  // ---- events and webhooks ----

  private emit(type: string, object: Json, context: RequestContext): EmulatorEvent {
    const event: EmulatorEvent = {
      id: `evt_${randomToken(24)}`,
      object: 'event',
      api_version: this.options.apiVersion,
      created: nowSeconds(),
      data: { object: clone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
    };
    if (this.eventLog.size >= limits.maxEvents) {
      const oldest = [...this.eventLog.keys()].find((id) => !this.queue.includes(id));
      if (oldest !== undefined) this.eventLog.delete(oldest);
    }
    this.eventLog.set(event.id, event);
    this.queue.push(event.id);
    return event;
  }

  /** Sends queued events one after another, in creation order, while not paused. */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    void (async () => {
      try {
        while (!this.paused && !this.closed && this.webhookUrl !== undefined && this.queue.length > 0) {
          const event = this.eventLog.get(this.queue.shift()!);
          if (!event) continue;
          const delivery = this.startDelivery(event);
          this.firstDeliveries.set(event.id, delivery);
          // The next event waits for this one's first attempt: in-order, like one endpoint's stream.
          await this.firstAttemptSettled.get(event.id);
        }
      } finally {
        this.pumping = false;
        this.checkIdle();
      }
    })();
  }

  private readonly firstAttemptSettled = new Map<string, Promise<void>>();

  private startDelivery(event: EmulatorEvent): Promise<DeliveryResult> {
    let settleFirst!: () => void;
    this.firstAttemptSettled.set(event.id, new Promise<void>((resolve) => (settleFirst = resolve)));
    return new Promise<DeliveryResult>((resolve) => {
      const finish = (result: DeliveryResult) => {
        this.abandon.delete(giveUp);
        resolve(result);
        this.checkIdle();
      };
      const giveUp = () => finish({ eventId: event.id, delivered: false, attempts: 0, lastStatus: null });
      this.abandon.add(giveUp);
      const attempt = async (number: number): Promise<void> => {
        const status = await this.send(event);
        if (number === 1) {
          settleFirst();
          this.firstAttemptSettled.delete(event.id);
        }
        if (status !== null && status >= 200 && status < 300) {
          finish({ eventId: event.id, delivered: true, attempts: number, lastStatus: status });
          return;
        }
        if (number >= this.options.maxDeliveryAttempts || this.closed) {
          this.log('webhook delivery abandoned', {
            event: event.id,
            type: event.type,
            attempts: number,
            status,
          });
          finish({ eventId: event.id, delivered: false, attempts: number, lastStatus: status });
          return;
        }
        const timer = setTimeout(
          () => {
            this.retryTimers.delete(timer);
            void attempt(number + 1);
          },
          this.options.retryBaseDelayMs * 2 ** (number - 1),
        );
        timer.unref();
        this.retryTimers.add(timer);
      };
      void attempt(1);
    });
  }

  /** One signed POST of the event; the HTTP status, or null when the endpoint was unreachable. */
  private async send(event: EmulatorEvent): Promise<number | null> {
    const url = this.webhookUrl;
    if (url === undefined || this.closed) return null;
    this.inFlight++;
    try {
      const payload = JSON.stringify(event, null, 2);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signatureHeader(payload, this.webhookSecret, nowSeconds()),
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.deliveryTimeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      this.log('webhook delivery failed', { event: event.id, err: error });
      return null;
    } finally {
      this.inFlight--;
    }
  }

  private isIdle(): boolean {
    const waiting = !this.paused && this.webhookUrl !== undefined && this.queue.length > 0;
    return (
      this.closed ||
      (this.inFlight === 0 && this.retryTimers.size === 0 && this.abandon.size === 0 && !waiting)
    );
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

// ---- helpers ----

function send(
  response: http.ServerResponse,
  status: number,
  body: Json,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body, null, 2);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function readBody(request: http.IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function apiError(type: string, message: string, extra: Record<string, unknown> = {}): Json {
  return { error: { type, message, ...extra } };
}

function invalid(message: string, param: string | null, code = 'parameter_invalid'): ApiResult {
  return {
    status: 400,
    body: apiError('invalid_request_error', message, { code, ...(param ? { param } : {}) }),
  };
}

function missing(kind: string, id: string): ApiResult {
  return {
    status: 404,
    body: apiError('invalid_request_error', `No such ${kind}: '${id}'`, {
      code: 'resource_missing',
      param: 'id',
    }),
  };
}

function fail(message: string, param: string | null, code = 'parameter_invalid'): never {
  throw new ParamFailure(invalid(message, param, code));
}

function rejectUnknownParams(params: FormObject, allowed: string[]): void {
  const name = Object.keys(params).find((key) => !allowed.includes(key));
  if (name !== undefined) fail(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
}

/** The emulator takes cards only, as CodeSale's top-ups do. */
function allowedPaymentMethodTypes(params: FormObject): string[] | null {
  const raw = params['allowed_payment_method_types'] ?? params['payment_method_types'];
  if (raw === undefined) return null;
  if (!Array.isArray(raw) || raw.some((type) => type !== 'card')) {
    fail('The emulator supports card payments only.', 'allowed_payment_method_types');
  }
  return ['card'];
}

function stringParam(params: FormObject, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function integerParam(params: FormObject, name: string): number {
  const raw = params[name];
  if (raw === undefined) fail(`Missing required param: ${name}.`, name, 'parameter_missing');
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) fail(`Invalid integer: ${String(raw)}`, name);
  const value = Number(raw);
  if (value < 1 || value > limits.maxAmount)
    fail(`Amount must be between 1 and ${limits.maxAmount}.`, name, 'amount_too_large');
  return value;
}

function boundedIntegerParam(params: FormObject, name: string, minimum: number, maximum: number): number {
  const raw = params[name];
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || Number(raw) < minimum || Number(raw) > maximum) {
    fail(`${name} must be a whole number between ${minimum} and ${maximum}.`, name);
  }
  return Number(raw);
}

function currencyParam(params: FormObject): string {
  const raw = params['currency'];
  if (raw === undefined) fail('Missing required param: currency.', 'currency', 'parameter_missing');
  if (typeof raw !== 'string' || !/^[a-zA-Z]{3}$/.test(raw))
    fail(`Invalid currency: ${String(raw)}`, 'currency');
  return raw.toLowerCase();
}

function metadataParam(params: FormObject): Record<string, string> {
  const raw: FormValue | undefined = params['metadata'];
  if (raw === undefined || raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) fail('Invalid metadata: must be a hash.', 'metadata');
  const entries = Object.entries(raw);
  if (entries.length > limits.maxMetadataKeys)
    fail(`Metadata holds at most ${limits.maxMetadataKeys} keys.`, 'metadata');
  const metadata: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== 'string') fail(`Invalid metadata value for ${key}.`, `metadata[${key}]`);
    if (key.length > limits.maxMetadataKeyLength || value.length > limits.maxMetadataValueLength) {
      fail('Metadata keys are at most 40 characters and values at most 500.', `metadata[${key}]`);
    }
    metadata[key] = value;
  }
  return metadata;
}

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomToken(length: number): string {
  const bytes = crypto.randomBytes(length);
  let token = '';
  for (const byte of bytes) token += alphabet[byte % alphabet.length];
  return token;
}

function objectId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

function requestId(): string {
  return `req_${randomToken(14)}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
