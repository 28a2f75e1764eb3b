/**
 * Checks for values that arrive from outside and end up in SQL. PostgreSQL refuses a NUL character
 * in text, a uuid that is not one and a date that does not exist by failing the whole statement;
 * checked here first, each is the client's mistake with a typed answer, not a masked server error.
 */

/** A uuid as PostgreSQL prints it (and as every id CodeSale hands out is written). */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`: what `toISOString()` and our `to_char` keys produce, nothing looser. */
const utcTimestampPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;

/**
 * Whether `value` is a UTC timestamp of a day that exists (no 31 February, no hour 24), from year 1
 * to 9999. `Date.parse` is no check: it rolls 2024-02-31 over into March.
 */
export function isRealUtcTimestamp(value: string): boolean {
  const match = utcTimestampPattern.exec(value);
  if (!match) return false;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || hours > 23 || minutes > 59 || seconds > 59) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Where a JSON-like value holds U+0000 (in a string, or in an object key): the path to the first
 * such place in document order, [] for the value itself, or null when there is none. Iterative, so
 * a deeply nested value cannot overflow the stack; it visits each node once.
 */
export function nulCharacterPath(value: unknown): (string | number)[] | null {
  type Entry = { value: unknown; key: string | number | null; parent: Entry | null };
  const pending: Entry[] = [{ value, key: null, parent: null }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const next = entry.value;
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return pathOf(entry);
    } else if (Array.isArray(next)) {
      // Pushed last to first, so that the first item is looked at first.
      for (let index = next.length - 1; index >= 0; index--) {
        pending.push({ value: next[index], key: index, parent: entry });
      }
    } else if (typeof next === 'object' && next !== null) {
      const entries = Object.entries(next);
      for (const [key] of entries) {
        if (key.includes('\u0000')) return [...pathOf(entry), key];
      }
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index]!;
        pending.push({ value: item, key, parent: entry });
      }
    }
  }
  return null;

  function pathOf(entry: Entry): (string | number)[] {
    const path: (string | number)[] = [];
    for (let at: Entry | null = entry; at && at.key !== null; at = at.parent) path.push(at.key);
    return path.reverse();
  }
}
