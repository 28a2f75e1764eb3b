'use client';

import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe, type Stripe } from '@stripe/stripe-js';
import { Button, Input, Paper, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { CardFormProps } from './card-form.types';

/**
 * The card form with real Stripe keys: Stripe Elements, loaded only here (TopUpPanel imports this
 * file lazily), so the emulator path never fetches Stripe's script.
 */
const stripes = new Map<string, Promise<Stripe | null>>();

function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let stripe = stripes.get(publishableKey);
  if (!stripe) {
    stripe = loadStripe(publishableKey);
    stripes.set(publishableKey, stripe);
  }
  return stripe;
}

function CardPayment({
  clientSecret,
  payLabel,
  onConfirmed,
  focusOnShow,
}: Omit<CardFormProps, 'publishableKey'>) {
  const stripe = useStripe();
  const elements = useElements();
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const card = elements?.getElement(CardElement);
    if (!stripe || !card || sending) return;
    setSending(true);
    try {
      const result = await stripe.confirmCardPayment(clientSecret, { payment_method: { card } });
      if (result.error) {
        onConfirmed({
          status: result.error.type === 'card_error' ? 'declined' : 'failed',
          message: result.error.message ?? 'Your card was declined.',
          declineCode: result.error.decline_code ?? result.error.code,
        });
      } else {
        onConfirmed({ status: result.paymentIntent.status === 'succeeded' ? 'succeeded' : 'failed' });
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Card">
      <Stack gap="sm">
        <Input.Wrapper label="Card" description="Card number, expiry date and CVC">
          <Paper withBorder p="sm" mt={4}>
            <CardElement
              options={{ hidePostalCode: true }}
              // Stripe's iframe takes the focus only once it is ready: its card number field then has it.
              onReady={(element) => {
                if (focusOnShow) element.focus();
              }}
            />
          </Paper>
        </Input.Wrapper>
        <Button type="submit" loading={sending} disabled={!stripe} style={{ alignSelf: 'start' }}>
          {payLabel}
        </Button>
      </Stack>
    </form>
  );
}

export default function StripeCardForm({ publishableKey, ...props }: CardFormProps) {
  return (
    <Elements stripe={stripeFor(publishableKey)}>
      <CardPayment {...props} />
    </Elements>
  );
}
