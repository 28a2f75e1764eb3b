import { formatMoney, parseMoneyInput, type MoneyValue } from '@codesale/client-shared';

/**
 * A withdrawal request and its idempotency key. One key per attempt: pressing "Request" again
 * after no answer (a timeout, a dropped connection) repeats the same attempt with the same key, so
 * the server answers with the first request instead of making a second; a different amount or
 * currency, or any answer from the server, ends the attempt and the next press starts a new one.
 */
export interface WithdrawalAttempt {
  idempotencyKey: string;
  amount: number;
  currency: string;
}

/** The server takes 1 to 100 of letters, digits, ".", "_", ":", "-". */
export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** 128 random bits as hex; getRandomValues works outside secure contexts too, unlike randomUUID. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `withdrawal:${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export function attemptFor(
  previous: WithdrawalAttempt | null,
  amount: number,
  currency: string,
  newKey: () => string = newIdempotencyKey,
): WithdrawalAttempt {
  if (previous && previous.amount === amount && previous.currency === currency) return previous;
  return { idempotencyKey: newKey(), amount, currency };
}

/**
 * The amount typed, in minor units, or why it cannot be requested (before asking the server).
 * `minimum` is the quote's (PAYOUT_MIN_WITHDRAWAL_AMOUNT), null until a quote came back.
 */
export function parseWithdrawalAmount(
  text: string,
  limits: { available: number; minimum: MoneyValue | null },
): { ok: true; amount: number } | { ok: false; message: string } {
  const amount = parseMoneyInput(text);
  if (amount === null) return { ok: false, message: 'Enter an amount such as 50.00.' };
  if (amount < 1) return { ok: false, message: 'Enter an amount above zero.' };
  if (limits.minimum !== null && amount < limits.minimum.amount) {
    return { ok: false, message: `The smallest withdrawal is ${formatMoney(limits.minimum)}.` };
  }
  if (amount > limits.available) return { ok: false, message: 'This is more than is available now.' };
  return { ok: true, amount };
}

export type AttemptResult<Answer> =
  /** The server answered (the request, or its refusal): the attempt is over. */
  | { attempt: null; answered: true; answer: Answer }
  /** No answer: the attempt is kept, and pressing again repeats it with the same key. */
  | { attempt: WithdrawalAttempt; answered: false; error: unknown };

/** Sends one press of "Request withdrawal" as an attempt (see WithdrawalAttempt). */
export async function sendWithdrawalAttempt<Answer>(
  previous: WithdrawalAttempt | null,
  amount: number,
  currency: string,
  send: (attempt: WithdrawalAttempt) => Promise<Answer>,
  newKey: () => string = newIdempotencyKey,
): Promise<AttemptResult<Answer>> {
  const attempt = attemptFor(previous, amount, currency, newKey);
  try {
    return { attempt: null, answered: true, answer: await send(attempt) };
  } catch (error) {
    return { attempt, answered: false, error };
  }
}
