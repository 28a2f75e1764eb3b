'use client';

import { useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useFragment as unmask } from '../gql';
import type { BuyerDisputeFragment } from '../gql/graphql';
import { LiveStatus } from '../live/LiveStatus';
import { errorMessage, useResumableSubscription } from '@codesale/client-shared';
import { ProtectionCountdown } from '../orders/ProtectionCountdown';
import { formatDateTime } from '../wallet/format';
import { AnswerBox } from './AnswerBox';
import { AttachmentLink } from './AttachmentLink';
import { authorLabels, reasonLabels, stateLabels } from './dispute-labels';
import {
  BuyerDisputeFragment as BuyerDisputeDocument,
  BuyerDisputeQuery,
  BuyerDisputeUpdatedSubscription,
} from './disputes.documents';
import { newestDispute } from './newest-dispute';
import { WithdrawDispute } from './WithdrawDispute';

const closedStates = new Set(['WON', 'LOST', 'CLOSED']);

/**
 * One dispute, live: `disputeUpdated` events (resumed by cursor after a lag) and the answers of the
 * query and of the buyer's own messages all feed one "newest version wins" choice (newest-dispute.ts),
 * so a support agent's request for a response appears without a reload and nothing ever rolls back.
 */
export function DisputeThread({
  disputeId,
  headingLevel = 2,
  onDisputeChanged,
}: {
  disputeId: string;
  headingLevel?: 1 | 2;
  /** Called after each live event, so a page that shows the dispute elsewhere (the order's state) follows. */
  onDisputeChanged?: () => void;
}) {
  const query = useQuery(BuyerDisputeQuery, {
    variables: { id: disputeId },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [latest, setLatest] = useState<BuyerDisputeFragment | null>(null);
  const keep = (dispute: BuyerDisputeFragment | null | undefined) =>
    setLatest((current) => newestDispute(current, dispute));
  const { refetch } = query;

  const live = useResumableSubscription({
    document: BuyerDisputeUpdatedSubscription,
    variables: { id: disputeId },
    fetchPolicy: 'no-cache',
    cursorOf: (data) => data.disputeUpdated.cursor,
    onEvent: (data) => {
      const event = data.disputeUpdated;
      if (event.dispute) keep(unmask(BuyerDisputeDocument, event.dispute));
      // Not readable with the event: read it again.
      else void refetch();
      onDisputeChanged?.();
    },
    onResumeImpossible: () => void refetch(),
  });
  const [failure, setFailure] = useState<string | null>(null);

  const answered = unmask(BuyerDisputeDocument, query.data?.dispute ?? undefined);
  const dispute = newestDispute(answered, latest);
  const HeadingTag = headingLevel === 1 ? 'h1' : 'h2';

  if (!dispute) {
    if (query.loading) {
      return (
        <Center py="md">
          <Loader aria-label="Loading the dispute" />
        </Center>
      );
    }
    return (
      <Alert color="red" title="This dispute could not be loaded">
        {query.error ? errorMessage(query.error) : 'It does not exist, or it is not yours.'}
      </Alert>
    );
  }

  const askedToRespond = dispute.state === 'NEEDS_RESPONSE' && dispute.requestedParty === 'BUYER';
  const sellerAsked = dispute.state === 'NEEDS_RESPONSE' && dispute.requestedParty === 'SELLER';
  const closed = closedStates.has(dispute.state);
  const announcement = askedToRespond
    ? `Support asked you to respond${dispute.responseDueAt ? ` by ${formatDateTime(dispute.responseDueAt)}` : ''}.`
    : `Dispute state: ${stateLabels[dispute.state]}.`;

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="dispute-heading"
      data-dispute-version={dispute.version}
    >
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Title
            order={headingLevel}
            size={headingLevel === 1 ? 'h2' : 'h3'}
            id="dispute-heading"
            component={HeadingTag}
          >
            Dispute
          </Title>
          <Group gap="xs">
            <Badge
              color={askedToRespond ? 'orange' : closed ? 'gray.7' : 'blue.9'}
              variant="filled"
              data-testid="dispute-state"
            >
              {stateLabels[dispute.state]}
            </Badge>
            <LiveStatus live={live} />
          </Group>
        </Group>
        <VisuallyHidden role="status" aria-live="polite">
          {announcement}
        </VisuallyHidden>
        <Text size="sm">
          Reason: {reasonLabels[dispute.reason]} · opened {formatDateTime(dispute.createdAt)}
        </Text>

        {askedToRespond && (
          <Alert
            color="orange"
            variant="light"
            title="Support needs your answer"
            data-testid="response-requested"
          >
            <Stack gap="sm">
              <Text size="sm">
                Answer below, with screenshots if you have them. Without an answer by{' '}
                {dispute.responseDueAt ? formatDateTime(dispute.responseDueAt) : 'the deadline'}
                {dispute.responseDueAt && (
                  <>
                    {' '}
                    (<ProtectionCountdown endsAt={dispute.responseDueAt} precision="minutes" />)
                  </>
                )}
                , support decides with what it has.
              </Text>
              <AnswerBox disputeId={dispute.id} label="Your answer to support" onPosted={keep} />
            </Stack>
          </Alert>
        )}
        {sellerAsked && (
          <Text size="sm">
            Support asked the seller to respond
            {dispute.responseDueAt ? ` by ${formatDateTime(dispute.responseDueAt)}` : ''}.
          </Text>
        )}
        {dispute.outcome === 'WITHDRAWN' && (
          <Alert color="gray" title="You withdrew this dispute" data-testid="dispute-outcome">
            <Text size="sm">
              No money moved: the order waits for your confirmation, or goes to the seller when its buyer
              protection ends.
              {dispute.decidedAt ? ` Withdrawn ${formatDateTime(dispute.decidedAt)}.` : ''}
            </Text>
          </Alert>
        )}
        {(dispute.outcome === 'WON' || dispute.outcome === 'LOST') && (
          <Alert
            color={dispute.outcome === 'WON' ? 'teal' : 'gray'}
            title={dispute.outcome === 'WON' ? 'Decided for you: refunded' : 'Decided for the seller'}
            data-testid="dispute-outcome"
          >
            <Stack gap={4}>
              <Text size="sm">
                {dispute.outcome === 'WON'
                  ? 'The price was returned to your wallet.'
                  : 'Support found the code was delivered as described; the payment went to the seller.'}
                {dispute.decidedAt ? ` Decided ${formatDateTime(dispute.decidedAt)}.` : ''}
              </Text>
              {decisionReason(dispute.timeline) && (
                <Text size="sm">The decision's reason: {decisionReason(dispute.timeline)}</Text>
              )}
            </Stack>
          </Alert>
        )}

        {failure && (
          <Alert
            color="red"
            title="The file could not be opened"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setFailure(null)}
          >
            {failure}
          </Alert>
        )}
        <Stack gap="xs">
          <Title order={(headingLevel + 1) as 2 | 3} size="h4">
            Messages
          </Title>
          <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Messages">
            {dispute.messages.map((message) => (
              <Paper key={message.id} component="li" withBorder p="sm" data-message-id={message.id}>
                <Group gap="xs" mb={4}>
                  <Text fw={600} size="sm">
                    {message.authorKind === 'BUYER' ? 'You' : message.author.displayName}
                  </Text>
                  <Badge variant="filled" color="gray.7" size="sm">
                    {authorLabels[message.authorKind]}
                  </Badge>
                  <Text size="xs" c="gray.7">
                    {formatDateTime(message.createdAt)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {message.body}
                </Text>
                {message.attachments.length > 0 && (
                  <Group gap="xs" mt="xs">
                    {message.attachments.map((attachment) => (
                      <AttachmentLink key={attachment.id} attachment={attachment} onFailure={setFailure} />
                    ))}
                  </Group>
                )}
              </Paper>
            ))}
          </Stack>
        </Stack>

        {!askedToRespond && !closed && (
          <AnswerBox disputeId={dispute.id} label="Add a message" onPosted={keep} />
        )}
        {!closed && (
          <WithdrawDispute
            disputeId={dispute.id}
            version={dispute.version}
            onWithdrawn={(withdrawn) => {
              keep(withdrawn);
              onDisputeChanged?.();
            }}
          />
        )}
        {live.status === 'failed' && (
          <Button variant="default" onClick={() => void refetch()} style={{ alignSelf: 'start' }}>
            Reload the dispute
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

/** The note of the decision (an admin's refund or release), as the dispute's timeline keeps it. */
export function decisionReason(
  timeline: ReadonlyArray<{ action: string; note?: string | null }>,
): string | null {
  const decision = timeline.findLast(
    (event) => event.action === 'DECIDE_REFUND' || event.action === 'DECIDE_RELEASE',
  );
  return decision?.note?.trim() || null;
}
