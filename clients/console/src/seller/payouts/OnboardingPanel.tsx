import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { QueryFailure } from '../components/QueryFailure';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import {
  readPayoutAccount,
  SellerPayoutAccountQuery,
  StartPayoutOnboardingMutation,
} from './payout.documents';
import { disabledReasonText, missingItems } from './payout-account-labels';
import { payoutCountryOptions } from './payout-countries';
import { accountStatusColors, accountStatusLabels } from './payout-labels';

/** What the seller should do next, for each account status. */
const nextStep = {
  NOT_STARTED:
    'Open Stripe’s onboarding form and complete it: payouts start once Stripe enables your account.',
  PENDING_VERIFICATION: 'Everything was provided. Stripe is checking it; there is nothing to do but wait.',
  RESTRICTED:
    'Stripe needs the items below before it can enable payouts. Continue onboarding to provide them.',
  ENABLED: 'Your account can receive payouts.',
  DISCONNECTED:
    'Stripe no longer knows your payout account (it was closed or disconnected), so nothing can be paid to it. Choose a country and connect a new one: your earnings wait for it.',
} as const;

/**
 * Where payouts go: the seller's Stripe Connect account, its status as Stripe last reported it, and
 * exactly what is still missing. Onboarding opens Stripe's hosted form; Stripe sends the browser
 * back here with `?onboarding=return` (or `refresh` when the link had expired). The first start
 * opens the account in the country the seller chose: the API ignores a country once the account
 * exists, so it is asked for only then, never by default (unless only one country is allowed).
 */
export function OnboardingPanel() {
  const [searchParams] = useSearchParams();
  const returned = searchParams.get('onboarding');
  const { data, loading, error, refetch } = useQuery(SellerPayoutAccountQuery, {
    fetchPolicy: 'cache-and-network',
  });
  const countryOptions = payoutCountryOptions(data?.paymentSettings.payoutCountries ?? []);
  const [startOnboarding, starting] = useMutation(StartPayoutOnboardingMutation);
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const [checking, setChecking] = useState(false);
  const [chosenCountry, setCountry] = useState<string | null>(null);
  // With one country allowed there is nothing to choose: it is filled in. With several, the seller
  // picks (a default could open the account in the wrong country, and it cannot be changed).
  const country = chosenCountry ?? (countryOptions.length === 1 ? countryOptions[0]!.value : null);

  const account = data?.payoutAccount ? readPayoutAccount(data.payoutAccount) : null;
  const status = account?.status ?? 'NOT_STARTED';
  // Only once the API said there is no account (or one Stripe forgot, which a new one replaces):
  // while loading, or after a failed read, nothing is asked.
  const opensAccount = data !== undefined && (data.payoutAccount === null || status === 'DISCONNECTED');
  const countryError = errors.find((userError) => userError.field === 'country');
  const otherErrors = errors.filter((userError) => userError !== countryError);

  const start = async () => {
    setErrors([]);
    if (opensAccount && country === null) {
      setErrors([
        { code: 'COUNTRY_REQUIRED', field: 'country', message: 'Choose the country of your payout account.' },
      ]);
      return;
    }
    try {
      const payload = (
        await startOnboarding({ variables: { input: opensAccount && country ? { country } : {} } })
      ).data?.startPayoutOnboarding;
      if (!payload) {
        setErrors([{ code: 'NO_ANSWER', message: 'The server gave no answer; try again.' }]);
        return;
      }
      // Typed refusals (UNSUPPORTED_COUNTRY, ...) are worded by the API: shown as they are.
      if (payload.errors.length > 0) {
        setErrors(payload.errors);
        return;
      }
      // Stripe's page is single use and valid for minutes: go there now, in this tab, and come back.
      if (payload.onboardingLink) window.location.assign(payload.onboardingLink.url);
    } catch (failure) {
      setErrors([{ code: 'NO_ANSWER', message: errorMessage(failure) }]);
    }
  };

  const checkAgain = async () => {
    setChecking(true);
    try {
      await refetch();
    } finally {
      setChecking(false);
    }
  };

  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3">
            Payout account
          </Title>
          {!loading && (
            <Badge
              size="lg"
              variant="light"
              color={accountStatusColors[status]}
              data-testid="payout-account-status"
            >
              {accountStatusLabels[status]}
            </Badge>
          )}
        </Group>
        {error && <QueryFailure what="your payout account" error={error} retry={() => void refetch()} />}
        {returned === 'return' && status !== 'ENABLED' && (
          <Alert color="blue" title="Back from Stripe">
            Stripe reports what you provided within moments of finishing its form. Check again to see the
            status it reported.
          </Alert>
        )}
        {/* Only where there is something to continue: Back from Stripe's page also lands here once enabled. */}
        {returned === 'refresh' && status !== 'ENABLED' && status !== 'PENDING_VERIFICATION' && (
          <Alert color="yellow" title="That onboarding link had expired">
            Stripe’s links work once and for a few minutes. Continue onboarding to get a fresh one.
          </Alert>
        )}
        <Text size="sm">
          {opensAccount && status !== 'DISCONNECTED'
            ? 'Choose your account’s country, then open Stripe’s onboarding form and complete it: payouts start once Stripe enables your account.'
            : nextStep[status]}
        </Text>
        {account && account.requirements.length > 0 && (
          <Stack gap={4}>
            <Text fw={600} size="sm">
              Still missing
            </Text>
            <List size="sm" data-testid="payout-requirements">
              {missingItems(account.requirements).map((item) => (
                <List.Item key={item.description} title={item.codes.join(', ')}>
                  {item.description}{' '}
                  {item.overdue && (
                    <Badge color="red" size="xs" variant="filled">
                      Overdue
                    </Badge>
                  )}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        {account && account.pendingChecks.length > 0 && (
          <Text size="sm" c="dimmed" title={account.pendingChecks.map((check) => check.code).join(', ')}>
            Being checked by Stripe:{' '}
            {[...new Set(account.pendingChecks.map((check) => check.description))].join('; ')}.
          </Text>
        )}
        {account?.disabledReason && (
          <Text size="sm" c="red.9" data-testid="payout-disabled-reason" title={account.disabledReason}>
            Payouts are disabled: {disabledReasonText(account.disabledReason, account.requirements)}
          </Text>
        )}
        {opensAccount && (
          <Select
            label="Country of your payout account"
            description="Where you or your business are based. It cannot be changed once the account is opened."
            placeholder="Choose a country"
            data={countryOptions}
            value={country}
            onChange={(value) => {
              setCountry(value);
              setErrors([]);
            }}
            searchable
            required
            allowDeselect={false}
            error={countryError?.message}
            maw={360}
          />
        )}
        <UserErrorsAlert title="Onboarding could not start" errors={otherErrors} />
        <Group>
          {status !== 'ENABLED' && status !== 'PENDING_VERIFICATION' && (
            <Button onClick={() => void start()} loading={starting.loading}>
              {status === 'DISCONNECTED'
                ? 'Connect a new payout account'
                : account
                  ? 'Continue onboarding with Stripe'
                  : 'Start onboarding with Stripe'}
            </Button>
          )}
          {status !== 'ENABLED' && (
            <Button variant="default" onClick={() => void checkAgain()} loading={checking}>
              Check again
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
