import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useFragment as unmask } from '../../gql';
import { useSession } from '../../session/session-context';
import { PageLoader } from '../../ui/PageLoader';
import { reasonLabels } from '../dispute-labels';
import { LiveStatus } from '../LiveStatus';
import { StateBadge } from '../StateBadge';
import { useResumableSubscription } from '@codesale/client-shared';
import { DisputeActionsPanel } from './DisputeActionsPanel';
import { DisputeMessages, MessagesSection } from './DisputeMessages';
import { DisputeSummary } from './DisputeSummary';
import { DisputeTimeline } from './DisputeTimeline';
import { DisputeDetailFragment, DisputeQuery, DisputeUpdatedSubscription } from './dispute.documents';
import { EvidencePanel } from './EvidencePanel';
import { MessageComposer } from './MessageComposer';
import { RiskPanel } from './RiskPanel';
import { errorMessage } from '../../ui/error-message';

const clockTickMs = 30_000;

/**
 * One dispute, live: `disputeUpdated` writes each change into the cache (the newest version wins,
 * see dispute-type-policies.ts) and this page re-renders from it, so what the agent sees follows
 * other agents, the parties, the deadline job and an admin's decision without a reload.
 */
export function DisputePage() {
  const { disputeId = '' } = useParams();
  const { viewer, hasRole } = useSession();
  const query = useQuery(DisputeQuery, {
    variables: { id: disputeId },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { refetch } = query;
  const live = useResumableSubscription({
    document: DisputeUpdatedSubscription,
    variables: { id: disputeId },
    cursorOf: (data) => data.disputeUpdated.cursor,
    // The subscription's result is already in the cache; nothing else to do per event.
    onEvent: () => undefined,
    onResumeImpossible: () => void refetch(),
  });
  const [conflict, setConflict] = useState<string | null>(null);
  const onConflict = useCallback(
    (message: string) => {
      setConflict(message);
      // The live event normally got here first; reading again makes sure the page shows the new state.
      void refetch();
    },
    [refetch],
  );
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), clockTickMs, { autoInvoke: true });

  const dispute = query.data?.dispute ? unmask(DisputeDetailFragment, query.data.dispute) : null;
  const back = (
    <Anchor component={Link} to="/support/disputes" size="sm">
      ← Dispute queue
    </Anchor>
  );

  if (!dispute) {
    if (query.loading) return <PageLoader />;
    return (
      <Stack>
        {back}
        <Title order={1}>Dispute</Title>
        {query.error ? (
          <Alert color="red" title="Could not load the dispute" role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{errorMessage(query.error)}</Text>
              <Button size="xs" variant="default" onClick={() => void refetch()}>
                Try again
              </Button>
            </Stack>
          </Alert>
        ) : (
          <Text>No dispute has this id, or it is not visible to you.</Text>
        )}
      </Stack>
    );
  }

  const staff = { id: viewer?.id ?? '', isAdmin: hasRole('ADMIN') };
  const open =
    dispute.state === 'OPEN' || dispute.state === 'UNDER_REVIEW' || dispute.state === 'NEEDS_RESPONSE';
  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={1}>{reasonLabels[dispute.reason]} dispute</Title>
          {/* The version is the API's concurrency number: kept for the app and its tests, not shown. */}
          <span data-testid="dispute-state" data-dispute-version={dispute.version}>
            <StateBadge state={dispute.state} />
          </span>
        </Group>
        <LiveStatus live={live} />
      </Group>
      {conflict && (
        <Alert
          color="red.9"
          variant="outline"
          title="This dispute changed before your action reached it"
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setConflict(null)}
          data-testid="dispute-conflict"
        >
          <Stack gap={4}>
            <Text size="sm">{conflict} Nothing was done.</Text>
            <Group gap="xs">
              <Text size="sm">It is now</Text>
              <StateBadge state={dispute.state} />
              <Text size="sm">— check its timeline, then act again if still needed.</Text>
            </Group>
          </Stack>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <DisputeSummary dispute={dispute} now={now} />
            <DisputeActionsPanel dispute={dispute} staff={staff} onConflict={onConflict} />
            <MessagesSection>
              <DisputeMessages messages={dispute.messages} />
              {open && <MessageComposer disputeId={dispute.id} />}
            </MessagesSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <RiskPanel dispute={dispute} />
            <EvidencePanel evidence={dispute.evidence} />
            <DisputeTimeline timeline={dispute.timeline} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
