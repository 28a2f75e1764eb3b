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

const maxIdLength = 255;

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
    object: record(data['object'], 'event.data.object'),
  };
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
