/**
 * Confirms a PaymentIntent through the Stripe emulator exactly as Stripe.js confirms it with Stripe:
 * `POST /v1/payment_intents/:id/confirm`, the publishable key as the bearer, a form body with the
 * payment method and the client secret. The buyer app's server forwards /stripe-emulator/* to the
 * API, which forwards it to the emulator.
 */
export interface CardConfirmation {
  status: 'succeeded' | 'declined' | 'failed';
  /** For a decline: Stripe's message (safe to show) and codes. */
  message?: string;
  declineCode?: string;
}

const confirmTimeoutMs = 30_000;

/** `pi_123_secret_abc` → `pi_123`, as Stripe.js derives it. */
export function paymentIntentIdOf(clientSecret: string): string {
  const separator = clientSecret.indexOf('_secret_');
  if (separator <= 0) throw new Error('The payment could not be started (malformed client secret).');
  return clientSecret.slice(0, separator);
}

interface StripeErrorBody {
  error?: { type?: string; code?: string; decline_code?: string; message?: string };
}

export async function confirmWithEmulator(options: {
  clientSecret: string;
  publishableKey: string;
  paymentMethod: string;
  basePath?: string;
}): Promise<CardConfirmation> {
  const id = paymentIntentIdOf(options.clientSecret);
  const body = new URLSearchParams({
    payment_method: options.paymentMethod,
    client_secret: options.clientSecret,
  });
  const response = await fetch(
    `${options.basePath ?? '/stripe-emulator'}/v1/payment_intents/${encodeURIComponent(id)}/confirm`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.publishableKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(confirmTimeoutMs),
    },
  );
  const answer = (await response.json().catch(() => null)) as (StripeErrorBody & { status?: string }) | null;
  if (response.ok && answer?.status === 'succeeded') return { status: 'succeeded' };
  if (answer?.error?.type === 'card_error') {
    return {
      status: 'declined',
      message: answer.error.message ?? 'Your card was declined.',
      declineCode: answer.error.decline_code ?? answer.error.code,
    };
  }
  return {
    status: 'failed',
    message: answer?.error?.message ?? `The card could not be confirmed (HTTP ${response.status}).`,
  };
}
