/**
 * The emulator's card form (used when `paymentSettings.emulator` is true): Stripe's published test
 * card numbers become the test PaymentMethods Stripe.js would create for them, which the emulator
 * understands (server/src/stripe/emulator/emulator.ts). Nothing else is accepted: no real card number
 * ever goes anywhere.
 */
export const testCards: Readonly<Record<string, { paymentMethod: string; label: string }>> = {
  '4242424242424242': { paymentMethod: 'pm_card_visa', label: 'Visa, succeeds' },
  '5555555555554444': { paymentMethod: 'pm_card_mastercard', label: 'Mastercard, succeeds' },
  '4000000000000002': { paymentMethod: 'pm_card_chargeDeclined', label: 'Declined' },
  '4000000000009995': {
    paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
    label: 'Declined, insufficient funds',
  },
  '4000000000000259': { paymentMethod: 'pm_card_createDispute', label: 'Succeeds, then disputed' },
};

export const useTestCardMessage =
  'Use a Stripe test card: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined. No real card is charged here.';

export interface TestCardInput {
  cardNumber: string;
  /** MM/YY or MM/YYYY, or MMYY (parseExpiry). */
  expiry: string;
  cvc: string;
}

export type TestCardResult =
  | { ok: true; paymentMethod: string }
  | { ok: false; field: 'cardNumber' | 'expiry' | 'cvc'; message: string };

/** The card number's digits, without the spaces or dashes people type. */
export function cardDigits(cardNumber: string): string {
  return cardNumber.replace(/[\s-]/g, '');
}

/**
 * Expiry as month and four-digit year, or null when it is not a date: MM/YY or MM/YYYY (spaces
 * around the slash allowed), or the digits alone as card fields take them (MMYY, MMYYYY).
 */
export function parseExpiry(expiry: string): { month: number; year: number } | null {
  const match =
    /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry) ?? /^\s*(\d{2})(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!match) return null;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

/**
 * The expiry field's value as the buyer types, the way card fields format it: digits only, the
 * month then a slash then the year ("1230" shows "12/30"; "12 / 30" and "12/30" too). A month that
 * cannot take a second digit (2 to 9) is padded ("4" shows "04/"), and so is a one-digit month
 * followed by a separator ("1/" shows "01/"). The slash is added after two digits only while typing
 * forward (`value` longer than `before`, the field's previous value), so Backspace goes back over
 * it. At most MM/YYYY.
 */
export function formatExpiryInput(value: string, before = ''): string {
  const separated = /^\s*(\d{1,2})\s*[/\-. ]\s*(\d*)/.exec(value);
  let month: string;
  let year: string;
  if (separated) {
    month = separated[1]!.padStart(2, '0');
    year = separated[2]!;
  } else {
    let digits = value.replace(/\D/g, '');
    if (/^[2-9]/.test(digits)) digits = `0${digits}`;
    month = digits.slice(0, 2);
    year = digits.slice(2);
  }
  year = year.slice(0, 4);
  // The buyer's own separator stays ("12/" after deleting the year's digit).
  if (year || separated) return `${month}/${year}`;
  const typingForward = value.length > before.length;
  return month.length === 2 && typingForward ? `${month}/` : month;
}

/** Checks the form like Stripe Elements would, then maps the number to its test PaymentMethod. */
export function testPaymentMethodFor(input: TestCardInput, now: Date = new Date()): TestCardResult {
  const card = testCards[cardDigits(input.cardNumber)];
  if (!card) return { ok: false, field: 'cardNumber', message: useTestCardMessage };
  const expiry = parseExpiry(input.expiry);
  if (!expiry) return { ok: false, field: 'expiry', message: 'Enter the expiry date as MM/YY.' };
  // A card is valid through the last day of its expiry month.
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (expiry.year * 12 + (expiry.month - 1) < currentMonth) {
    return { ok: false, field: 'expiry', message: 'This card has expired: use a date in the future.' };
  }
  if (!/^\d{3,4}$/.test(input.cvc.trim())) {
    return { ok: false, field: 'cvc', message: 'The security code (CVC) is 3 or 4 digits.' };
  }
  return { ok: true, paymentMethod: card.paymentMethod };
}
