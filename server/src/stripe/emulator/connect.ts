import crypto from 'node:crypto';
import {
  clone,
  fail,
  full,
  invalid,
  limits,
  metadataParam,
  missing,
  nowSeconds,
  objectId,
  randomToken,
  refused,
  rejectUnknownParams,
  requiredStringParam,
  stringParam,
  type ApiResult,
  type Json,
  type RequestContext,
} from './api';
import { Balance } from './balance';
import type { FormObject } from './form';
import { badOutcomePage, onboardingPage, unknownLinkPage } from './onboarding-page';

/**
 * Stripe Connect as CodeSale uses it: Express accounts created not yet onboarded, account links
 * to a local onboarding page that completes, stalls or fails onboarding, each change announced by
 * `account.updated`; each connected account's balance, and its bank payouts (`payout.*`).
 */

export type OnboardingOutcome = 'complete' | 'pending' | 'restricted';
export type BankPayoutOutcome = 'paid' | 'failed';

export interface BankPayoutRequest {
  /** Minor units. */
  amount: number;
  /** Either case. */
  currency: string;
  outcome: BankPayoutOutcome;
  /** With `failed`: Stripe's payout failure code; `account_closed` when unset. */
  failureCode?: string;
}

export interface EventOptions {
  /** The connected account a Connect event is about (the event's `account`). */
  account?: string;
  /** `data.previous_attributes`: the values the changed fields had before. */
  previousAttributes?: Json;
}

export interface ConnectEvents {
  emit(type: string, object: Json, context: RequestContext, options?: EventOptions): void;
}

/** An answer of the onboarding page: HTML, or a redirect. */
export interface PageResult {
  status: number;
  html?: string;
  location?: string;
}

/** What Stripe asks of a new individual Express account before it can receive transfers. */
const initialRequirements = [
  'business_profile.mcc',
  'business_profile.url',
  'business_type',
  'external_account',
  'individual.address.city',
  'individual.address.line1',
  'individual.address.postal_code',
  'individual.dob.day',
  'individual.dob.month',
  'individual.dob.year',
  'individual.email',
  'individual.first_name',
  'individual.last_name',
  'individual.phone',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

const defaultRestrictedRequirements = ['individual.verification.document', 'external_account'];

/** Payout failure codes Stripe documents, with its messages. */
const payoutFailures: Record<string, string> = {
  account_closed: 'The bank account has been closed.',
  account_frozen: 'The bank account has been frozen.',
  bank_account_restricted:
    'The bank account has restrictions on either the type or number of payouts allowed.',
  could_not_process: 'The bank could not process this payout.',
  declined: 'The bank has declined this transfer.',
  incorrect_account_holder_name:
    'The bank notified us that the bank account holder name on file is incorrect.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
  invalid_account_number: 'The bank account number is invalid.',
  invalid_currency: 'The bank was unable to process this payout because of its currency.',
  no_account:
    'The bank account details on file are probably incorrect. No bank account could be located with those details.',
};

const countryCurrencies: Record<string, string> = {
  AT: 'eur',
  BE: 'eur',
  DE: 'eur',
  ES: 'eur',
  FI: 'eur',
  FR: 'eur',
  IE: 'eur',
  IT: 'eur',
  NL: 'eur',
  PT: 'eur',
  GB: 'gbp',
  US: 'usd',
  CA: 'cad',
  AU: 'aud',
  CH: 'chf',
  SE: 'sek',
  DK: 'dkk',
  NO: 'nok',
  PL: 'pln',
};

interface AccountLinkGrant {
  accountId: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAtMs: number;
  /** Stripe's links are single use: once onboarding ended through it, it sends to refresh_url. */
  used: boolean;
}

/** ConnectAccounts' saved state. */
export interface ConnectSnapshot {
  accounts: Json[];
  balances: Record<string, Record<string, number>>;
  payouts: Json[];
}

export class ConnectAccounts {
  private readonly accounts = new Map<string, Json>();
  private readonly balances = new Map<string, Balance>();
  private readonly links = new Map<string, AccountLinkGrant>();
  private readonly payouts = new Map<string, Json>();

  constructor(
    private readonly events: ConnectEvents,
    /** The emulator's own URL, where onboarding links point. */
    private readonly baseUrl: () => string,
    private readonly accountLinkTtlMs: number,
  ) {}

  /**
   * What outlives a restart (emulator-state.ts): accounts, their balances and bank payouts. Account
   * links do not: they last minutes, and the seller asks for a new one.
   */
  snapshot(): ConnectSnapshot {
    return {
      accounts: [...this.accounts.values()],
      balances: Object.fromEntries([...this.balances].map(([id, balance]) => [id, balance.toJSON()])),
      payouts: [...this.payouts.values()],
    };
  }

  restore(saved: ConnectSnapshot): void {
    for (const account of saved.accounts) this.accounts.set(String(account['id']), account);
    for (const [id, amounts] of Object.entries(saved.balances)) this.balanceOf(id).restore(amounts);
    for (const payout of saved.payouts) this.payouts.set(String(payout['id']), payout);
  }

  /** The account itself (not a copy), for the emulator's other parts. */
  find(accountId: string): Json | undefined {
    return this.accounts.get(accountId);
  }

  account(accountId: string): Json | undefined {
    const account = this.accounts.get(accountId);
    return account ? clone(account) : undefined;
  }

  transfersActive(accountId: string): boolean {
    const capabilities = this.accounts.get(accountId)?.['capabilities'] as Json | undefined;
    return capabilities?.['transfers'] === 'active';
  }

  balanceOf(accountId: string): Balance {
    let balance = this.balances.get(accountId);
    if (!balance) {
      balance = new Balance();
      this.balances.set(accountId, balance);
    }
    return balance;
  }

  create(params: FormObject): ApiResult {
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
      'expand',
    ]);
    const type = stringParam(params, 'type') ?? 'express';
    if (!['custom', 'express', 'standard'].includes(type)) return invalid('Invalid account type.', 'type');
    const country = (stringParam(params, 'country') ?? 'US').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) return invalid(`Invalid country: ${country}`, 'country');
    const metadata = metadataParam(params);
    const capabilities = requestedCapabilities(params);
    const defaultCurrency = stringParam(params, 'default_currency');
    if (defaultCurrency !== undefined && !/^[a-zA-Z]{3}$/.test(defaultCurrency))
      return invalid(`Invalid currency: ${defaultCurrency}`, 'default_currency');
    const tooMany = full(this.accounts);
    if (tooMany) return tooMany;
    const id = `acct_${randomToken(16)}`;
    const account: Json = {
      id,
      object: 'account',
      business_profile: { mcc: null, name: null, product_description: null, url: null },
      business_type: stringParam(params, 'business_type') ?? null,
      capabilities,
      charges_enabled: false,
      country,
      created: nowSeconds(),
      default_currency: defaultCurrency?.toLowerCase() ?? countryCurrencies[country] ?? 'usd',
      details_submitted: false,
      email: stringParam(params, 'email') ?? null,
      external_accounts: {
        object: 'list',
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/accounts/${id}/external_accounts`,
      },
      future_requirements: requirements({ currentlyDue: [], pendingVerification: [], disabledReason: null }),
      livemode: false,
      metadata,
      payouts_enabled: false,
      requirements: {
        ...requirements({
          currentlyDue: initialRequirements,
          pendingVerification: [],
          disabledReason: 'requirements.past_due',
        }),
        // A new account: everything is due, nothing is overdue yet.
        past_due: [],
      },
      settings: { payouts: { schedule: { delay_days: 2, interval: 'daily' } } },
      tos_acceptance: { date: null, ip: null, user_agent: null },
      type,
    };
    this.accounts.set(id, account);
    return { status: 200, body: clone(account) };
  }

  retrieve(accountId: string): ApiResult {
    const account = this.accounts.get(accountId);
    return account ? { status: 200, body: clone(account) } : missing('account', accountId);
  }

  /**
   * `DELETE /v1/accounts/:id`, as Stripe deletes a connected account the platform manages: it is
   * gone (retrieves, links and transfers to it answer `resource_missing`); its balance and its bank
   * payouts are kept for the emulator's bookkeeping only.
   */
  delete(accountId: string, params: FormObject): ApiResult {
    rejectUnknownParams(params, []);
    if (!this.accounts.delete(accountId)) return missing('account', accountId);
    return { status: 200, body: { id: accountId, object: 'account', deleted: true } };
  }

  // ---- account links and the onboarding page ----

  createLink(params: FormObject): ApiResult {
    rejectUnknownParams(params, [
      'account',
      'refresh_url',
      'return_url',
      'type',
      'collect',
      'collection_options',
      'expand',
    ]);
    const accountId = requiredStringParam(params, 'account');
    const type = requiredStringParam(params, 'type');
    if (type !== 'account_onboarding')
      return invalid('The emulator supports type=account_onboarding only.', 'type');
    const refreshUrl = urlParam(params, 'refresh_url');
    const returnUrl = urlParam(params, 'return_url');
    if (!this.accounts.has(accountId))
      return invalid(`No such account: '${accountId}'`, 'account', 'resource_missing');
    this.forgetSpentLinks();
    const tooMany = full(this.links);
    if (tooMany) return tooMany;
    // The token is the only secret of the page (no API key there): unguessable, one account, short-lived.
    const token = crypto.randomBytes(24).toString('base64url');
    const created = nowSeconds();
    // Whole seconds, as Stripe states expires_at; the link stops working at that second.
    const expiresAtMs = (created + Math.ceil(this.accountLinkTtlMs / 1000)) * 1000;
    this.links.set(token, { accountId, refreshUrl, returnUrl, expiresAtMs, used: false });
    return {
      status: 200,
      body: {
        object: 'account_link',
        created,
        expires_at: expiresAtMs / 1000,
        url: `${this.baseUrl()}/_emulator/connect/onboarding/${token}`,
      },
    };
  }

  /** Forgets every account link, as if their five minutes had passed (tests). */
  expireLinks(): void {
    for (const grant of this.links.values()) grant.expiresAtMs = 0;
  }

  /**
   * `GET` shows the page; `POST outcome=complete|pending|restricted` ends onboarding and sends the
   * browser to return_url. A link expired or already used sends to refresh_url, as Stripe's do;
   * an unknown one is a 404 page.
   */
  onboarding(method: string, token: string, params: FormObject, context: RequestContext): PageResult {
    const grant = this.links.get(token);
    const account = grant ? this.accounts.get(grant.accountId) : undefined;
    if (!grant || !account) return { status: 404, html: unknownLinkPage() };
    if (grant.used || Date.now() >= grant.expiresAtMs) {
      return { status: method === 'POST' ? 303 : 302, location: grant.refreshUrl };
    }
    if (method === 'GET') {
      return {
        status: 200,
        html: onboardingPage(
          {
            id: String(account['id']),
            email: (account['email'] as string | null) ?? null,
            country: String(account['country']),
          },
          Math.ceil(grant.expiresAtMs / 1000),
        ),
      };
    }
    const outcome = params['outcome'];
    if (!isOnboardingOutcome(outcome)) return { status: 400, html: badOutcomePage() };
    grant.used = true;
    this.applyOnboarding(grant.accountId, outcome, undefined, context);
    return { status: 303, location: grant.returnUrl };
  }

  /**
   * Ends (or re-ends) an account's onboarding with an outcome; an actual change sends
   * `account.updated` with the account's id as the event's `account`.
   */
  applyOnboarding(
    accountId: string,
    outcome: OnboardingOutcome,
    currentlyDue: string[] | undefined,
    context: RequestContext,
  ): ApiResult {
    const account = this.accounts.get(accountId);
    if (!account) return missing('account', accountId);
    const before = clone(account);
    Object.assign(account, onboardingState(account, outcome, currentlyDue));
    const previousAttributes: Json = {};
    for (const key of Object.keys(account)) {
      if (JSON.stringify(account[key]) !== JSON.stringify(before[key])) previousAttributes[key] = before[key];
    }
    if (Object.keys(previousAttributes).length > 0) {
      this.events.emit('account.updated', account, context, { account: accountId, previousAttributes });
    }
    return { status: 200, body: clone(account) };
  }

  // ---- bank payouts of a connected account ----

  /**
   * A payout from the connected account's balance to its bank, as Stripe's automatic payouts make
   * them: `payout.created`, then `payout.paid` or `payout.failed` (the money back on the balance).
   */
  payoutToBank(accountId: string, request: BankPayoutRequest, context: RequestContext): ApiResult {
    const account = this.accounts.get(accountId);
    if (!account) return missing('account', accountId);
    if (!Number.isSafeInteger(request.amount) || request.amount < 1 || request.amount > limits.maxAmount)
      return invalid(`Amount must be between 1 and ${limits.maxAmount}.`, 'amount');
    if (!/^[a-zA-Z]{3}$/.test(request.currency))
      return invalid(`Invalid currency: ${request.currency}`, 'currency');
    if (request.outcome !== 'paid' && request.outcome !== 'failed')
      return invalid('outcome must be paid or failed', 'outcome');
    const failureCode = request.failureCode ?? 'account_closed';
    if (request.outcome === 'failed' && payoutFailures[failureCode] === undefined)
      return invalid(`Unknown payout failure code: ${failureCode}`, 'failure_code');
    if (account['payouts_enabled'] !== true) {
      return refused(`Payouts are not enabled for the account ${accountId}.`, 'payouts_not_allowed');
    }
    const currency = request.currency.toLowerCase();
    const balance = this.balanceOf(accountId);
    if (balance.available(currency) < request.amount) {
      return refused(
        'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.',
        'balance_insufficient',
      );
    }
    const tooMany = full(this.payouts);
    if (tooMany) return tooMany;
    const externalAccounts = (account['external_accounts'] as { data: Json[] }).data;
    const payout: Json = {
      id: objectId('po'),
      object: 'payout',
      amount: request.amount,
      arrival_date: nowSeconds() + 2 * 86_400,
      automatic: true,
      balance_transaction: objectId('txn'),
      created: nowSeconds(),
      currency,
      description: 'STRIPE PAYOUT',
      destination: externalAccounts[0]?.['id'] ?? null,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: {},
      method: 'standard',
      original_payout: null,
      reconciliation_status: 'not_applicable',
      reversed_by: null,
      source_type: 'card',
      statement_descriptor: null,
      status: 'pending',
      type: 'bank_account',
    };
    balance.debit(currency, request.amount);
    this.payouts.set(String(payout['id']), payout);
    this.events.emit('payout.created', payout, context, { account: accountId });
    if (request.outcome === 'paid') {
      payout['status'] = 'paid';
      this.events.emit('payout.paid', payout, context, {
        account: accountId,
        previousAttributes: { status: 'pending' },
      });
    } else {
      payout['status'] = 'failed';
      payout['failure_code'] = failureCode;
      payout['failure_message'] = payoutFailures[failureCode];
      payout['failure_balance_transaction'] = objectId('txn');
      balance.credit(currency, request.amount);
      this.events.emit('payout.failed', payout, context, {
        account: accountId,
        previousAttributes: { status: 'pending', failure_code: null, failure_message: null },
      });
    }
    return { status: 200, body: clone(payout) };
  }

  private forgetSpentLinks(): void {
    if (this.links.size < limits.maxObjectsPerKind) return;
    const now = Date.now();
    for (const [token, grant] of this.links)
      if (grant.used || now >= grant.expiresAtMs) this.links.delete(token);
  }
}

export function isOnboardingOutcome(value: unknown): value is OnboardingOutcome {
  return value === 'complete' || value === 'pending' || value === 'restricted';
}

/** `capabilities[transfers][requested]=true`: each requested capability starts inactive; transfers always exists. */
function requestedCapabilities(params: FormObject): Json {
  const raw = params['capabilities'];
  const capabilities: Json = { transfers: 'inactive' };
  if (raw === undefined || raw === '') return capabilities;
  if (typeof raw !== 'object' || Array.isArray(raw))
    fail('Invalid capabilities: must be a hash.', 'capabilities');
  for (const [name, request] of Object.entries(raw)) {
    if (!/^[a-z_]{1,60}$/.test(name)) fail(`Unknown capability: ${name}`, `capabilities[${name}]`);
    const requested =
      typeof request === 'object' && !Array.isArray(request) ? request['requested'] : undefined;
    if (requested !== 'true' && requested !== 'false')
      fail(`capabilities[${name}][requested] must be true or false.`, `capabilities[${name}][requested]`);
    if (requested === 'true') capabilities[name] = 'inactive';
  }
  return capabilities;
}

function requirements(state: {
  currentlyDue: string[];
  pendingVerification: string[];
  disabledReason: string | null;
}): Json {
  const pastDue = state.disabledReason === 'requirements.past_due' ? state.currentlyDue : [];
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: [...state.currentlyDue],
    disabled_reason: state.disabledReason,
    errors: [],
    eventually_due: [...state.currentlyDue],
    past_due: [...pastDue],
    pending_verification: [...state.pendingVerification],
  };
}

function onboardingState(
  account: Json,
  outcome: OnboardingOutcome,
  currentlyDue: string[] | undefined,
): Json {
  const capabilityStatus = outcome === 'complete' ? 'active' : outcome === 'pending' ? 'pending' : 'inactive';
  const capabilities: Json = {};
  for (const name of Object.keys(account['capabilities'] as Json)) capabilities[name] = capabilityStatus;
  const submitted = {
    details_submitted: true,
    tos_acceptance: { date: nowSeconds(), ip: '127.0.0.1', user_agent: 'Stripe emulator' },
    capabilities,
  };
  if (outcome === 'complete') {
    return {
      ...submitted,
      charges_enabled: true,
      payouts_enabled: true,
      external_accounts: withBankAccount(account),
      requirements: requirements({ currentlyDue: [], pendingVerification: [], disabledReason: null }),
    };
  }
  if (outcome === 'pending') {
    return {
      ...submitted,
      charges_enabled: false,
      payouts_enabled: false,
      requirements: requirements({
        currentlyDue: [],
        pendingVerification: ['individual.verification.document'],
        disabledReason: 'requirements.pending_verification',
      }),
    };
  }
  return {
    ...submitted,
    charges_enabled: false,
    payouts_enabled: false,
    requirements: requirements({
      currentlyDue: currentlyDue ?? defaultRestrictedRequirements,
      pendingVerification: [],
      disabledReason: 'requirements.past_due',
    }),
  };
}

/** Completing onboarding adds the seller's bank account (where bank payouts go), once. */
function withBankAccount(account: Json): Json {
  const list = clone(account['external_accounts'] as Json & { data: Json[] });
  if (list.data.length > 0) return list;
  list.data.push({
    id: objectId('ba'),
    object: 'bank_account',
    account: account['id'],
    account_holder_type: 'individual',
    bank_name: 'STRIPE TEST BANK',
    country: account['country'],
    currency: account['default_currency'],
    default_for_currency: true,
    last4: '6789',
    status: 'new',
  });
  list['total_count'] = 1;
  return list;
}

function urlParam(params: FormObject, name: string): string {
  const value = requiredStringParam(params, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('Not a valid URL', name, 'url_invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('Not a valid URL', name, 'url_invalid');
  return value;
}
