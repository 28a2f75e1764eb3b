/**
 * Stripe's request encoding: application/x-www-form-urlencoded with bracket nesting, as the SDK
 * writes it (`metadata[top_up_id]=...`, `payment_method_types[0]=card`, `expand[]=latest_charge`).
 * Bounded: a request that exceeds a limit is refused, not truncated.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export const formLimits = { maxPairs: 500, maxDepth: 5, maxKeyLength: 200, maxValueLength: 5_000 } as const;

export class FormError extends Error {
  override name = 'FormError';
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

const forbiddenSegments = new Set(['__proto__', 'prototype', 'constructor']);

export function parseForm(body: string): FormObject {
  const root: { [key: string]: Node } = {};
  if (body.trim() === '') return {};
  const pairs = body.split('&');
  if (pairs.length > formLimits.maxPairs)
    throw new FormError(`At most ${formLimits.maxPairs} parameters per request.`);
  for (const pair of pairs) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const rawKey = separator < 0 ? pair : pair.slice(0, separator);
    const rawValue = separator < 0 ? '' : pair.slice(separator + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key.length > formLimits.maxKeyLength)
      throw new FormError('Parameter name too long.', key.slice(0, 40));
    if (value.length > formLimits.maxValueLength) throw new FormError('Parameter value too long.', key);
    assign(root, splitKey(key), value, key);
  }
  return normalizeArrays(root) as FormObject;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new FormError('Malformed form encoding.');
  }
}

/** `a[b][0]` -> ['a', 'b', '0']; `a[]` -> ['a', '']. */
function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw new FormError(`Invalid parameter name: ${key}`, key);
  const segments = [match[1]!];
  const rest = match[2] ?? '';
  for (const bracket of rest.matchAll(/\[([^[\]]*)\]/g)) segments.push(bracket[1]!);
  if (segments.length > formLimits.maxDepth) throw new FormError('Parameters are nested too deeply.', key);
  for (const segment of segments) {
    if (forbiddenSegments.has(segment)) throw new FormError(`Invalid parameter name: ${key}`, key);
  }
  return segments;
}

type Node = { [key: string]: Node } | string;

function assign(root: { [key: string]: Node }, segments: string[], value: string, fullKey: string): void {
  let container = root;
  for (let index = 0; index < segments.length; index++) {
    let segment = segments[index]!;
    if (segment === '') segment = String(Object.keys(container).length); // `a[]=x` appends
    const last = index === segments.length - 1;
    if (last) {
      if (typeof container[segment] === 'object')
        throw new FormError(`Conflicting values for ${fullKey}.`, fullKey);
      container[segment] = value;
      return;
    }
    const next = container[segment];
    if (typeof next === 'string') throw new FormError(`Conflicting values for ${fullKey}.`, fullKey);
    if (next === undefined) container[segment] = {};
    container = container[segment] as { [key: string]: Node };
  }
}

/** Objects whose keys are exactly 0..n-1 become arrays, as Stripe reads them. */
function normalizeArrays(node: Node): FormValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const values = keys.map((key) => normalizeArrays(node[key]!));
  const isArray = keys.length > 0 && keys.every((key, index) => key === String(index));
  if (isArray) return values;
  const result: FormObject = {};
  keys.forEach((key, index) => (result[key] = values[index]!));
  return result;
}
