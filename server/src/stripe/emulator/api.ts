import crypto from 'node:crypto';
import type { FormObject, FormValue } from './form';

/**
 * What every emulated endpoint shares: its result, Stripe's error shapes, the readers of its
 * parameters (which refuse as Stripe does), ids and clocks.
 */

export type Json = Record<string, unknown>;

export interface ApiResult {
  status: number;
  body: Json;
  /**
   * The endpoint began executing before it refused (insufficient balance, a capability missing):
   * Stripe keeps such an answer for the idempotency key, as it keeps a success. A parameter that
   * failed validation never began executing, and is not kept.
   */
  executed?: boolean;
}

/** A request parameter failed validation: answered as Stripe does, and never remembered for its idempotency key. */
export class ParamFailure extends Error {
  constructor(readonly result: ApiResult) {
    super(String((result.body['error'] as Json)['message']));
  }
}

export interface RequestContext {
  requestId: string;
  idempotencyKey: string | null;
}

export const limits = {
  maxBodyBytes: 64 * 1024,
  maxObjectsPerKind: 20_000,
  maxEvents: 10_000,
  maxIdempotencyKeys: 10_000,
  maxMetadataKeys: 50,
  maxMetadataKeyLength: 40,
  maxMetadataValueLength: 500,
  maxAmount: 99_999_999,
  maxListPage: 100,
  maxFaults: 100,
  maxFaultTimes: 10_000,
  maxLatencyMs: 60_000,
} as const;

export function apiError(type: string, message: string, extra: Record<string, unknown> = {}): Json {
  return { error: { type, message, ...extra } };
}

export function invalid(message: string, param: string | null, code = 'parameter_invalid'): ApiResult {
  return {
    status: 400,
    body: apiError('invalid_request_error', message, { code, ...(param ? { param } : {}) }),
  };
}

/** A refusal decided while the endpoint ran (Stripe keeps it for the idempotency key). */
export function refused(message: string, code: string, param: string | null = null): ApiResult {
  return { ...invalid(message, param, code), executed: true };
}

export function missing(kind: string, id: string): ApiResult {
  return {
    status: 404,
    body: apiError('invalid_request_error', `No such ${kind}: '${id}'`, {
      code: 'resource_missing',
      param: 'id',
    }),
  };
}

/** Answered when a store holds as many objects as the emulator keeps. */
export function full(store: { size: number }): ApiResult | null {
  if (store.size < limits.maxObjectsPerKind) return null;
  return {
    status: 429,
    body: apiError(
      'invalid_request_error',
      `The emulator holds at most ${limits.maxObjectsPerKind} objects of a kind.`,
      { code: 'rate_limit' },
    ),
  };
}

export function fail(message: string, param: string | null, code = 'parameter_invalid'): never {
  throw new ParamFailure(invalid(message, param, code));
}

export function rejectUnknownParams(params: FormObject, allowed: string[]): void {
  const name = Object.keys(params).find((key) => !allowed.includes(key));
  if (name !== undefined) fail(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
}

export function stringParam(params: FormObject, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function requiredStringParam(params: FormObject, name: string): string {
  const value = params[name];
  if (value === undefined || value === '')
    fail(`Missing required param: ${name}.`, name, 'parameter_missing');
  if (typeof value !== 'string') fail(`Invalid ${name}: must be a string.`, name);
  return value;
}

export function integerParam(params: FormObject, name: string): number {
  const raw = params[name];
  if (raw === undefined) fail(`Missing required param: ${name}.`, name, 'parameter_missing');
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) fail(`Invalid integer: ${String(raw)}`, name);
  const value = Number(raw);
  if (value < 1 || value > limits.maxAmount)
    fail(`Amount must be between 1 and ${limits.maxAmount}.`, name, 'amount_too_large');
  return value;
}

export function boundedIntegerParam(
  params: FormObject,
  name: string,
  minimum: number,
  maximum: number,
): number {
  const raw = params[name];
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || Number(raw) < minimum || Number(raw) > maximum) {
    fail(`${name} must be a whole number between ${minimum} and ${maximum}.`, name);
  }
  return Number(raw);
}

export function currencyParam(params: FormObject): string {
  const raw = params['currency'];
  if (raw === undefined) fail('Missing required param: currency.', 'currency', 'parameter_missing');
  if (typeof raw !== 'string' || !/^[a-zA-Z]{3}$/.test(raw))
    fail(`Invalid currency: ${String(raw)}`, 'currency');
  return raw.toLowerCase();
}

export function metadataParam(params: FormObject): Record<string, string> {
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

/** `name[]=a&name[]=b` (or one `name=a`): a bounded list of short strings. */
export function stringListParam(params: FormObject, name: string, maxEntries: number): string[] | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  const values = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(values) || values.some((value) => typeof value !== 'string' || value.length > 200)) {
    fail(`${name}[] must list strings.`, name);
  }
  if (values.length > maxEntries) fail(`${name}[] lists at most ${maxEntries} entries.`, name);
  return values as string[];
}

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number): string {
  const bytes = crypto.randomBytes(length);
  let token = '';
  for (const byte of bytes) token += alphabet[byte % alphabet.length];
  return token;
}

export function objectId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

export function requestId(): string {
  return `req_${randomToken(14)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
