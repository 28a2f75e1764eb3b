import type { Json } from './api';

/**
 * One Stripe balance: the available amount per currency (lower case), in minor units. The
 * platform has one (top-ups credit it, transfers debit it); so does each connected account
 * (transfers credit it, bank payouts and reversals debit it). A balance may go negative, as
 * Stripe's does when a dispute takes back money that was already spent.
 */
export class Balance {
  private readonly availableByCurrency = new Map<string, number>();

  available(currency: string): number {
    return this.availableByCurrency.get(currency.toLowerCase()) ?? 0;
  }

  credit(currency: string, amount: number): void {
    this.change(currency, amount);
  }

  debit(currency: string, amount: number): void {
    this.change(currency, -amount);
  }

  /** Stripe's balance object (`GET /v1/balance`); nothing pending: money is available at once here. */
  object(): Json {
    const currencies = [...this.availableByCurrency.keys()].sort();
    if (currencies.length === 0) currencies.push('usd');
    return {
      object: 'balance',
      available: currencies.map((currency) => ({
        amount: this.available(currency),
        currency,
        source_types: { card: this.available(currency) },
      })),
      connect_reserved: currencies.map((currency) => ({ amount: 0, currency })),
      livemode: false,
      pending: currencies.map((currency) => ({ amount: 0, currency, source_types: { card: 0 } })),
    };
  }

  /** The amounts by currency, for the emulator's state file (emulator-state.ts). */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.availableByCurrency);
  }

  /** Replaces the amounts with a saved `toJSON()`. */
  restore(saved: Record<string, number>): void {
    this.availableByCurrency.clear();
    for (const [currency, amount] of Object.entries(saved)) this.change(currency, amount);
  }

  private change(currency: string, delta: number): void {
    if (!Number.isSafeInteger(delta)) throw new Error(`balance change ${delta} is not a whole amount`);
    const key = currency.toLowerCase();
    const next = this.available(key) + delta;
    if (!Number.isSafeInteger(next)) throw new Error('balance out of range');
    this.availableByCurrency.set(key, next);
  }
}
