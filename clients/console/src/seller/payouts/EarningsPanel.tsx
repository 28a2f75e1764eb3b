import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SellerEarningsQuery as SellerEarningsResult } from '../../gql/graphql';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../components/MoneyText';
import { blockReasonLabels } from './payout-labels';
import type { PendingAvailability } from './pending-availability';

type Earnings = SellerEarningsResult['payoutEarnings'][number];
type Total = Earnings['available'];

function Figure({
  label,
  total,
  hint,
  testId,
}: {
  label: string;
  total: Total;
  hint: ReactNode;
  testId: string;
}) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        <MoneyText money={total.amount} />
      </Text>
      <Text size="xs" c="dimmed">
        {total.orderCount.toLocaleString()} order{total.orderCount === 1 ? '' : 's'} · {hint}
      </Text>
    </Stack>
  );
}

/** When pending money becomes available: the hold windows' ends, when every pending order's is known. */
function PendingHint({ availability }: { availability: PendingAvailability | null }) {
  if (!availability) return <>in the payout hold window</>;
  if (!availability.known) return <>in the payout hold window: each sale's end is on the Sales page</>;
  if (availability.firstAt === availability.lastAt) {
    return (
      <>
        available from <DateTime value={availability.firstAt} />
      </>
    );
  }
  return (
    <>
      available from <DateTime value={availability.firstAt} />, all by{' '}
      <DateTime value={availability.lastAt} />
    </>
  );
}

/** A seller's earnings in one currency by payout state, each figure from the ledger. */
export function EarningsPanel({
  earnings,
  pendingAvailability,
  payoutAccountMissing = false,
}: {
  earnings: Earnings;
  /** Null while unknown or with nothing pending. */
  pendingAvailability: PendingAvailability | null;
  /** The seller has no payout account: released sales are sorted into the figures only once they do. */
  payoutAccountMissing?: boolean;
}) {
  const currency = earnings.currency;
  return (
    <Paper withBorder p="md" data-testid={`earnings-${currency}`}>
      <Stack>
        <Title order={3} size="h4">
          Earnings in {currency}
        </Title>
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Figure
            label="Available"
            total={earnings.available}
            hint="can be withdrawn now"
            testId={`earnings-${currency}-available`}
          />
          <Figure
            label="Pending"
            total={earnings.pending}
            hint={<PendingHint availability={pendingAvailability} />}
            testId={`earnings-${currency}-pending`}
          />
          <Figure
            label="Blocked"
            total={earnings.blocked}
            hint="see reasons below"
            testId={`earnings-${currency}-blocked`}
          />
          <Figure
            label="In transit"
            total={earnings.inTransit}
            hint="in payouts not paid yet"
            testId={`earnings-${currency}-in-transit`}
          />
          <Figure
            label="Paid"
            total={earnings.paid}
            hint="transferred to you"
            testId={`earnings-${currency}-paid`}
          />
        </SimpleGrid>
        {earnings.blockedByReason.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              Blocked, by reason
            </Text>
            {earnings.blockedByReason.map((blocked) => (
              <Text size="sm" key={blocked.reason}>
                {blockReasonLabels[blocked.reason]}: <MoneyText money={blocked.amount} /> (
                {blocked.orderCount} order{blocked.orderCount === 1 ? '' : 's'})
              </Text>
            ))}
          </Stack>
        )}
        {earnings.unattributed.amount > 0 && (
          <Text size="sm" data-testid={`earnings-${currency}-unattributed`}>
            Not in a figure above yet: <MoneyText money={earnings.unattributed} />.{' '}
            {payoutAccountMissing
              ? 'Your released sales are counted as available or pending once you set up your payout account (above): nothing is lost meanwhile.'
              : 'Money a Stripe transfer reversal brought back waits for CodeSale’s decision.'}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Earnings balance: <MoneyText money={earnings.earningsBalance} />
        </Text>
      </Stack>
    </Paper>
  );
}
