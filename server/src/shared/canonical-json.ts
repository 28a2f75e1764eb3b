import crypto from 'node:crypto';
import { assert } from './assert';

/**
 * The one serialisation behind every hash of structured data (idempotency inputs, request hashes,
 * evidence and risk snapshots): JSON with object keys sorted at every level, `undefined` members
 * left out and dates as ISO strings, so the same value always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const encoded = JSON.stringify(value);
    assert(encoded !== undefined, 'canonical JSON of a value JSON cannot encode');
    return encoded;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/** SHA-256 of the value's canonical JSON. */
export function canonicalHash(value: unknown): Buffer {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest();
}
