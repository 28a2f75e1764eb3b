import { useQuery } from '@apollo/client/react';
import { useResumableSubscription } from '@codesale/client-shared';
import {
  Alert,
  Anchor,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useFragment as readFragment } from '../../gql';
import { useSession } from '../../session/session-context';
import { LiveStatus } from '../../support/LiveStatus';
import { PageLoader } from '../../ui/PageLoader';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import {
  SellerDisputeDetailFragment,
  SellerDisputeQuery,
  SellerDisputeUpdatedSubscription,
} from './dispute.documents';
import {
  disputeStatusLabel,
  isAwaitingSeller,
  isOpenDispute,
  outcomeSummary,
  reasonLabels,
} from './dispute-labels';
import { responseRequestMessage } from './dispute-list';
import { DisputeHistory } from './DisputeHistory';
import { DisputeStatusBadge } from './DisputeStatusBadge';
import { DisputeThread } from './DisputeThread';
import { ReplyForm } from './ReplyForm';
import { ResponseRequestPanel } from './ResponseRequestPanel';
import { DeliveredCode } from '../../ui/DeliveredCode';

const clockTickMs = 30_000;

const escrowLabels = {
  HELD: 'Held in escrow',
  REFUNDED: 'Refunded to the buyer',
  RELEASED: 'Released to you',
};

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

function BackToDisputes() {
  return (
    <Anchor component={Link} to="/seller/disputes" size="sm">
      ← All disputes
    </Anchor>
  );
}

/**
 * One dispute on the seller's sale, live: `disputeUpdated` writes each change into the cache (the
 * newest version wins, support/dispute-type-policies.ts), so support's request, the buyer's
 * messages and the decision appear without a reload. The seller answers here.
 */
export function DisputePage() {
  const { disputeId = '' } = useParams();
  const { viewer } = useSession();
  const query = useQuery(SellerDisputeQuery, {
    variables: { id: disputeId },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { refetch } = query;
  const live = useResumableSubscription({
    document: SellerDisputeUpdatedSubscription,
    variables: { id: disputeId },
    cursorOf: (data) => data.disputeUpdated.cursor,
    // The event's dispute is already in the cache; nothing else to do per event.
    onEvent: () => undefined,
    onResumeImpossible: () => void refetch(),
  });
  const [sent, setSent] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), clockTickMs, { autoInvoke: true });

  const dispute = query.data?.dispute ? readFragment(SellerDisputeDetailFragment, query.data.dispute) : null;

  if (!dispute) {
    if (query.loading) return <PageLoader />;
    return (
      <Stack>
        <BackToDisputes />
        <Title order={1}>Dispute</Title>
        {query.error ? (
          <QueryFailure what="the dispute" error={query.error} retry={() => void refetch()} />
        ) : (
          <Text>No dispute on your sales has this id.</Text>
        )}
      </Stack>
    );
  }
  if (dispute.seller.id !== viewer?.id) {
    return (
      <Stack>
        <BackToDisputes />
        <Title order={1}>Dispute</Title>
        <Text>
          This dispute is about an order you bought, not one you sold: follow it in the CodeSale store.
        </Text>
      </Stack>
    );
  }

  const awaiting = isAwaitingSeller(dispute);
  const question = responseRequestMessage(dispute);
  const outcome = outcomeSummary(dispute);
  const title = dispute.order.listing?.title ?? 'A sale of yours';
  const announcement = awaiting
    ? 'Support asked you to respond.'
    : `Dispute state: ${disputeStatusLabel(dispute).label}.`;
  const replyForm = (
    <ReplyForm
      disputeId={dispute.id}
      label={awaiting ? 'Your answer to support' : 'Add a message'}
      description={
        awaiting
          ? 'Explain what happened, with files that show it. Seen by support and the buyer.'
          : 'Seen by support and the buyer. Up to 5000 characters.'
      }
      submitLabel={awaiting ? 'Send answer' : 'Send message'}
      onSent={() =>
        setSent(
          awaiting ? 'Your answer was sent: support reviews the dispute again.' : 'Your message was sent.',
        )
      }
    />
  );

  return (
    <Stack gap="md">
      <BackToDisputes />
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={1}>Dispute: {title}</Title>
          <span data-testid="dispute-state">
            <DisputeStatusBadge dispute={dispute} />
          </span>
        </Group>
        <LiveStatus live={live} />
      </Group>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <Text>
        The buyer says: <strong>{reasonLabels[dispute.reason]}</strong>
      </Text>

      {awaiting && (
        <ResponseRequestPanel
          responseDueAt={dispute.responseDueAt ?? null}
          question={question?.body ?? null}
          now={now}
        >
          {replyForm}
        </ResponseRequestPanel>
      )}
      {outcome && (
        <Alert
          role="status"
          color={dispute.outcome === 'LOST' || dispute.state === 'LOST' ? 'green' : 'gray'}
          title={outcome.title}
          data-testid="dispute-outcome"
        >
          {outcome.text}
          {dispute.decidedAt && (
            <>
              {' '}
              Decided <DateTime value={dispute.decidedAt} />.
            </>
          )}
        </Alert>
      )}
      <Text size="sm" role="status" data-testid="reply-status">
        {sent ?? ''}
      </Text>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md" component="section" aria-labelledby="messages-heading">
            <Stack gap="sm">
              <Title order={2} size="h4" id="messages-heading">
                Messages
              </Title>
              <DisputeThread messages={dispute.messages} highlightId={question?.id ?? null} />
              {isOpenDispute(dispute) && !awaiting && replyForm}
              {!isOpenDispute(dispute) && (
                <Text size="sm" c="dimmed">
                  The dispute is decided: its conversation is closed.
                </Text>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-labelledby="sale-heading">
              <Stack gap="sm">
                <Title order={2} size="h4" id="sale-heading">
                  The sale
                </Title>
                <SimpleGrid cols={2} spacing="sm" component="dl" m={0}>
                  <Fact label="Buyer" testId="dispute-buyer">
                    {dispute.buyer.displayName}
                  </Fact>
                  <Fact label="Price">
                    <MoneyText money={dispute.order.price} />
                  </Fact>
                  <Fact label="Sold">
                    <DateTime value={dispute.order.createdAt} />
                  </Fact>
                  <Fact label="Escrow" testId="escrow-status">
                    {escrowLabels[dispute.order.escrowStatus]}
                  </Fact>
                  <Fact label="Dispute opened">
                    <DateTime value={dispute.createdAt} />
                  </Fact>
                  <Fact label="Last change">
                    <DateTime value={dispute.updatedAt} />
                  </Fact>
                  <Fact label="Delivered code">
                    <DeliveredCode orderId={dispute.order.id} />
                  </Fact>
                </SimpleGrid>
                {dispute.order.listing && (
                  <Anchor
                    component={Link}
                    to={`/seller/listings/${encodeURIComponent(dispute.order.listing.id)}`}
                    size="sm"
                  >
                    Open the listing
                  </Anchor>
                )}
              </Stack>
            </Paper>
            <DisputeHistory timeline={dispute.timeline} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
