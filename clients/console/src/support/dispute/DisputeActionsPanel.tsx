import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { partyLabels, stateLabels } from '../dispute-labels';
import { DateTime } from '../../ui/DateTime';
import { notifySuccess } from '../notify';
import { AssignColleagueDialog, type Colleague } from './AssignColleagueDialog';
import { DecisionDialog, type DecisionAttempt, type DecisionKind } from './DecisionDialog';
import { allowedActions, type ActingStaff } from './dispute-actions';
import { AssignDisputeMutation, StartDisputeReviewMutation } from './dispute.documents';
import { RequestResponseDialog } from './RequestResponseDialog';
import { conflictIn, type UserErrorView } from './user-errors';

export interface DisputeActionsPanelProps {
  dispute: DisputeDetailFragment;
  staff: ActingStaff;
  onConflict: (message: string) => void;
}

/** Staff who acted on the dispute, other than the viewer: the colleagues offered for a hand-over. */
function colleaguesOf(dispute: DisputeDetailFragment, viewerId: string): Colleague[] {
  const byId = new Map<string, Colleague>();
  for (const event of dispute.timeline) {
    if (event.actor && (event.actorKind === 'SUPPORT' || event.actorKind === 'ADMIN'))
      byId.set(event.actor.id, event.actor);
  }
  if (dispute.assignee) byId.set(dispute.assignee.id, dispute.assignee);
  byId.delete(viewerId);
  return [...byId.values()];
}

/** The actions the transition matrix allows in the current state, and nothing else. */
export function DisputeActionsPanel({ dispute, staff, onConflict }: DisputeActionsPanelProps) {
  const actions = allowedActions(dispute, staff);
  const [assignDispute, assigning] = useMutation(AssignDisputeMutation);
  const [startReview, starting] = useMutation(StartDisputeReviewMutation);
  const [dialog, setDialog] = useState<'assign' | 'request' | null>(null);
  const [decision, setDecision] = useState<DecisionAttempt | null>(null);
  const [openings, setOpenings] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const colleagues = useMemo(() => colleaguesOf(dispute, staff.id), [dispute, staff.id]);

  const report = (errors: readonly UserErrorView[], success: string) => {
    const conflict = conflictIn(errors);
    if (conflict) onConflict(conflict.message);
    else if (errors[0]) setFailure(errors[0].message);
    else notifySuccess(success);
  };
  const run = async (action: () => Promise<readonly UserErrorView[]>, success: string) => {
    setFailure(null);
    try {
      report(await action(), success);
    } catch (thrown) {
      setFailure(thrown instanceof Error ? thrown.message : 'The action failed; try again.');
    }
  };
  const openDecision = (kind: DecisionKind) => {
    setOpenings(openings + 1);
    setDecision({ kind, number: openings + 1 });
  };

  const has = (action: (typeof actions)[number]) => actions.includes(action);
  const expected = { disputeId: dispute.id, expectedVersion: dispute.version };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="actions-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="actions-heading">
          Actions
        </Title>
        {failure && (
          <Alert
            color="red.9"
            title="Not done"
            role="alert"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setFailure(null)}
          >
            {failure}
          </Alert>
        )}
        {staff.isAdmin && dispute.state === 'NEEDS_RESPONSE' && (
          <Text size="sm" c="gray.7" data-testid="decision-waits">
            A refund or release waits for the{' '}
            {dispute.requestedParty ? partyLabels[dispute.requestedParty].toLowerCase() : 'party'}
            &apos;s answer
            {dispute.responseDueAt && (
              <>
                {' '}
                (due <DateTime value={dispute.responseDueAt} />)
              </>
            )}
            : the dispute returns to review when they answer or the deadline passes.
          </Text>
        )}
        {!staff.isAdmin && has('ASSIGN_TO_COLLEAGUE') && (
          <Text size="sm" c="gray.7" data-testid="admin-decides">
            Refunds and releases are an admin&apos;s decision: when your review is done, assign the dispute to
            an admin.
          </Text>
        )}
        {actions.length === 0 ? (
          <Text c="gray.7">
            Nothing left to do: the dispute is {stateLabels[dispute.state].toLowerCase()}.
          </Text>
        ) : (
          <Group gap="sm">
            {has('ASSIGN_TO_ME') && (
              <Button
                loading={assigning.loading}
                onClick={() =>
                  void run(
                    async () =>
                      (await assignDispute({ variables: { input: expected } })).data?.assignDispute.errors ??
                      [],
                    'Assigned to you.',
                  )
                }
              >
                Assign to me
              </Button>
            )}
            {has('START_REVIEW') && (
              <Button
                loading={starting.loading}
                onClick={() =>
                  void run(
                    async () =>
                      (await startReview({ variables: { input: expected } })).data?.startDisputeReview
                        .errors ?? [],
                    'Review started.',
                  )
                }
              >
                Start review
              </Button>
            )}
            {has('REQUEST_RESPONSE') && (
              <Button onClick={() => setDialog('request')}>Request a response</Button>
            )}
            {has('ASSIGN_TO_COLLEAGUE') && (
              <Button variant="default" onClick={() => setDialog('assign')}>
                Assign to a colleague
              </Button>
            )}
            {has('REFUND') && (
              <Button color="red.9" onClick={() => openDecision('REFUND')}>
                Refund buyer
              </Button>
            )}
            {has('RELEASE') && (
              <Button color="indigo.7" onClick={() => openDecision('RELEASE')}>
                Release to seller
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <RequestResponseDialog
        opened={dialog === 'request'}
        dispute={dispute}
        onClose={() => setDialog(null)}
        onConflict={onConflict}
      />
      <AssignColleagueDialog
        opened={dialog === 'assign'}
        dispute={dispute}
        knownColleagues={colleagues}
        viewerId={staff.id}
        onClose={() => setDialog(null)}
        onConflict={onConflict}
      />
      {staff.isAdmin && (
        <DecisionDialog
          attempt={decision}
          dispute={dispute}
          onClose={() => setDecision(null)}
          onConflict={onConflict}
          onDecided={({ kind, replayed }) =>
            notifySuccess(
              `${kind === 'REFUND' ? 'Refunded to the buyer' : 'Released to the seller'}${
                replayed ? ' (already done: nothing moved again)' : ''
              }. The dispute is closed.`,
            )
          }
        />
      )}
    </Paper>
  );
}
