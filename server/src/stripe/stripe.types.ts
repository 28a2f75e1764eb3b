import { nulCharacterPath } from '../shared/input-validation';

/**
 * Stripe's objects as CodeSale reads them: only the fields it uses, checked at the boundary.
 * Currencies are upper case here (CodeSale's convention), lower case on the wire.
 */

export class StripePayloadError extends Error {
  override name = 'StripePayloadError';
}

export interface StripeEventEnvelope {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
  livemode: boolean;
  /** Connect events (account.updated, payout.* of a connected account): the connected account's id; null otherwise. */
  account: string | null;
  /** `data.object`: the object as it was when the event happened. */
  object: Record<string, unknown>;
}

export type StripePaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface StripePaymentIntent {
  id: string;
  status: StripePaymentIntentStatus;
  amount: number;
  currency: string;
  clientSecret: string | null;
  metadata: Record<string, string>;
  /** `last_payment_error.code` (card_declined, ...) after a failed attempt. */
  failureCode: string | null;
}

export interface StripeDispute {
  id: string;
  paymentIntentId: string | null;
  chargeId: string;
  amount: number;
  currency: string;
  /** needs_response, under_review, won, lost, warning_* ... */
  status: string;
  reason: string;
}

/** A connected account as CodeSale reads it: whether payouts can go to it, and what it still owes Stripe. */
export interface StripeConnectedAccount {
  id: string;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /** `capabilities.transfers`; a capability not requested (absent, `unrequested`) reads as inactive. */
  transfersCapability: 'active' | 'inactive' | 'pending';
  /** `requirements.currently_due`: what the seller must still provide (Stripe's field paths). */
  currentlyDue: string[];
  pastDue: string[];
  pendingVerification: string[];
  /** `requirements.disabled_reason`: requirements.past_due, requirements.pending_verification, rejected.*, ... */
  disabledReason: string | null;
  /** `metadata.seller_id`, set when CodeSale created the account. */
  sellerId: string | null;
}

export interface StripeAccountLink {
  /** Single use; send the seller there at once, never store it. */
  url: string;
  expiresAt: Date;
}

export interface StripeTransfer {
  id: string;
  /** Minor units. */
  amount: number;
  amountReversed: number;
  currency: string;
  /** The connected account's id. */
  destination: string;
  transferGroup: string | null;
  /** `metadata.payout_id`, set by CodeSale's PayoutService. */
  payoutId: string | null;
  /** Fully reversed. */
  reversed: boolean;
  created: Date;
}

/** A payout from a connected account's Stripe balance to its bank (`payout.*` events on the account). */
export interface StripeConnectPayout {
  id: string;
  /** The event's `account`: whose payout it is. */
  accountId: string;
  amount: number;
  currency: string;
  /** pending, in_transit, paid, failed, canceled. */
  status: string;
  /** account_closed, no_account, ... when failed. */
  failureCode: string | null;
  failureMessage: string | null;
  arrivalDate: Date | null;
}

const maxIdLength = 255;
/** Requirements are Stripe field paths; an account owes at most a few dozen. */
const maxRequirements = 200;
const maxMessageLength = 1_000;

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StripePayloadError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function text(object: Record<string, unknown>, field: string, what: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxIdLength) {
    throw new StripePayloadError(`${what}.${field} is not a string`);
  }
  return value;
}

function optionalText(object: Record<string, unknown>, field: string): string | null {
  const value = object[field];
  return typeof value === 'string' && value.length > 0 && value.length <= maxIdLength ? value : null;
}

function amount(object: Record<string, unknown>, field: string, what: string): number {
  const value = object[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StripePayloadError(`${what}.${field} is not an amount`);
  }
  return value;
}

function currency(object: Record<string, unknown>, what: string): string {
  const value = text(object, 'currency', what);
  if (!/^[a-zA-Z]{3}$/.test(value)) throw new StripePayloadError(`${what}.currency is not a currency`);
  return value.toUpperCase();
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') result[key] = entry;
  return result;
}

/** Unix seconds of 9999-12-31T23:59:59Z: a later `created` is no time PostgreSQL or a Date can hold. */
const maxUnixSeconds = 253_402_300_799;

export function parseStripeEvent(value: unknown): StripeEventEnvelope {
  // The event is stored as jsonb, which refuses U+0000 anywhere in it: refused here, it is a 400
  // and not a failure to record (a 500 that Stripe would retry for days).
  if (nulCharacterPath(value) !== null) throw new StripePayloadError('event holds a NUL character');
  const event = record(value, 'event');
  const id = text(event, 'id', 'event');
  if (!id.startsWith('evt_')) throw new StripePayloadError('event.id is not an event id');
  const type = text(event, 'type', 'event');
  if (type.length > 100) throw new StripePayloadError('event.type is too long');
  const data = record(event['data'], 'event.data');
  const created = event['created'];
  if (
    typeof created !== 'number' ||
    !Number.isSafeInteger(created) ||
    created < 0 ||
    created > maxUnixSeconds
  )
    throw new StripePayloadError('event.created is not a time');
  return {
    id,
    type,
    created,
    livemode: event['livemode'] === true,
    account: eventAccount(event['account']),
    object: record(data['object'], 'event.data.object'),
  };
}

function eventAccount(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isAccountId(value))
    throw new StripePayloadError('event.account is not an account id');
  return value;
}

function isAccountId(value: string): boolean {
  return /^acct_[A-Za-z0-9]{1,250}$/.test(value);
}

const paymentIntentStatuses = new Set<string>([
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
]);

export function parsePaymentIntent(value: unknown): StripePaymentIntent {
  const object = record(value, 'payment_intent');
  if (object['object'] !== 'payment_intent') throw new StripePayloadError('not a payment_intent');
  const status = text(object, 'status', 'payment_intent');
  if (!paymentIntentStatuses.has(status))
    throw new StripePayloadError(`unknown payment_intent status ${status}`);
  const lastError = object['last_payment_error'];
  return {
    id: text(object, 'id', 'payment_intent'),
    status: status as StripePaymentIntentStatus,
    amount: amount(object, 'amount', 'payment_intent'),
    currency: currency(object, 'payment_intent'),
    clientSecret: typeof object['client_secret'] === 'string' ? object['client_secret'] : null,
    metadata: stringMap(object['metadata']),
    failureCode:
      typeof lastError === 'object' && lastError !== null
        ? optionalText(lastError as Record<string, unknown>, 'code')
        : null,
  };
}

export function parseDispute(value: unknown): StripeDispute {
  const object = record(value, 'dispute');
  if (object['object'] !== 'dispute') throw new StripePayloadError('not a dispute');
  const charge = object['charge'];
  // Expanded or not, Stripe names the charge by id or as an object with an id.
  const chargeId =
    typeof charge === 'string' ? charge : text(record(charge, 'dispute.charge'), 'id', 'dispute.charge');
  const paymentIntent = object['payment_intent'];
  const paymentIntentId =
    typeof paymentIntent === 'string'
      ? paymentIntent
      : paymentIntent === null || paymentIntent === undefined
        ? null
        : text(record(paymentIntent, 'dispute.payment_intent'), 'id', 'dispute.payment_intent');
  return {
    id: text(object, 'id', 'dispute'),
    paymentIntentId,
    chargeId,
    amount: amount(object, 'amount', 'dispute'),
    currency: currency(object, 'dispute'),
    status: text(object, 'status', 'dispute'),
    reason: optionalText(object, 'reason') ?? 'general',
  };
}

function flag(object: Record<string, unknown>, field: string): boolean {
  return object[field] === true;
}

function unixTime(value: unknown, what: string): Date {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maxUnixSeconds)
    throw new StripePayloadError(`${what} is not a time`);
  return new Date(value * 1000);
}

/** A list of Stripe field paths (requirements); absent is empty. */
function paths(object: Record<string, unknown>, field: string, what: string): string[] {
  const value = object[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > maxRequirements)
    throw new StripePayloadError(`${what}.${field} is not a list of requirements`);
  return value.map((entry) => {
    if (typeof entry !== 'string' || entry.length === 0 || entry.length > maxIdLength)
      throw new StripePayloadError(`${what}.${field} holds something other than a requirement`);
    return entry;
  });
}

/** An id, or the expanded object that carries it. */
function idOrObject(object: Record<string, unknown>, field: string, what: string): string {
  const value = object[field];
  return typeof value === 'string'
    ? text(object, field, what)
    : text(record(value, `${what}.${field}`), 'id', `${what}.${field}`);
}

function message(object: Record<string, unknown>, field: string): string | null {
  const value = object[field];
  return typeof value === 'string' && value.length > 0 ? value.slice(0, maxMessageLength) : null;
}

export function parseConnectedAccount(value: unknown): StripeConnectedAccount {
  const object = record(value, 'account');
  if (object['object'] !== 'account') throw new StripePayloadError('not an account');
  const id = text(object, 'id', 'account');
  if (!isAccountId(id)) throw new StripePayloadError('account.id is not an account id');
  const capabilities =
    object['capabilities'] === undefined || object['capabilities'] === null
      ? {}
      : record(object['capabilities'], 'account.capabilities');
  const transfers = capabilities['transfers'];
  const requirements =
    object['requirements'] === undefined || object['requirements'] === null
      ? {}
      : record(object['requirements'], 'account.requirements');
  return {
    id,
    payoutsEnabled: flag(object, 'payouts_enabled'),
    detailsSubmitted: flag(object, 'details_submitted'),
    transfersCapability: transfers === 'active' || transfers === 'pending' ? transfers : 'inactive',
    currentlyDue: paths(requirements, 'currently_due', 'account.requirements'),
    pastDue: paths(requirements, 'past_due', 'account.requirements'),
    pendingVerification: paths(requirements, 'pending_verification', 'account.requirements'),
    disabledReason: optionalText(requirements, 'disabled_reason'),
    sellerId: optionalText(stringMap(object['metadata']), 'seller_id'),
  };
}

export function parseTransfer(value: unknown): StripeTransfer {
  const object = record(value, 'transfer');
  if (object['object'] !== 'transfer') throw new StripePayloadError('not a transfer');
  const amountTransferred = amount(object, 'amount', 'transfer');
  const amountReversed = amount(object, 'amount_reversed', 'transfer');
  if (amountReversed > amountTransferred)
    throw new StripePayloadError('transfer.amount_reversed exceeds transfer.amount');
  return {
    id: text(object, 'id', 'transfer'),
    amount: amountTransferred,
    amountReversed,
    currency: currency(object, 'transfer'),
    destination: idOrObject(object, 'destination', 'transfer'),
    transferGroup: optionalText(object, 'transfer_group'),
    payoutId: optionalText(stringMap(object['metadata']), 'payout_id'),
    reversed: flag(object, 'reversed'),
    created: unixTime(object['created'], 'transfer.created'),
  };
}

/** A connected account's bank payout, from a `payout.*` event whose `account` names the account. */
export function parseConnectPayout(value: unknown, accountId: string): StripeConnectPayout {
  const object = record(value, 'payout');
  if (object['object'] !== 'payout') throw new StripePayloadError('not a payout');
  if (!isAccountId(accountId)) throw new StripePayloadError('a payout needs the account id of its event');
  const arrivalDate = object['arrival_date'];
  return {
    id: text(object, 'id', 'payout'),
    accountId,
    amount: amount(object, 'amount', 'payout'),
    currency: currency(object, 'payout'),
    status: text(object, 'status', 'payout'),
    failureCode: optionalText(object, 'failure_code'),
    failureMessage: message(object, 'failure_message'),
    arrivalDate:
      arrivalDate === null || arrivalDate === undefined ? null : unixTime(arrivalDate, 'payout.arrival_date'),
  };
}

export function parseAccountLink(value: unknown): StripeAccountLink {
  const object = record(value, 'account_link');
  if (object['object'] !== 'account_link') throw new StripePayloadError('not an account_link');
  const url = object['url'];
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || url.length > 2_048)
    throw new StripePayloadError('account_link.url is not a URL');
  return { url, expiresAt: unixTime(object['expires_at'], 'account_link.expires_at') };
}
