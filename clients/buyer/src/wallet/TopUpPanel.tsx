'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import { formatMoney, parseMoneyInput, type MoneyValue } from '@codesale/client-shared';
import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import Link from 'next/link';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useFragment as unmask } from '../gql';
import type { BuyerPaymentSettingsQuery } from '../gql/graphql';
import type { CardConfirmation } from './emulator-confirm';
import { minorToInput } from './format';
import { TestCardForm } from './TestCardForm';
import { TopUpAttempts } from './top-up-attempt';
import { topUpOffer } from './top-up-offer';
import {
  CancelTopUpMutation,
  CreateTopUpMutation,
  ResumeTopUpMutation,
  TopUpFieldsFragment,
  TopUpQuery,
} from './wallet.documents';

/** Stripe Elements only with real Stripe keys: a separate chunk, never fetched with the emulator. */
const StripeCardForm = lazy(() => import('./StripeCardForm'));

type PaymentSettings = BuyerPaymentSettingsQuery['paymentSettings'];

type Step =
  | { kind: 'amount' }
  | {
      kind: 'card';
      topUpId: string;
      clientSecret: string;
      amount: MoneyValue;
      problem?: CardProblem;
      /** The card form's first field takes the focus when it shows (after "Continue to payment"). */
      focusCard?: boolean;
    }
  | { kind: 'processing'; topUpId: string; amount: MoneyValue };

interface CardProblem {
  title: string;
  message: string;
}

const declineAdvice =
  'Nothing was charged. Try another card, or ask your bank why the payment was refused, then pay again.';

function notStarted(message: string): CardProblem {
  return { title: 'The top-up was not started', message };
}

/** The server's message for this refusal names its API (cancelTopUp): the buyer reads what to do on this page. */
const tooManyUnpaid =
  'Too many of your top-ups are waiting for payment. Pay or cancel one of the unpaid top-ups listed below on this page, then top up again.';

const declinedTitle = 'Your card was declined';

/** Stripe's generic decline message is the title itself ("Your card was declined."): it is said once. */
function declined(stripeMessage: string | undefined): CardProblem {
  const repeatsTitle = stripeMessage?.trim().replace(/\.$/, '').toLowerCase() === declinedTitle.toLowerCase();
  const reason = stripeMessage && !repeatsTitle ? `${stripeMessage} ` : '';
  return { title: declinedTitle, message: `${reason}${declineAdvice}` };
}

/**
 * The focus may move to what the panel shows next: it is nowhere (the button that had it went with
 * the step it belonged to: the page's body has it), or in this panel. Not when the buyer went on
 * to something else on the page while the bank confirmed.
 */
function focusIsFree(panel: HTMLElement | null): boolean {
  const active = document.activeElement;
  return !active || active === document.body || (panel?.contains(active) ?? false);
}

function amountProblem(minor: number | null, settings: PaymentSettings, currency: string): string | null {
  if (minor === null) return 'Enter an amount, for example 50.00.';
  if (minor < settings.minTopUp || minor > settings.maxTopUp) {
    return `Top up between ${formatMoney({ amount: settings.minTopUp, currency })} and ${formatMoney({
      amount: settings.maxTopUp,
      currency,
    })}.`;
  }
  return null;
}

/**
 * Adds money by card: the amount (one idempotency key per attempt, kept across retries until the
 * server answers: top-up-attempt.ts), then the card (the emulator's test-card form or Stripe
 * Elements), then waiting for Stripe's webhook to credit the wallet. The wallet page's viewerEvents
 * subscription refetches the top-up and the wallet when they change, so the new balance appears
 * without a reload.
 */
export function TopUpPanel({
  settings,
  currency,
  initialAmount,
  returnTo,
  newBalance,
  onUnpaidChanged,
  resume,
  onResumed,
  onOpenTopUp,
}: {
  settings: PaymentSettings;
  currency: string;
  /** Minor units (the checkout's "top up" link passes the missing amount). */
  initialAmount: number | null;
  /** The listing the buyer was short of money for: once paid, the way back to it. */
  returnTo: string | null;
  newBalance: MoneyValue | null;
  /** The unpaid top-ups may have changed: one was started or canceled, or a new one was refused for too many. */
  onUnpaidChanged: () => void;
  /** An unpaid top-up the buyer chose to pay now (the unpaid list's "Pay"): its card step opens here. */
  resume: string | null;
  /** `resume` was taken: the page forgets it, so that it is not taken twice. */
  onResumed: () => void;
  /** The top-up this panel is paying now (its card form or its processing), null when none. */
  onOpenTopUp?: (topUpId: string | null) => void;
}) {
  // A link's amount outside the limits (an old "top up €0.50" link) is brought within them: a
  // pre-filled amount the form then refuses helps nobody. The field says the limits.
  const [amountText, setAmountText] = useState(
    initialAmount ? minorToInput(topUpOffer(initialAmount, settings).amount) : '',
  );
  const [amountError, setAmountError] = useState<string | null>(null);
  const [requestProblem, setRequestProblem] = useState<CardProblem | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'amount' });
  const attempts = useRef(new TopUpAttempts());
  const openTopUpId = step.kind === 'amount' ? null : step.topUpId;
  useEffect(() => onOpenTopUp?.(openTopUpId), [onOpenTopUp, openTopUpId]);
  const [createTopUp, creation] = useMutation(CreateTopUpMutation);
  const [cancelTopUp] = useMutation(CancelTopUpMutation);
  const [resumeTopUp] = useMutation(ResumeTopUpMutation);
  const heading = useRef<HTMLHeadingElement>(null);
  /** The refusal shown (the amount's or the card's): one at a time. */
  const problemAlert = useRef<HTMLDivElement>(null);

  const topUpId = step.kind === 'amount' ? null : step.topUpId;
  const topUpQuery = useQuery(TopUpQuery, {
    variables: { id: topUpId ?? '' },
    skip: topUpId === null,
    fetchPolicy: 'network-only',
  });
  const topUp = unmask(TopUpFieldsFragment, topUpQuery.data?.topUp ?? undefined);
  const succeeded = topUp?.id === topUpId && topUp?.status === 'SUCCEEDED';

  // The Pay button goes with the card form: the keyboard and screen readers land on what replaces
  // it, the processing message, then the money added with the new balance.
  const panel = useRef<HTMLDivElement>(null);
  const processingMessage = useRef<HTMLParagraphElement>(null);
  const successMessage = useRef<HTMLDivElement>(null);
  const stage = step.kind !== 'amount' && succeeded ? 'succeeded' : step.kind;
  useEffect(() => {
    const target =
      stage === 'succeeded'
        ? successMessage.current
        : stage === 'processing'
          ? processingMessage.current
          : null;
    if (target && focusIsFree(panel.current)) target.focus();
  }, [stage]);

  // The busy button took the focus with it: the keyboard and screen readers land on the refusal instead.
  const cardProblem = step.kind === 'card' ? step.problem : undefined;
  useEffect(() => {
    if (cardProblem ?? requestProblem) problemAlert.current?.focus();
  }, [cardProblem, requestProblem]);

  const submitAmount = async (event: FormEvent) => {
    event.preventDefault();
    if (creation.loading) return;
    const minor = parseMoneyInput(amountText);
    const problem = amountProblem(minor, settings, currency);
    setAmountError(problem);
    setRequestProblem(null);
    if (problem || minor === null) return;
    const attempt = attempts.current.begin({ amount: minor, currency });
    let payload;
    try {
      const result = await createTopUp({ variables: { input: attempt } });
      payload = result.data?.createTopUp;
    } catch {
      attempts.current.unanswered(attempt);
      setRequestProblem(
        notStarted(
          'We could not reach CodeSale. Try again: retrying is safe, it cannot start a second payment.',
        ),
      );
      return;
    }
    if (!payload) {
      attempts.current.unanswered(attempt);
      setRequestProblem(
        notStarted('CodeSale did not answer. Try again: retrying is safe, it cannot start a second payment.'),
      );
      return;
    }
    attempts.current.answered(attempt);
    const [error] = payload.errors;
    if (error) {
      if (error.field === 'amount') setAmountError(error.message);
      else if (error.code === 'TOO_MANY_PENDING_TOP_UPS') setRequestProblem(notStarted(tooManyUnpaid));
      else setRequestProblem(notStarted(error.message));
      if (error.code === 'TOO_MANY_PENDING_TOP_UPS') onUnpaidChanged();
      return;
    }
    onUnpaidChanged();
    const created = unmask(TopUpFieldsFragment, payload.topUp ?? undefined);
    if (!created || !payload.clientSecret) {
      setRequestProblem(notStarted('The payment could not be started. Try again in a moment.'));
      return;
    }
    setStep({
      kind: 'card',
      topUpId: created.id,
      clientSecret: payload.clientSecret,
      amount: created.amount,
      focusCard: true,
    });
  };

  /** Opens the card step of an unpaid top-up: Stripe's same payment, so paying it twice is impossible. */
  const payUnpaid = async (unpaidId: string) => {
    setRequestProblem(null);
    let payload;
    try {
      payload = (await resumeTopUp({ variables: { input: { topUpId: unpaidId } } })).data?.resumeTopUp;
    } catch {
      payload = undefined;
    }
    const resumed = unmask(TopUpFieldsFragment, payload?.topUp ?? undefined);
    if (!payload || !resumed || !payload.clientSecret) {
      setStep({ kind: 'amount' });
      setRequestProblem({
        title: 'The top-up cannot be paid',
        message: payload?.errors[0]?.message ?? 'CodeSale did not answer. Try again in a moment.',
      });
      onUnpaidChanged();
    } else {
      setStep({
        kind: 'card',
        topUpId: resumed.id,
        clientSecret: payload.clientSecret,
        amount: resumed.amount,
      });
    }
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  };

  useEffect(() => {
    if (resume === null) return;
    onResumed();
    void payUnpaid(resume);
    // Only a new request matters (payUnpaid is recreated each render).
  }, [resume]);

  const onConfirmed = (result: CardConfirmation) => {
    if (step.kind !== 'card') return;
    if (result.status === 'succeeded') {
      setStep({ kind: 'processing', topUpId: step.topUpId, amount: step.amount });
      // The webhook may already have credited the wallet: read the top-up once now, then on events.
      void topUpQuery.refetch();
      return;
    }
    void topUpQuery.refetch();
    setStep({
      ...step,
      problem:
        result.status === 'declined'
          ? declined(result.message)
          : { title: 'The payment did not go through', message: result.message ?? 'Try again in a moment.' },
    });
  };

  const restart = () => {
    setStep({ kind: 'amount' });
    setAmountText('');
  };

  /** "Change the amount": the top-up shown will not be paid, so it is canceled (best effort: it stays listed if not). */
  const abandon = () => {
    if (step.kind === 'card') {
      const topUpId = step.topUpId;
      void cancelTopUp({ variables: { input: { topUpId } } })
        .catch(() => undefined)
        .finally(onUnpaidChanged);
    }
    restart();
  };

  // What the live region announces: each status change of the top-up, once.
  let announcement = '';
  let body;
  if (step.kind !== 'amount' && succeeded) {
    announcement = `Top-up of ${formatMoney(step.amount)} succeeded.${
      newBalance ? ` Your balance is now ${formatMoney(newBalance)}.` : ''
    }`;
    body = (
      <Stack gap="sm">
        <Alert
          color="teal"
          title="Money added"
          data-testid="top-up-succeeded"
          ref={successMessage}
          tabIndex={-1}
        >
          {announcement}
        </Alert>
        <Group gap="sm">
          {returnTo && (
            <Button component={Link} href={returnTo}>
              Back to the listing
            </Button>
          )}
          <Button variant="default" onClick={restart}>
            Top up again
          </Button>
        </Group>
      </Stack>
    );
  } else if (step.kind === 'processing') {
    // The card was confirmed: only the webhook's credit is awaited. A FAILED status read now is the
    // earlier, declined attempt of the same top-up, not this one.
    announcement = `Payment of ${formatMoney(step.amount)} accepted: waiting for the bank's confirmation.`;
    body = (
      <Center py="md">
        <Stack gap="xs" align="center">
          <Loader aria-hidden="true" />
          <Text data-testid="top-up-processing" ref={processingMessage} tabIndex={-1}>
            Processing: your {formatMoney(step.amount)} top-up appears here as soon as the bank confirms it.
            You can leave this page; the money arrives either way.
          </Text>
        </Stack>
      </Center>
    );
  } else if (step.kind === 'card') {
    const props = {
      clientSecret: step.clientSecret,
      publishableKey: settings.publishableKey,
      payLabel: `Pay ${formatMoney(step.amount)}`,
      onConfirmed,
      focusOnShow: step.focusCard ?? false,
    };
    // A card problem is announced by its alert (role=alert, focused): the status region stays quiet,
    // or a screen reader would say it twice (the newcomer probe).
    announcement = '';
    body = (
      <Stack gap="sm">
        {step.problem && (
          <Alert
            color="red"
            title={step.problem.title}
            data-testid="card-problem"
            ref={problemAlert}
            tabIndex={-1}
          >
            {step.problem.message}
          </Alert>
        )}
        {settings.emulator ? (
          <TestCardForm {...props} />
        ) : (
          <Suspense fallback={<Loader aria-label="Loading the card form" />}>
            <StripeCardForm {...props} />
          </Suspense>
        )}
        <Anchor component="button" type="button" size="sm" onClick={abandon} style={{ alignSelf: 'start' }}>
          Change the amount
        </Anchor>
      </Stack>
    );
  } else {
    body = (
      <form onSubmit={(event) => void submitAmount(event)} noValidate aria-label="Top-up amount">
        <Stack gap="sm">
          <TextInput
            label={`Amount (${currency})`}
            description={`Between ${formatMoney({ amount: settings.minTopUp, currency })} and ${formatMoney({
              amount: settings.maxTopUp,
              currency,
            })}`}
            inputMode="decimal"
            placeholder="e.g. 50.00"
            value={amountText}
            onChange={(event) => {
              setAmountText(event.currentTarget.value);
              setAmountError(null);
            }}
            error={amountError}
            required
          />
          {requestProblem && (
            <Alert
              color="red"
              title={requestProblem.title}
              data-testid="top-up-problem"
              ref={problemAlert}
              tabIndex={-1}
            >
              {requestProblem.message}
            </Alert>
          )}
          <Button type="submit" loading={creation.loading} style={{ alignSelf: 'start' }}>
            Continue to payment
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="top-up-heading" ref={panel}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="top-up-heading" ref={heading} tabIndex={-1}>
          Top up
        </Title>
        <VisuallyHidden role="status" aria-live="polite">
          {announcement}
        </VisuallyHidden>
        {body}
        {step.kind === 'amount' && (
          <Text size="xs" c="gray.7">
            Money you add stays in your wallet until you buy. Purchases wait in escrow until you confirm the
            code works: see{' '}
            <Anchor component={Link} href="/orders" size="xs" underline="always">
              your orders
            </Anchor>
            .
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
