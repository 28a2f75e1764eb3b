'use client';

import { Alert, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CardFormProps } from './card-form.types';
import { confirmWithEmulator } from './emulator-confirm';
import { formatExpiryInput, testPaymentMethodFor, type TestCardInput } from './test-cards';

type FieldErrors = Partial<Record<keyof TestCardInput, string>>;

/**
 * The card form with the Stripe emulator: Stripe's test numbers only, confirmed through the
 * emulator as Stripe.js would confirm with Stripe. Stripe's script is never loaded here.
 */
export function TestCardForm({
  clientSecret,
  publishableKey,
  payLabel,
  onConfirmed,
  focusOnShow,
}: CardFormProps) {
  const [card, setCard] = useState<TestCardInput>({ cardNumber: '', expiry: '', cvc: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const cardNumber = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusOnShow) cardNumber.current?.focus();
    // Once, when the form shows.
  }, []);

  const change = (field: keyof TestCardInput) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setCard((current) => ({
      ...current,
      // The expiry is formatted as it is typed (MM/YY), as card fields do.
      [field]: field === 'expiry' ? formatExpiryInput(value, current.expiry) : value,
    }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const checked = testPaymentMethodFor(card);
    if (!checked.ok) {
      setErrors({ [checked.field]: checked.message });
      return;
    }
    setSending(true);
    try {
      onConfirmed(
        await confirmWithEmulator({ clientSecret, publishableKey, paymentMethod: checked.paymentMethod }),
      );
    } catch {
      onConfirmed({
        status: 'failed',
        message:
          'We could not reach the payment service. Check your connection and pay again: you will not be charged twice.',
      });
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Test card">
      <Stack gap="sm">
        {/* A note beside the form, not an interruption: Mantine's default role="alert" would announce it. */}
        <Alert color="blue" title="Test mode: no real card is charged" role="note">
          <Text size="sm">
            Use one of Stripe&apos;s test cards, any future expiry date and any 3-digit CVC:
          </Text>
          <List size="sm" mt={4}>
            <List.Item>4242 4242 4242 4242: succeeds</List.Item>
            <List.Item>4000 0000 0000 0002: declined</List.Item>
            <List.Item>4000 0000 0000 9995: declined, insufficient funds</List.Item>
          </List>
        </Alert>
        <TextInput
          ref={cardNumber}
          label="Card number"
          name="cardnumber"
          autoComplete="cc-number"
          inputMode="numeric"
          placeholder="4242 4242 4242 4242"
          value={card.cardNumber}
          onChange={change('cardNumber')}
          error={errors.cardNumber}
          required
        />
        <Group grow align="start">
          <TextInput
            label="Expiry (MM/YY)"
            name="exp-date"
            autoComplete="cc-exp"
            inputMode="numeric"
            placeholder="MM/YY"
            value={card.expiry}
            onChange={change('expiry')}
            error={errors.expiry}
            required
          />
          <TextInput
            label="CVC"
            name="cvc"
            autoComplete="cc-csc"
            inputMode="numeric"
            placeholder="123"
            value={card.cvc}
            onChange={change('cvc')}
            error={errors.cvc}
            required
          />
        </Group>
        <Button type="submit" loading={sending} style={{ alignSelf: 'start' }}>
          {payLabel}
        </Button>
      </Stack>
    </form>
  );
}
