import { useQuery } from '@apollo/client/react';
import { Anchor, Code, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useFragment as unmask } from '../../gql';
import type { LookupOrderFragment as LookupOrder } from '../../gql/graphql';
import { QueryErrorAlert } from '../../admin/shared/QueryErrorAlert';
import { MoneyText } from '../../admin/shared/MoneyText';
import { blockReasonLabels, orderPayoutStateLabels } from '../../seller/payouts/payout-labels';
import { DateTime } from '../../ui/DateTime';
import { PageLoader } from '../../ui/PageLoader';
import { escrowLabels } from '../dispute-labels';
import { StateBadge } from '../StateBadge';
import { LookupOrderFragment, LookupOrderQuery } from './lookup.documents';
import { lookupPath } from './lookup-target';
import { Fact } from '../Fact';

function When({ value }: { value: string | null | undefined }) {
  return value ? <DateTime value={value} /> : <>—</>;
}

/** A party of the order, linked to their own lookup: name, then email (staff see it). */
export function PartyLink({ user }: { user: { id: string; displayName: string; email?: string | null } }) {
  return (
    <>
      <Anchor component={Link} to={lookupPath({ kind: 'user', userId: user.id })} inherit>
        {user.displayName}
      </Anchor>
      {user.email && (
        <Text span inherit c="gray.7" style={{ overflowWrap: 'anywhere' }}>
          {' '}
          ({user.email})
        </Text>
      )}
    </>
  );
}

/** One order whole: what was bought from whom, where its money is, each step's date, its dispute. */
export function OrderDetails({ order }: { order: LookupOrder }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lookup-order-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="lookup-order-heading">
          Order: {order.listing?.title ?? 'a listing no longer readable'}
        </Title>
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" m={0}>
          <Fact label="Order id">
            <Code style={{ overflowWrap: 'anywhere' }}>{order.id}</Code>
          </Fact>
          <Fact label="Price">
            <MoneyText money={order.price} />
          </Fact>
          <Fact label="Escrow">{escrowLabels[order.escrowStatus]}</Fact>
          <Fact label="Buyer">
            <PartyLink user={order.buyer} />
          </Fact>
          <Fact label="Seller">
            <PartyLink user={order.seller} />
          </Fact>
          <Fact label="Dispute">
            {order.dispute ? (
              <Anchor
                component={Link}
                to={`/support/disputes/${encodeURIComponent(order.dispute.id)}`}
                inherit
              >
                <StateBadge state={order.dispute.state} /> Open the dispute
              </Anchor>
            ) : (
              'None'
            )}
          </Fact>
          <Fact label="Placed">
            <When value={order.createdAt} />
          </Fact>
          <Fact label="Code first revealed">
            <When value={order.codeRevealedAt} />
          </Fact>
          <Fact label="Buyer protection ends">
            {order.escrowStatus === 'HELD' ? <When value={order.protectionEndsAt} /> : '— (settled)'}
          </Fact>
          <Fact label="Confirmed by the buyer">
            <When value={order.confirmedAt} />
          </Fact>
          <Fact label="Released to the seller">
            <When value={order.releasedAt} />
          </Fact>
          <Fact label="Refunded to the buyer">
            <When value={order.refundedAt} />
          </Fact>
          <Fact label="Seller payout">
            {order.payoutStatus ? orderPayoutStateLabels[order.payoutStatus.state] : '—'}
            {order.payoutStatus?.state === 'BLOCKED' &&
              order.payoutStatus.blockedReason &&
              `: ${blockReasonLabels[order.payoutStatus.blockedReason]}`}
          </Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

export function OrderPanel({ orderId }: { orderId: string }) {
  const { data, loading, error, refetch } = useQuery(LookupOrderQuery, {
    variables: { orderId },
    fetchPolicy: 'cache-and-network',
  });
  const order = data?.order ? unmask(LookupOrderFragment, data.order) : null;
  if (error) return <QueryErrorAlert error={error} what="the order" onRetry={() => void refetch()} />;
  if (loading && !data) return <PageLoader />;
  if (!order) {
    return (
      <Text role="status">
        No order has the id <Code style={{ overflowWrap: 'anywhere' }}>{orderId}</Code>: check it (an order
        id, not a dispute or user id) and look up again.
      </Text>
    );
  }
  return <OrderDetails order={order} />;
}
