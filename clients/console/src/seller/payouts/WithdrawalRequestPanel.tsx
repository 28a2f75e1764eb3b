import { useMutation, useQuery } from '@apollo/client/react';
import { parseMoneyInput } from '@codesale/client-shared';
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import type { SellerEarningsQuery as SellerEarningsResult } from '../../gql/graphql';
import { MoneyText } from '../components/MoneyText';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { useCoalescedRefetch } from '../../app/coalesced-refetch';
import { errorMessage } from '../../ui/error-message';
import { formatPriceInput } from '../listings/listing-form';
import {
  RequestWithdrawalMutation,
  SellerEarningsQuery,
  SellerWithdrawalsQuery,
  WithdrawalQuoteQuery,
} from './payout.documents';
import { parseWithdrawalAmount, sendWithdrawalAttempt, type WithdrawalAttempt } from './withdrawal-attempt';

type Earnings = SellerEarningsResult['payoutEarnings'][number];

/**
 * Asks to be paid: the seller types an amount, sees the quote (whole eligible orders, oldest
 * first, that fit in it) and requests exactly that. A request that got no answer is repeated with
 * the same idempotency key, so it can never become two withdrawals.
 */
export function WithdrawalRequestPanel({
  earnings,
  changeCount,
}: {
  earnings: Earnings[];
  changeCount: number;
}) {
  const currencies = earnings.map((entry) => entry.currency);
  const [currency, setCurrency] = useState<string>(currencies[0] ?? 'EUR');
  const [amountText, setAmountText] = useState('');
  const [attempt, setAttempt] = useState<WithdrawalAttempt | null>(null);
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const [done, setDone] = useState<{ replayed: boolean } | null>(null);
  // Its lists load again once it answers, through the page's one-at-a-time refetches: the live
  // events of the same withdrawal may already have started them.
  const [requestWithdrawal, requesting] = useMutation(RequestWithdrawalMutation);
  const refetch = useCoalescedRefetch();

  const available = earnings.find((entry) => entry.currency === currency)?.available.amount.amount ?? 0;
  const [debouncedText] = useDebouncedValue(amountText, 250);
  const quotedAmount = parseMoneyInput(debouncedText);
  const quote = useQuery(WithdrawalQuoteQuery, {
    variables: { amount: quotedAmount ?? 0, currency },
    skip: quotedAmount === null || quotedAmount < 1,
    fetchPolicy: 'network-only',
  });
  const { refetch: refetchQuote } = quote;
  // Every payout change moves what is available: quote again (only a new change, not a new amount).
  useEffect(() => {
    if (changeCount > 0 && quotedAmount !== null && quotedAmount >= 1) void refetchQuote();
  }, [changeCount]);

  const currentQuote = quote.data?.withdrawalQuote;
  const minimum = currentQuote?.minimum ?? null;
  const checked = amountText.trim() === '' ? null : parseWithdrawalAmount(amountText, { available, minimum });

  const request = async () => {
    setErrors([]);
    setDone(null);
    const amount = parseWithdrawalAmount(amountText, { available, minimum });
    if (!amount.ok) {
      setErrors([{ code: 'INVALID_AMOUNT', message: amount.message, field: 'amount' }]);
      return;
    }
    const result = await sendWithdrawalAttempt(attempt, amount.amount, currency, async (current) => {
      const { data } = await requestWithdrawal({
        variables: {
          input: {
            amount: current.amount,
            currency: current.currency,
            idempotencyKey: current.idempotencyKey,
          },
        },
      });
      return data?.requestWithdrawal;
    });
    setAttempt(result.attempt);
    if (result.answered) {
      refetch(SellerWithdrawalsQuery);
      refetch(SellerEarningsQuery);
    }
    if (!result.answered) {
      setErrors([
        {
          code: 'NO_ANSWER',
          message: `${errorMessage(result.error)} Press “Request withdrawal” again: the same request is repeated, never doubled.`,
        },
      ]);
      return;
    }
    if (result.answer?.errors.length) {
      setErrors(result.answer.errors);
      return;
    }
    setDone({ replayed: result.answer?.replayed ?? false });
    setAmountText('');
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          Withdraw
        </Title>
        <Group align="flex-start">
          <Select
            label="Currency"
            data={currencies.length > 0 ? currencies : ['EUR']}
            value={currency}
            onChange={(value) => {
              if (value) setCurrency(value);
              setAttempt(null);
            }}
            allowDeselect={false}
            w={120}
          />
          <TextInput
            label="Amount"
            inputMode="decimal"
            placeholder="e.g. 50.00"
            value={amountText}
            onChange={(event) => {
              setAmountText(event.currentTarget.value);
              setDone(null);
            }}
            error={checked && !checked.ok ? checked.message : undefined}
            description={
              <>
                Available now: <MoneyText money={{ amount: available, currency }} />
                {minimum && (
                  <>
                    {' '}
                    · smallest withdrawal: <MoneyText money={minimum} />
                  </>
                )}
              </>
            }
          />
          <Button
            mt={25}
            variant="default"
            disabled={available < 1}
            onClick={() => setAmountText(formatPriceInput(available))}
          >
            Everything available
          </Button>
        </Group>

        {currentQuote && checked?.ok && (
          <Alert color="blue" title="What this request pays" data-testid="withdrawal-quote">
            <Text size="sm">
              <MoneyText money={currentQuote.payable} /> now, for {currentQuote.orderCount} whole order
              {currentQuote.orderCount === 1 ? '' : 's'}, oldest first
              {currentQuote.payable.amount < currentQuote.requested.amount && (
                <>
                  {' '}
                  (you asked for <MoneyText money={currentQuote.requested} />; orders are never split, the
                  rest stays available)
                </>
              )}
              . The smallest withdrawal is <MoneyText money={currentQuote.minimum} />.
            </Text>
          </Alert>
        )}

        <UserErrorsAlert title="The withdrawal was not requested" errors={errors} />
        {done && (
          <Alert
            color="green"
            title={done.replayed ? 'Already requested' : 'Withdrawal requested'}
            role="status"
          >
            {done.replayed
              ? 'This request had already reached us; it is listed below, once.'
              : 'It is listed below and updates here as the payout runs.'}
          </Alert>
        )}
        <Group>
          <Button
            onClick={() => void request()}
            loading={requesting.loading}
            disabled={!checked?.ok || (currentQuote !== undefined && currentQuote.payable.amount < 1)}
          >
            Request withdrawal
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
