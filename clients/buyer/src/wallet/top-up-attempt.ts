/**
 * One idempotency key per top-up attempt (server rule: `createTopUp` with a key it has seen returns
 * the first top-up; with another amount it is IDEMPOTENCY_KEY_REUSED).
 *
 * - An attempt starts when the buyer submits an amount: it gets a fresh key.
 * - Until the server gives a definitive answer (a payload, with a top-up or with errors), every
 *   retry of the same amount and currency reuses that key: a request lost on the way, a timeout or a
 *   double click can never start two payments.
 * - A definitive answer ends the attempt: the next submission gets a new key.
 * - Submitting another amount while an answer is still unknown starts a new attempt (the old key
 *   would be refused as reused); the unanswered one, if it ever reached the server, stays an unpaid
 *   PENDING top-up, which charges nothing.
 */
export interface TopUpAttemptInput {
  amount: number;
  currency: string;
}

export interface TopUpAttempt extends TopUpAttemptInput {
  idempotencyKey: string;
}

export class TopUpAttempts {
  private current: TopUpAttempt | null = null;

  constructor(private readonly newKey: () => string = newIdempotencyKey) {}

  /** The attempt to send now: the unanswered one for the same input, or a new one. */
  begin(input: TopUpAttemptInput): TopUpAttempt {
    if (this.current && this.current.amount === input.amount && this.current.currency === input.currency) {
      return this.current;
    }
    this.current = { ...input, idempotencyKey: this.newKey() };
    return this.current;
  }

  /** The server answered (a top-up or typed errors): this key is spent. */
  answered(attempt: TopUpAttempt): void {
    if (this.current?.idempotencyKey === attempt.idempotencyKey) this.current = null;
  }

  /** The request may or may not have reached the server: keep the key for the retry. */
  unanswered(_attempt: TopUpAttempt): void {
    // Deliberately nothing: the key stays until a definitive answer.
  }

  /** The key a retry would use, if an attempt is still open (for display and tests). */
  get pending(): TopUpAttempt | null {
    return this.current;
  }
}

/**
 * A new idempotency key. crypto.randomUUID exists in secure contexts (https, localhost); elsewhere
 * the same 122 random bits come from getRandomValues. Server rule: 1 to 100 of letters, digits,
 * `.` `_` `:` `-` (server/src/shared/idempotency.ts).
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
