import { formatMoney } from '@codesale/client-shared';
import { Anchor, Badge, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { platformLabels, regionLabels } from '../../seller/listings/listing-labels';
import { Link } from 'react-router';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { escrowLabels, partyLabels, reasonLabels } from '../dispute-labels';
import { formatDateTime } from '../../ui/date-time';
import { DeliveredCode } from '../../ui/DeliveredCode';
import { formatDeadline } from '../format';
import { Fact } from '../Fact';
import { lookupPath } from '../lookup/lookup-target';

const outcomeLabels: Record<NonNullable<DisputeDetailFragment['outcome']>, string> = {
  WON: 'Won: the buyer was refunded',
  LOST: 'Lost: the seller was paid',
  WITHDRAWN: 'Withdrawn by the buyer: no money moved, the order waits for confirmation or its auto-release',
};

export function DisputeSummary({ dispute, now }: { dispute: DisputeDetailFragment; now: Date }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="summary-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="summary-heading">
          Summary
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" component="dl" m={0}>
          <Fact label="Product" testId="dispute-product">
            <Anchor component={Link} to={lookupPath({ kind: 'order', orderId: dispute.order.id })} inherit>
              {dispute.order.listing?.title ?? 'A listing no longer readable'}
            </Anchor>
          </Fact>
          <Fact label="Amount">{formatMoney(dispute.order.price)}</Fact>
          {dispute.order.termsAtPurchase && (
            <Fact label="Sold as" testId="terms-at-purchase">
              {dispute.order.termsAtPurchase.title} · {platformLabels[dispute.order.termsAtPurchase.platform]}{' '}
              · {regionLabels[dispute.order.termsAtPurchase.region]}
              {dispute.order.termsAtPurchase.description && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
                  {dispute.order.termsAtPurchase.description}
                </Text>
              )}
              {dispute.order.termsAtPurchase.changedSince && (
                <Badge color="orange.9" variant="filled" size="sm" data-testid="terms-changed">
                  The seller has changed the listing since this sale
                </Badge>
              )}
            </Fact>
          )}
          <Fact label="Escrow" testId="escrow-status">
            {escrowLabels[dispute.order.escrowStatus]}
          </Fact>
          <Fact label="Reason">{reasonLabels[dispute.reason]}</Fact>
          <Fact label="Buyer">
            <Anchor component={Link} to={lookupPath({ kind: 'user', userId: dispute.buyer.id })} inherit>
              {dispute.buyer.displayName}
            </Anchor>
            {dispute.buyer.email && (
              <Text
                component="span"
                display="block"
                size="xs"
                c="gray.7"
                style={{ overflowWrap: 'anywhere' }}
              >
                {dispute.buyer.email}
              </Text>
            )}
          </Fact>
          <Fact label="Seller">
            <Anchor component={Link} to={lookupPath({ kind: 'user', userId: dispute.seller.id })} inherit>
              {dispute.seller.displayName}
            </Anchor>
            {dispute.seller.email && (
              <Text
                component="span"
                display="block"
                size="xs"
                c="gray.7"
                style={{ overflowWrap: 'anywhere' }}
              >
                {dispute.seller.email}
              </Text>
            )}
          </Fact>
          <Fact label="Assignee" testId="assignee">
            {dispute.assignee?.displayName ?? 'Unassigned'}
          </Fact>
          <Fact label="Opened">{formatDateTime(dispute.createdAt)}</Fact>
          <Fact label="Last change">{formatDateTime(dispute.updatedAt)}</Fact>
          <Fact label="Order placed">{formatDateTime(dispute.order.createdAt)}</Fact>
          <Fact label="Code revealed" testId="code-revealed">
            {dispute.order.codeRevealedAt
              ? `First on ${formatDateTime(dispute.order.codeRevealedAt)}`
              : 'Never: the buyer has not seen the code'}
          </Fact>
          <Fact label="Delivered code">
            <DeliveredCode orderId={dispute.order.id} />
          </Fact>
          {dispute.state === 'NEEDS_RESPONSE' && dispute.requestedParty && dispute.responseDueAt && (
            <Fact label="Waiting for" testId="waiting-for">
              {partyLabels[dispute.requestedParty]}, due {formatDateTime(dispute.responseDueAt)} (
              {formatDeadline(dispute.responseDueAt, now)})
            </Fact>
          )}
          {dispute.outcome && (
            <Fact label="Outcome" testId="outcome">
              {outcomeLabels[dispute.outcome]}
              {dispute.decidedAt ? `, ${formatDateTime(dispute.decidedAt)}` : ''}
            </Fact>
          )}
          {dispute.closedAt && <Fact label="Closed">{formatDateTime(dispute.closedAt)}</Fact>}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
