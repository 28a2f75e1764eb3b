/**
 * The local driver's rendered variants, least recently used out first, at most `maxBytes` in all.
 * Concurrent requests for one variant share one render. Keyed by storage key and width, so images
 * sharing stored bytes share their variants.
 */
export class VariantCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly rendering = new Map<string, Promise<Buffer | null>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  async getOrRender(key: string, render: () => Promise<Buffer | null>): Promise<Buffer | null> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = this.rendering.get(key);
    if (pending) return pending;
    const started = render().then(
      (body) => {
        this.rendering.delete(key);
        if (body) this.remember(key, body);
        return body;
      },
      (error: unknown) => {
        this.rendering.delete(key);
        throw error;
      },
    );
    this.rendering.set(key, started);
    return started;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remember(key: string, body: Buffer): void {
    if (body.length > this.maxBytes) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.length;
    }
  }
}
