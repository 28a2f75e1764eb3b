import { useSocketState } from '@codesale/client-shared';
import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../ui/PageLoader';
import { DateTime } from '../../ui/DateTime';
import { QueryFailure } from '../components/QueryFailure';
import { BankPayoutsTable } from './BankPayoutsTable';
import { EarningsPanel } from './EarningsPanel';
import { OnboardingPanel } from './OnboardingPanel';
import {
  pendingSalesReadLimit,
  SellerEarningsQuery,
  SellerPayoutAccountQuery,
  SellerPendingSalesQuery,
} from './payout.documents';
import { payoutChangeLabels } from './payout-change-labels';
import { sellerHold } from './seller-hold';
import { PayoutsTable } from './PayoutsTable';
import { pendingAvailability, type HeldSale } from './pending-availability';
import { usePayoutUpdates } from './use-payout-updates';
import { WithdrawalRequestPanel } from './WithdrawalRequestPanel';
import { WithdrawalsTable } from './WithdrawalsTable';

/**
 * Payouts: where the money is (earnings by state), the payout account and what it still needs,
 * withdrawals and the payouts that execute them, all kept current by `payoutUpdated`.
 */
/** How often figures that change with time are read again (the eligibility job's period, a minute). */
const earningsRecheckMs = 60_000;

export function PayoutsPage() {
  const updates = usePayoutUpdates();
  // The socket is not open (the server is unreachable): nothing is live until it is.
  const socket = useSocketState();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(SellerEarningsQuery);
  const earnings = data?.payoutEarnings ?? [];
  // Money moves between the figures with time, not only with events: a hold window ends, and a
  // release of a moment ago is sorted into them by a job that runs every minute. While some is
  // pending or not sorted yet, the figures load again each minute; otherwise nothing is polled.
  const changingWithTime = earnings.some(
    (entry) => entry.pending.orderCount > 0 || entry.unattributed.amount > 0,
  );
  useEffect(() => {
    if (!changingWithTime) return undefined;
    startPolling(earningsRecheckMs);
    return () => stopPolling();
  }, [changingWithTime, startPolling, stopPolling]);
  // The onboarding panel's own read, from the cache: whether the seller has a payout account yet.
  const account = useQuery(SellerPayoutAccountQuery, { fetchPolicy: 'cache-first' });
  const payoutAccountMissing = account.data !== undefined && account.data.payoutAccount === null;
  // What holds every payout of the seller (not one order's dispute): said above the figures, where
  // the account's "payouts enabled" would otherwise read as if money could leave.
  // The hold itself counts, not only the orders it blocked: a seller whose sales are all in their
  // hold window (or who has none yet) hears of it too (the newcomer probe).
  const hold = sellerHold([
    ...(data?.myPayoutHold ? [data.myPayoutHold] : []),
    ...earnings.flatMap((entry) => entry.blockedByReason.map((blocked) => blocked.reason)),
  ]);
  const pendingOrderCount = earnings.reduce((count, entry) => count + entry.pending.orderCount, 0);
  // A date is shown only while the sales read account for every pending order (pending-availability.ts).
  const pendingSales = useQuery(SellerPendingSalesQuery, {
    variables: { first: pendingSalesReadLimit },
    skip: pendingOrderCount === 0,
    fetchPolicy: 'cache-and-network',
  });
  const heldSales: HeldSale[] =
    pendingSales.data?.mySales.edges.flatMap(({ node }) =>
      node.payoutStatus
        ? [
            {
              state: node.payoutStatus.state,
              eligibleFrom: node.payoutStatus.eligibleFrom,
              currency: node.payoutStatus.netAmount.currency,
            },
          ]
        : [],
    ) ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Title order={1}>Payouts</Title>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="payout-live-status">
          {socket !== 'connected' ? (
            'Connecting…'
          ) : updates.lastChange ? (
            <>
              Live · last update: {payoutChangeLabels[updates.lastChange.kind]} (
              <DateTime value={updates.lastChange.occurredAt} />)
            </>
          ) : (
            'Live updates on'
          )}
        </Text>
      </Group>
      {updates.failure && (
        <Alert color="orange" title="Live updates stopped" role="alert">
          <Group justify="space-between">
            <Text size="sm">{updates.failure}</Text>
            <Button size="xs" variant="white" onClick={updates.restart}>
              Reconnect
            </Button>
          </Group>
        </Alert>
      )}

      <OnboardingPanel />
      {hold && (
        <Alert color="yellow" title="Your payouts are on hold" data-testid="payouts-on-hold">
          {hold}
        </Alert>
      )}

      <Title order={2} size="h3">
        Earnings
      </Title>
      {error && <QueryFailure what="your earnings" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : earnings.length === 0 ? (
        <Text c="dimmed" size="sm">
          No earnings yet: they appear once a sale is released to you.
        </Text>
      ) : (
        earnings.map((entry) => (
          <EarningsPanel
            key={entry.currency}
            earnings={entry}
            payoutAccountMissing={payoutAccountMissing}
            pendingAvailability={
              pendingSales.data
                ? pendingAvailability(heldSales, entry.currency, entry.pending.orderCount)
                : null
            }
          />
        ))
      )}
      {earnings.length > 0 && (
        <WithdrawalRequestPanel earnings={earnings} changeCount={updates.changeCount} />
      )}
      <WithdrawalsTable />
      <PayoutsTable />
      <BankPayoutsTable />
    </Stack>
  );
}
