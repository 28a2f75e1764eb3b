import { Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PayoutFeedPanel } from './PayoutFeedPanel';
import { PayoutHoldsPanel } from './PayoutHoldsPanel';
import { ReconciliationPanel } from './ReconciliationPanel';
import { StuckPayoutsPanel } from './StuckPayoutsPanel';

export function PayoutsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const sellerId = searchParams.get('seller') ?? '';
  const showSeller = (id: string) => {
    setSearchParams(id ? { seller: id } : {});
    document.getElementById('payout-holds-section')?.scrollIntoView({ block: 'start' });
  };

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={1}>Payouts</Title>
        <Text c="dimmed" maw={720}>
          Every payout and withdrawal transition as it commits, the payouts that recovery has not finished,
          each seller's holds and the last reconciliation against Stripe.
        </Text>
      </Stack>
      <Stack component="section" aria-labelledby="payout-feed-title">
        <Title order={2} id="payout-feed-title">
          Live feed
        </Title>
        <PayoutFeedPanel onShowSeller={showSeller} />
      </Stack>
      <Stack component="section" aria-labelledby="stuck-payouts-title">
        <Title order={2} id="stuck-payouts-title">
          Stuck payouts
        </Title>
        <StuckPayoutsPanel />
      </Stack>
      <Stack component="section" aria-labelledby="payout-holds" id="payout-holds-section">
        <Title order={2} id="payout-holds">
          Seller holds
        </Title>
        <PayoutHoldsPanel key={sellerId} sellerId={sellerId} onSellerChange={showSeller} />
      </Stack>
      <Stack component="section" aria-labelledby="reconciliation-title">
        <Title order={2} id="reconciliation-title">
          Reconciliation
        </Title>
        <ReconciliationPanel />
      </Stack>
    </Stack>
  );
}
