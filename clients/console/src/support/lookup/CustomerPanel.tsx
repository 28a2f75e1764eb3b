import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useFragment as unmask } from '../../gql';
import type { LookupRiskFragment as LookupRisk, RiskRole } from '../../gql/graphql';
import { QueryErrorAlert } from '../../admin/shared/QueryErrorAlert';
import { riskTierColor } from '../../admin/risk/risk-tiers';
import { useSession } from '../../session/session-context';
import { DateTime } from '../../ui/DateTime';
import { PageLoader } from '../../ui/PageLoader';
import { UserDetails } from '../../ui/UserDetails';
import { CustomerDisputes } from './CustomerDisputes';
import { CustomerOrders } from './CustomerOrders';
import { CustomerTopUps } from './CustomerTopUps';
import { CustomerWallets } from './CustomerWallets';
import { SellerPayouts } from './SellerPayouts';
import { LookupCustomerQuery, LookupRiskFragment } from './lookup.documents';

/** Scores run from 0 to 1000 (server/src/domain/risk-scoring.ts). */
const maxScore = 1000;

const roleWords: Record<RiskRole, string> = { BUYER: 'As buyer', SELLER: 'As seller' };

function RiskSummary({ role, risk, userId }: { role: RiskRole; risk: LookupRisk; userId: string }) {
  const { hasRole } = useSession();
  return (
    <Paper withBorder p="sm" data-testid={`lookup-risk-${role.toLowerCase()}`}>
      <Stack gap={4}>
        <Group justify="space-between">
          <Text fw={600} size="sm">
            {roleWords[role]}
          </Text>
          <Badge color={riskTierColor(risk.tier)} variant="filled">
            {risk.tier}
          </Badge>
        </Group>
        <Text size="sm">
          Risk score {risk.score} / {maxScore}
        </Text>
        {risk.override && (
          <Text size="sm" c="gray.7">
            Set by an admin (the score alone gives {risk.computedTier})
            {risk.override.expiresAt && (
              <>
                {' '}
                until <DateTime value={risk.override.expiresAt} />
              </>
            )}
          </Text>
        )}
        {hasRole('ADMIN') && (
          <Anchor
            component={Link}
            size="sm"
            to={`/admin/risk?role=${role}&userId=${encodeURIComponent(userId)}`}
          >
            Risk profile and overrides
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}

export function CustomerPanel({ userId }: { userId: string }) {
  const { data, loading, error, refetch } = useQuery(LookupCustomerQuery, {
    variables: { userId },
    fetchPolicy: 'cache-and-network',
  });
  if (error) return <QueryErrorAlert error={error} what="the customer" onRetry={() => void refetch()} />;
  if (loading && !data) return <PageLoader />;
  const user = data?.user;
  if (!user) {
    return (
      <Text role="status">
        No user has the id <Code style={{ overflowWrap: 'anywhere' }}>{userId}</Code>: find them by email
        above, or check the id.
      </Text>
    );
  }
  const buyerRisk = data.buyerRisk ? unmask(LookupRiskFragment, data.buyerRisk) : null;
  const sellerRisk = data.sellerRisk ? unmask(LookupRiskFragment, data.sellerRisk) : null;
  const sells = user.roles.includes('SELLER');
  // A staff account (support or admin only) has no wallet, order or dispute of its own to show.
  const buys = user.roles.includes('BUYER');

  return (
    <Stack gap="lg">
      <Stack gap="xs" component="section" aria-labelledby="lookup-customer-heading">
        <Title order={2} size="h3" id="lookup-customer-heading">
          {user.displayName}
        </Title>
        <UserDetails user={user} />
        <Text size="xs" c="gray.7">
          User id <Code style={{ overflowWrap: 'anywhere' }}>{user.id}</Code>
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} maw={720}>
          {buys && buyerRisk && <RiskSummary role="BUYER" risk={buyerRisk} userId={user.id} />}
          {sells && sellerRisk && <RiskSummary role="SELLER" risk={sellerRisk} userId={user.id} />}
        </SimpleGrid>
        {!buys && !sells && (
          <Text size="sm" data-testid="lookup-staff-only">
            A staff account: it neither buys nor sells, so it has no wallet, order or dispute of its own.
          </Text>
        )}
      </Stack>
      {buys && <CustomerWallets wallets={data.userWallets} />}
      {buys && <CustomerTopUps userId={user.id} />}
      {sells && <SellerPayouts userId={user.id} />}
      {(buys || sells) && <CustomerDisputes userId={user.id} />}
      {buys && <CustomerOrders userId={user.id} party="BUYER" />}
      {sells && <CustomerOrders userId={user.id} party="SELLER" />}
    </Stack>
  );
}
