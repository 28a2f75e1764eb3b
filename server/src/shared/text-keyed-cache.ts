/**
 * Values kept by a text the clients send (a GraphQL document, say), bounded by the texts' total
 * length: a parsed document is some tens of times its text, so its text is what to count. A text
 * longer than `maxKeyLength` is not kept; past `maxTotalLength`, the oldest entries leave first.
 * Clients repeat a handful of texts; an attacker sending many only pushes them out for a while.
 */
export class TextKeyedCache<Value> {
  private readonly entries = new Map<string, Value>();
  private totalLength = 0;

  constructor(
    private readonly maxKeyLength: number,
    private readonly maxTotalLength: number,
  ) {}

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` under `key`, unless the key is too long or already kept (the first value stays). */
  set(key: string, value: Value): void {
    if (key.length > this.maxKeyLength || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.totalLength += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.totalLength <= this.maxTotalLength) break;
      this.entries.delete(oldest);
      this.totalLength -= oldest.length;
    }
  }
}
