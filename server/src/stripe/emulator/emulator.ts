import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  apiError,
  boundedIntegerParam,
  clone,
  constantTimeEqual,
  currencyParam,
  fail,
  full,
  integerParam,
  invalid,
  limits,
  metadataParam,
  missing,
  nowSeconds,
  objectId,
  ParamFailure,
  randomToken,
  rejectUnknownParams,
  requestId,
  sha256,
  stringListParam,
  stringParam,
  type ApiResult,
  type Json,
  type RequestContext,
} from './api';
import { Balance } from './balance';
import {
  ConnectAccounts,
  isOnboardingOutcome,
  type BankPayoutRequest,
  type EventOptions,
  type OnboardingOutcome,
  type PageResult,
} from './connect';
import { FaultPlan, type EmulatorFault, type ScheduledFault } from './faults';
import { FormError, parseForm, type FormObject } from './form';
import {
  claimStateFile,
  EmulatorStateWriter,
  readEmulatorState,
  releaseStateFile,
  type EmulatorState,
} from './emulator-state';
import { generateWebhookSecret, signatureHeader } from './signature';
import { Transfers } from './transfers';

export type { EmulatorFault, ScheduledFault } from './faults';
export type { BankPayoutOutcome, BankPayoutRequest, OnboardingOutcome } from './connect';

/**
 * A Stripe-compatible HTTP server for development and tests: exactly the endpoints CodeSale calls,
 * with Stripe's encoding, errors, idempotency and signed webhooks, so that the official SDK runs
 * its real code path against it. It keeps its state in memory, bounded.
 *
 * API (form-encoded, `Authorization: Bearer <secretKey>`):
 *   POST /v1/payment_intents, GET /v1/payment_intents/:id, POST /v1/payment_intents/:id/confirm,
 *   POST /v1/payment_intents/:id/cancel
 *   POST /v1/accounts, GET /v1/accounts/:id, POST /v1/account_links            (connect.ts)
 *   POST /v1/transfers, GET /v1/transfers, GET /v1/transfers/:id,
 *   POST /v1/transfers/:id/reversals, GET /v1/transfers/:id/reversals            (transfers.ts)
 *   GET  /v1/balance (the platform's; a connected account's with `Stripe-Account`)
 * The onboarding page an account link points to (no API key: the token in the URL is the secret):
 *   GET|POST /_emulator/connect/onboarding/:token    outcome=complete|pending|restricted
 * Emulator-only controls (same authentication), for tests and for outside tools (docs/API.md):
 *   GET  /_emulator/events               type=..., limit=1..100: the newest events first
 *   POST /_emulator/events/:id/replay    send an event again (same id, fresh signature)
 *   GET  /_emulator/webhooks             where webhooks go, whether paused, the queued events
 *   POST /_emulator/webhooks/pause       hold new events in the queue
 *   POST /_emulator/webhooks/reorder     events[]=evt_...: these queued events go first, in this order
 *   POST /_emulator/webhooks/resume      send what is queued, in queue order
 *   POST /_emulator/disputes/:id/close   status=won|lost
 *   POST /_emulator/accounts/:id/onboarding   outcome=complete|pending|restricted, currently_due[]=...
 *   POST /_emulator/accounts/:id/payouts      amount, currency, outcome=paid|failed, failure_code
 *   POST /_emulator/balance              amount, currency: credit the platform's balance
 *   GET  /_emulator/faults, POST /_emulator/faults (method, path, kind, ms, times), POST /_emulator/faults/clear
 *   POST /_emulator/latency              ms: every API request waits that long
 *   POST /_emulator/idempotency/expire   forget every idempotency key (a day has passed)
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
 *
 * With `stateFile` (npm start's, beside its embedded database), what Stripe would still know after
 * a restart is kept in that file and read back at start (emulator-state.ts).
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
  /** Every API request (`/v1/...`) waits this long before it is handled (benchmarks); 0 by default. */
  latencyMs?: number;
  /** How long a result is kept for its idempotency key: 24 hours, as Stripe keeps them. */
  idempotencyKeyTtlMs?: number;
  /** How long an account link works: five minutes, as Stripe's. */
  accountLinkTtlMs?: number;
  onLog?: (message: string, fields?: Record<string, unknown>) => void;
  /** Where the state is kept between runs (emulator-state.ts); unset: in memory only, gone at close. */
  stateFile?: string;
}

export interface EmulatorEvent {
  id: string;
  object: 'event';
  /** Connect events only (account.updated, payout.*): the connected account they are about. */
  account?: string;
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
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

const dayMs = 24 * 60 * 60 * 1000;

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
  readonly secretKey: string;
  /** As in Stripe.js: with it, a browser may confirm a PaymentIntent whose client_secret it holds, nothing else. */
  readonly publishableKey: string;
  readonly webhookSecret: string;

  private readonly server: http.Server;
  private readonly options: Required<
    Omit<StripeEmulatorOptions, 'webhookUrl' | 'webhookSecret' | 'onLog' | 'port' | 'stateFile'>
  >;
  private readonly log: (message: string, fields?: Record<string, unknown>) => void;
  private webhookUrl: string | undefined;
  private listeningPort = 0;

  private readonly paymentIntents = new Map<string, Json>();
  private readonly charges = new Map<string, Json>();
  private readonly disputes = new Map<string, Json>();
  private readonly eventLog = new Map<string, EmulatorEvent>();
  private readonly idempotency = new Map<
    string,
    { fingerprint: string; result: ApiResult; savedAtMs: number }
  >();
  /** The platform's own balance: top-ups credit it, transfers debit it. */
  private readonly platformBalance = new Balance();
  private readonly connect: ConnectAccounts;
  private readonly transfers: Transfers;
  private readonly faultPlan = new FaultPlan();
  private latencyMs: number;
  /** Requests waiting out a latency: close() lets them go. */
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  private readonly queue: string[] = [];
  private readonly firstDeliveries = new Map<string, Promise<DeliveryResult>>();
  private paused = false;
  private pumping = false;
  private inFlight = 0;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly abandon = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Events created and not yet answered 2xx by the webhook endpoint (nor given up on). */
  private readonly undelivered = new Set<string>();
  private readonly stateWriter: EmulatorStateWriter | undefined;

  private constructor(
    options: StripeEmulatorOptions,
    /** The file this emulator claimed, and what it held; none when in memory only. */
    private readonly state: { file: string; saved: EmulatorState | undefined } | undefined,
  ) {
    const saved = state?.saved;
    this.secretKey = saved?.secretKey ?? `sk_test_emulator${crypto.randomBytes(16).toString('hex')}`;
    this.publishableKey =
      saved?.publishableKey ?? `pk_test_emulator${crypto.randomBytes(16).toString('hex')}`;
    this.webhookSecret = options.webhookSecret ?? saved?.webhookSecret ?? generateWebhookSecret();
    this.options = {
      apiVersion: options.apiVersion,
      maxDeliveryAttempts: options.maxDeliveryAttempts ?? 5,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 200,
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
      latencyMs: options.latencyMs ?? 0,
      idempotencyKeyTtlMs: options.idempotencyKeyTtlMs ?? dayMs,
      accountLinkTtlMs: options.accountLinkTtlMs ?? 300_000,
    };
    this.latencyMs = checkedLatency(this.options.latencyMs);
    this.log = options.onLog ?? (() => undefined);
    this.webhookUrl = options.webhookUrl;
    const events = { emit: this.emit.bind(this) };
    this.connect = new ConnectAccounts(events, () => this.url, this.options.accountLinkTtlMs);
    this.transfers = new Transfers(this.connect, this.platformBalance, events);
    if (saved) this.restore(saved);
    this.stateWriter = state && new EmulatorStateWriter(state.file, () => this.snapshot(), this.log);
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
    const log = options.onLog ?? (() => undefined);
    const file = options.stateFile;
    let state: { file: string; saved: EmulatorState | undefined } | undefined;
    if (file !== undefined && claimStateFile(file)) state = { file, saved: readEmulatorState(file, log) };
    else if (file !== undefined)
      log('Stripe emulator state file in use by another process: this one keeps its state in memory', {
        file,
      });
    const emulator = new StripeEmulator(options, state);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(options.port ?? 0, '127.0.0.1', () => {
        emulator.server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      if (state) releaseStateFile(state.file);
      throw error;
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

  /** Forgets a PaymentIntent, as an emulator restarted since without its state file would have. */
  forgetPaymentIntent(paymentIntentId: string): void {
    this.stateChanged();
    this.paymentIntents.delete(paymentIntentId);
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
    this.stateChanged();
    const result = this.closeDisputeResult(disputeId, outcome, controlContext());
    if (result.status !== 200) throw new Error(String((result.body['error'] as Json)['message']));
    this.pump();
    return result.body;
  }

  // ---- Connect, balance and faults: test controls ----

  /** A copy of a connected account as the API shows it. */
  account(accountId: string): Json | undefined {
    return this.connect.account(accountId);
  }

  /** A copy of a transfer as the API shows it. */
  transfer(transferId: string): Json | undefined {
    return this.transfers.transfer(transferId);
  }

  /**
   * Ends an account's onboarding as the onboarding page would (complete, pending verification,
   * restricted with `currentlyDue` outstanding) and sends `account.updated` when it changed.
   */
  updateAccount(accountId: string, outcome: OnboardingOutcome, currentlyDue?: string[]): Json {
    this.stateChanged();
    return this.controlResult(
      this.connect.applyOnboarding(accountId, outcome, currentlyDue, controlContext()),
    );
  }

  /** Adds money to the platform's available balance, as a top-up with Stripe's 0077 test card does. */
  creditBalance(currency: string, amount: number): void {
    this.stateChanged();
    if (!/^[a-zA-Z]{3}$/.test(currency)) throw new Error(`${currency} is not a currency`);
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > limits.maxAmount)
      throw new Error(`a credit is 1..${limits.maxAmount} minor units`);
    this.platformBalance.credit(currency, amount);
  }

  /** Empties the platform's available balance in a currency (tests of transfers refused for insufficient funds). */
  drainBalance(currency: string): void {
    this.stateChanged();
    const available = this.platformBalance.available(currency);
    if (available > 0) this.platformBalance.debit(currency, available);
  }

  /** The platform's available balance in a currency (either case), in minor units. */
  balance(currency: string): number {
    return this.platformBalance.available(currency);
  }

  /** A connected account's available balance: what its transfers brought, less its payouts and reversals. */
  connectedBalance(accountId: string, currency: string): number {
    return this.connect.balanceOf(accountId).available(currency);
  }

  /** A bank payout of a connected account: `payout.created`, then `payout.paid` or `payout.failed`. */
  payoutToBank(accountId: string, request: BankPayoutRequest): Json {
    this.stateChanged();
    return this.controlResult(this.connect.payoutToBank(accountId, request, controlContext()));
  }

  /** Reverses a transfer (the rest of it by default), as the platform's dashboard would. */
  reverseTransfer(transferId: string, amount?: number): Json {
    this.stateChanged();
    const params: FormObject = amount === undefined ? {} : { amount: String(amount) };
    return this.controlResult(
      this.caught(() => this.transfers.reverse(transferId, params, controlContext())),
    );
  }

  /** Forgets every idempotency key, as Stripe does once a key is 24 hours old. */
  expireIdempotencyKeys(): void {
    this.stateChanged();
    this.idempotency.clear();
  }

  /** Every account link expires, as five minutes would make them. */
  expireAccountLinks(): void {
    this.connect.expireLinks();
  }

  /** Every API request waits `ms` before it is handled. */
  setLatency(ms: number): void {
    this.latencyMs = checkedLatency(ms);
  }

  /** The next `times` API requests that match meet the fault (faults.ts says what each kind does). */
  injectFault(fault: EmulatorFault, times = 1): void {
    this.faultPlan.inject(fault, times);
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /** The faults still scheduled, with how many requests each still applies to. */
  faults(): ScheduledFault[] {
    return this.faultPlan.list();
  }

  /** A control's result: the object, its events on their way; a refusal is thrown (the test asked for something impossible). */
  private controlResult(result: ApiResult): Json {
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
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    this.sleepers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Deliveries cut short stay undelivered in the file: the next start sends them.
    if (this.state) {
      await this.stateWriter?.writeNow();
      releaseStateFile(this.state.file);
    }
    this.checkIdle();
  }

  // ---- state between runs (emulator-state.ts) ----

  private stateChanged(): void {
    if (!this.closed) this.stateWriter?.changed();
  }

  private snapshot(): EmulatorState {
    return {
      version: 1,
      secretKey: this.secretKey,
      publishableKey: this.publishableKey,
      webhookSecret: this.webhookSecret,
      paymentIntents: [...this.paymentIntents.values()],
      charges: [...this.charges.values()],
      disputes: [...this.disputes.values()],
      events: [...this.eventLog.values()] as unknown as Json[],
      undelivered: [...this.undelivered],
      idempotency: [...this.idempotency],
      platformBalance: this.platformBalance.toJSON(),
      connect: this.connect.snapshot(),
      transfers: this.transfers.snapshot(),
    };
  }

  private restore(saved: EmulatorState): void {
    const byId = (objects: Json[], into: Map<string, Json>) => {
      for (const object of objects) into.set(String(object['id']), object);
    };
    byId(saved.paymentIntents, this.paymentIntents);
    byId(saved.charges, this.charges);
    byId(saved.disputes, this.disputes);
    for (const event of saved.events as unknown as EmulatorEvent[]) this.eventLog.set(event.id, event);
    for (const [key, entry] of saved.idempotency) this.idempotency.set(key, entry);
    this.platformBalance.restore(saved.platformBalance);
    this.connect.restore(saved.connect);
    this.transfers.restore(saved.transfers);
    // Owed to the webhook endpoint: queued again, in creation order, sent once it is set.
    for (const id of saved.undelivered) {
      if (!this.eventLog.has(id)) continue;
      this.undelivered.add(id);
      this.queue.push(id);
    }
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
    const onboardingToken = /^\/_emulator\/connect\/onboarding\/([A-Za-z0-9_-]{1,100})$/.exec(url.pathname);
    if (onboardingToken && (method === 'GET' || method === 'POST')) {
      // A browser's page, not the API: the token in the URL is its only credential.
      this.answerPage(response, this.connect.onboarding(method, onboardingToken[1]!, params, context));
      if (method === 'POST') this.stateChanged();
      return;
    }
    if (!this.authorized(header(request, 'authorization') ?? '', method, url.pathname, params)) {
      const message = 'Invalid API Key provided. The emulator accepts only its own keys.';
      send(response, 401, apiError('invalid_request_error', message), headers);
      return;
    }
    const isApi = url.pathname.startsWith('/v1/');
    const fault = isApi ? this.faultPlan.take(method, url.pathname) : null;
    if (isApi) {
      await this.sleep(this.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0));
      if (this.closed) return;
    }
    if (fault?.kind === 'error_before_apply') {
      const message =
        'An unknown error occurred while processing your request (emulator fault: nothing was applied).';
      send(response, 500, apiError('api_error', message), headers);
      return;
    }
    const answer = this.execute(method, url.pathname, body, params, context, request);
    if (method !== 'GET') this.stateChanged();
    if (fault?.kind === 'response_lost') {
      // Applied and kept: only the answer goes missing, as when a connection drops after Stripe committed.
      setImmediate(() => this.pump());
      request.socket.destroy();
      return;
    }
    this.respond(response, answer.result, { ...headers, ...answer.headers });
  }

  /** Runs an API request under Stripe's idempotency rules; the result and the headers they add. */
  private execute(
    method: string,
    path: string,
    body: string,
    params: FormObject,
    context: RequestContext,
    request: http.IncomingMessage,
  ): { result: ApiResult; headers: Record<string, string> } {
    const connectedAccount = header(request, 'stripe-account');
    if (connectedAccount !== undefined) {
      return { result: this.onConnectedAccount(method, path, params, connectedAccount), headers: {} };
    }
    const key = context.idempotencyKey;
    if (method !== 'POST' || key === null) {
      return { result: this.route(method, path, params, context), headers: {} };
    }
    if (key.length > 255) {
      return {
        result: {
          status: 400,
          body: apiError('invalid_request_error', 'Idempotency keys are at most 255 characters.'),
        },
        headers: {},
      };
    }
    const fingerprint = `${method} ${path} ${sha256(body)}`;
    const previous = this.savedResult(key);
    if (previous && previous.fingerprint !== fingerprint) {
      const message =
        `Keys for idempotent requests can only be used with the same parameters they were first used with. ` +
        `Try using a key other than '${key}' if you meant to execute a different request.`;
      return { result: { status: 400, body: apiError('idempotency_error', message) }, headers: {} };
    }
    if (previous) {
      return { result: previous.result, headers: { 'Idempotency-Key': key, 'Idempotent-Replayed': 'true' } };
    }
    const result = this.route(method, path, params, context);
    // Like Stripe: a result is kept once the endpoint began executing (a success, a card declined, a
    // transfer refused for want of balance), never for parameters that failed validation.
    if (result.status === 200 || result.status === 402 || result.executed === true)
      this.remember(key, fingerprint, result);
    return { result, headers: { 'Idempotency-Key': key } };
  }

  /**
   * With `Stripe-Account: acct_...` a request acts on a connected account. The emulator answers
   * only what CodeSale reads that way: the connected account's balance.
   */
  private onConnectedAccount(method: string, path: string, params: FormObject, accountId: string): ApiResult {
    if (!this.connect.find(accountId)) {
      return {
        status: 403,
        body: apiError(
          'invalid_request_error',
          `The provided key does not have access to account '${accountId}' (or that account does not exist).`,
          { code: 'account_invalid' },
        ),
      };
    }
    if (method === 'GET' && path === '/v1/balance') {
      return this.caught(() => {
        rejectUnknownParams(params, ['expand']);
        return { status: 200, body: this.connect.balanceOf(accountId).object() };
      });
    }
    return invalid(`The emulator does not answer ${method} ${path} on a connected account.`, null);
  }

  private answerPage(response: http.ServerResponse, page: PageResult): void {
    const headers: Record<string, string> = {
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    };
    if (page.location !== undefined) {
      response.writeHead(page.status, { ...headers, location: page.location, 'content-length': 0 });
      response.end();
    } else {
      const html = page.html ?? '';
      response.writeHead(page.status, {
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        'content-length': Buffer.byteLength(html),
      });
      response.end(html);
    }
    // An onboarding outcome sends account.updated, after the browser got its answer.
    setImmediate(() => this.pump());
  }

  /** Waits `ms` (a latency), or less when the emulator closes. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(sleeper);
    });
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
    this.idempotency.set(key, { fingerprint, result, savedAtMs: Date.now() });
  }

  /** The result kept for a key, unless it is older than Stripe keeps them (then the key is new again). */
  private savedResult(key: string): { fingerprint: string; result: ApiResult } | undefined {
    const saved = this.idempotency.get(key);
    if (saved && Date.now() - saved.savedAtMs >= this.options.idempotencyKeyTtlMs) {
      this.idempotency.delete(key);
      return undefined;
    }
    return saved;
  }

  private route(method: string, path: string, params: FormObject, context: RequestContext): ApiResult {
    return this.caught(() => this.dispatch(method, path, params, context));
  }

  /** A parameter that failed validation becomes Stripe's 400 answer. */
  private caught(endpoint: () => ApiResult): ApiResult {
    try {
      return endpoint();
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
        if (method === 'POST' && id !== undefined && action === 'cancel')
          return this.cancelPaymentIntent(id, params, context);
      }
      if (resource === 'accounts') {
        if (method === 'POST' && id === undefined) return this.connect.create(params);
        if (method === 'GET' && id !== undefined && action === undefined) return this.connect.retrieve(id);
        if (method === 'DELETE' && id !== undefined && action === undefined)
          return this.connect.delete(id, params);
      }
      if (resource === 'account_links' && method === 'POST' && id === undefined)
        return this.connect.createLink(params);
      if (resource === 'transfers') {
        if (method === 'POST' && id === undefined) return this.transfers.create(params, context);
        if (method === 'GET' && id === undefined) return this.transfers.list(params);
        if (method === 'GET' && id !== undefined && action === undefined) return this.transfers.retrieve(id);
        if (method === 'POST' && id !== undefined && action === 'reversals')
          return this.transfers.reverse(id, params, context);
        if (method === 'GET' && id !== undefined && action === 'reversals')
          return this.transfers.listReversals(id, params);
      }
      if (resource === 'balance' && method === 'GET' && id === undefined) {
        rejectUnknownParams(params, ['expand']);
        return { status: 200, body: this.platformBalance.object() };
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
    return (
      this.connectControl(method, segments, params, context) ?? this.faultControl(method, segments, params)
    );
  }

  /** `/_emulator/accounts/:id/onboarding`, `/_emulator/accounts/:id/payouts`, `/_emulator/balance`. */
  private connectControl(
    method: string,
    segments: string[],
    params: FormObject,
    context: RequestContext,
  ): ApiResult | null {
    const [resource, id, action] = segments;
    if (method !== 'POST') return null;
    if (resource === 'accounts' && id !== undefined && action === 'onboarding') {
      rejectUnknownParams(params, ['outcome', 'currently_due']);
      const outcome = params['outcome'];
      if (!isOnboardingOutcome(outcome))
        return invalid('outcome must be complete, pending or restricted', 'outcome');
      const currentlyDue = stringListParam(params, 'currently_due', 100);
      return this.connect.applyOnboarding(id, outcome, currentlyDue, context);
    }
    if (resource === 'accounts' && id !== undefined && action === 'payouts') {
      rejectUnknownParams(params, ['amount', 'currency', 'outcome', 'failure_code']);
      const outcome = params['outcome'];
      if (outcome !== 'paid' && outcome !== 'failed')
        return invalid('outcome must be paid or failed', 'outcome');
      const failureCode = stringParam(params, 'failure_code');
      return this.connect.payoutToBank(
        id,
        {
          amount: integerParam(params, 'amount'),
          currency: currencyParam(params),
          outcome,
          ...(failureCode === undefined ? {} : { failureCode }),
        },
        context,
      );
    }
    if (resource === 'balance' && id === undefined) {
      rejectUnknownParams(params, ['amount', 'currency']);
      const amount = integerParam(params, 'amount');
      const currency = currencyParam(params);
      this.platformBalance.credit(currency, amount);
      return { status: 200, body: this.platformBalance.object() };
    }
    return null;
  }

  /** `/_emulator/faults`, `/_emulator/faults/clear`, `/_emulator/latency`, `/_emulator/idempotency/expire`. */
  private faultControl(method: string, segments: string[], params: FormObject): ApiResult | null {
    const [resource, action, ...extra] = segments;
    if (extra.length > 0) return null;
    const state = (): ApiResult => ({
      status: 200,
      body: { object: 'emulator_faults', latency_ms: this.latencyMs, faults: this.faults() },
    });
    if (resource === 'faults' && action === undefined && method === 'GET') {
      rejectUnknownParams(params, []);
      return state();
    }
    if (resource === 'faults' && action === undefined && method === 'POST') {
      rejectUnknownParams(params, ['method', 'path', 'kind', 'ms', 'times']);
      const faultMethod = stringParam(params, 'method') ?? 'POST';
      const path = stringParam(params, 'path');
      const kind = stringParam(params, 'kind');
      if (faultMethod !== 'GET' && faultMethod !== 'POST' && faultMethod !== 'DELETE')
        return invalid('method must be GET, POST or DELETE', 'method');
      if (path === undefined || !/^\/v1(\/[A-Za-z0-9_.-]+)*$/.test(path))
        return invalid('path must be an API path such as /v1/transfers', 'path');
      const times =
        params['times'] === undefined ? 1 : boundedIntegerParam(params, 'times', 1, limits.maxFaultTimes);
      let fault: EmulatorFault;
      if (kind === 'latency') {
        fault = {
          method: faultMethod,
          path,
          kind,
          ms: boundedIntegerParam(params, 'ms', 0, limits.maxLatencyMs),
        };
      } else if (kind === 'error_before_apply' || kind === 'response_lost') {
        fault = { method: faultMethod, path, kind };
      } else {
        return invalid('kind must be latency, error_before_apply or response_lost', 'kind');
      }
      if (this.faults().length >= limits.maxFaults)
        return invalid(`At most ${limits.maxFaults} faults.`, null);
      this.injectFault(fault, times);
      return state();
    }
    if (method !== 'POST') return null;
    if (resource === 'faults' && action === 'clear') {
      rejectUnknownParams(params, []);
      this.clearFaults();
      return state();
    }
    if (resource === 'latency' && action === undefined) {
      rejectUnknownParams(params, ['ms']);
      this.setLatency(boundedIntegerParam(params, 'ms', 0, limits.maxLatencyMs));
      return state();
    }
    if (resource === 'idempotency' && action === 'expire') {
      rejectUnknownParams(params, []);
      this.expireIdempotencyKeys();
      return { status: 200, body: { object: 'emulator_idempotency', keys: 0 } };
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
    const tooMany = full(this.paymentIntents);
    if (tooMany) return tooMany;
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
    if (paymentIntent['status'] === 'canceled') {
      return invalid(
        'This PaymentIntent has been canceled: it can no longer be confirmed. Create a new one.',
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
    const tooMany = full(this.charges);
    if (tooMany) return tooMany;

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
    // Top-ups fund the platform: the money is available at once here (Stripe's 0077 test card does
    // that; other cards wait two days in the pending balance).
    this.platformBalance.credit(String(paymentIntent['currency']), Number(paymentIntent['amount']));
    this.emit('charge.succeeded', charge, context);
    this.emit('payment_intent.succeeded', paymentIntent, context);
    if (card.outcome === 'dispute') this.openDispute(charge, context);
    return { status: 200, body: clone(paymentIntent) };
  }

  /**
   * Stripe's cancel: a PaymentIntent not yet paid (requires_payment_method, requires_confirmation,
   * requires_action) becomes canceled and can never be confirmed; a succeeded or canceled one is
   * refused with payment_intent_unexpected_state.
   */
  private cancelPaymentIntent(id: string, params: FormObject, context: RequestContext): ApiResult {
    rejectUnknownParams(params, ['cancellation_reason', 'expand']);
    const paymentIntent = this.paymentIntents.get(id);
    if (!paymentIntent) return missing('payment_intent', id);
    const status = String(paymentIntent['status']);
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(status)) {
      return invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        null,
        'payment_intent_unexpected_state',
      );
    }
    paymentIntent['status'] = 'canceled';
    paymentIntent['canceled_at'] = nowSeconds();
    paymentIntent['cancellation_reason'] = stringParam(params, 'cancellation_reason') ?? null;
    this.emit('payment_intent.canceled', paymentIntent, context);
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
    // Stripe takes the disputed amount from the balance when the dispute opens (and gives it back if won).
    this.platformBalance.debit(String(dispute['currency']), Number(dispute['amount']));
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
    if (outcome === 'won')
      this.platformBalance.credit(String(dispute['currency']), Number(dispute['amount']));
    this.emit('charge.dispute.closed', dispute, context);
    return { status: 200, body: clone(dispute) };
  }

  // ---- Connect (connect.ts, transfers.ts) ----

  // ---- events and webhooks ----

  private emit(
    type: string,
    object: Json,
    context: RequestContext,
    options: EventOptions = {},
  ): EmulatorEvent {
    const event: EmulatorEvent = {
      id: `evt_${randomToken(24)}`,
      object: 'event',
      // Stripe names the connected account on Connect events only; a platform event has no `account`.
      ...(options.account === undefined ? {} : { account: options.account }),
      api_version: this.options.apiVersion,
      created: nowSeconds(),
      data: {
        object: clone(object),
        ...(options.previousAttributes === undefined
          ? {}
          : { previous_attributes: clone(options.previousAttributes) }),
      },
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
    this.undelivered.add(event.id);
    this.stateChanged();
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
        // Given up on by close(): still owed to the endpoint, by the next start.
        if (!(this.closed && result.attempts === 0)) {
          this.undelivered.delete(event.id);
          this.stateChanged();
        }
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

/** The emulator takes cards only, as CodeSale's top-ups do. */
function allowedPaymentMethodTypes(params: FormObject): string[] | null {
  const raw = params['allowed_payment_method_types'] ?? params['payment_method_types'];
  if (raw === undefined) return null;
  if (!Array.isArray(raw) || raw.some((type) => type !== 'card')) {
    fail('The emulator supports card payments only.', 'allowed_payment_method_types');
  }
  return ['card'];
}

/** The context of an event a test control causes (Stripe's own action, no API request of the platform's). */
function controlContext(): RequestContext {
  return { requestId: requestId(), idempotencyKey: null };
}

function checkedLatency(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > limits.maxLatencyMs)
    throw new Error(`latency is 0..${limits.maxLatencyMs} ms`);
  return ms;
}
