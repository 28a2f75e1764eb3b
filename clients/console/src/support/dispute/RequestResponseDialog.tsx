import { useMutation } from '@apollo/client/react';
import {
  Alert,
  Button,
  Group,
  Input,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifySuccess } from '../notify';
import { useState } from 'react';
import type { DisputeParty } from '../../gql/graphql';
import { partyLabels } from '../dispute-labels';
import { RequestDisputeResponseMutation } from './dispute.documents';
import { deadlineHoursError, deadlineRangeText, maxDeadlineHours } from './response-deadline';
import { conflictIn } from './user-errors';

const maxMessageLength = 5000;

export interface RequestResponseDialogProps {
  opened: boolean;
  dispute: { id: string; version: number };
  onClose: () => void;
  onConflict: (message: string) => void;
}

/** Asks the buyer or the seller to respond before a deadline: UNDER_REVIEW -> NEEDS_RESPONSE. */
export function RequestResponseDialog({ opened, dispute, onClose, onConflict }: RequestResponseDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Request a response"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {opened && <RequestResponseForm dispute={dispute} onClose={onClose} onConflict={onConflict} />}
    </Modal>
  );
}

function RequestResponseForm({ dispute, onClose, onConflict }: Omit<RequestResponseDialogProps, 'opened'>) {
  // The version the agent saw when choosing to ask: a change since then is a conflict.
  const [expectedVersion] = useState(dispute.version);
  const [requestResponse, { loading }] = useMutation(RequestDisputeResponseMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { party: 'SELLER' as DisputeParty, deadlineHours: 48 as number | string, message: '' },
    validate: {
      deadlineHours: deadlineHoursError,
      message: (value) =>
        value.trim().length === 0
          ? 'Write the question the party must answer'
          : value.length > maxMessageLength
            ? `At most ${maxMessageLength} characters`
            : null,
    },
  });

  const submit = form.onSubmit(async ({ party, deadlineHours, message }) => {
    setFailure(null);
    try {
      const { data } = await requestResponse({
        variables: {
          input: {
            disputeId: dispute.id,
            expectedVersion,
            party,
            deadlineHours: Number(deadlineHours),
            message,
          },
        },
      });
      const errors = data?.requestDisputeResponse.errors ?? [];
      const conflict = conflictIn(errors);
      if (conflict) {
        onConflict(conflict.message);
        onClose();
        return;
      }
      const error = errors[0];
      if (error) {
        if (error.field === 'deadlineHours' || error.field === 'message')
          form.setFieldError(error.field, error.message);
        else setFailure(error.message);
        return;
      }
      notifySuccess(`Response requested from the ${party.toLowerCase()}.`);
      onClose();
    } catch (thrown) {
      setFailure(thrown instanceof Error ? thrown.message : 'The request failed; try again.');
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure && (
          <Alert color="red" title="Not requested" role="alert">
            {failure}
          </Alert>
        )}
        <Stack gap={4}>
          <Input.Label id="request-party-label">Ask</Input.Label>
          <SegmentedControl
            aria-labelledby="request-party-label"
            data={(['SELLER', 'BUYER'] as const).map((party) => ({
              value: party,
              label: `The ${partyLabels[party].toLowerCase()}`,
            }))}
            {...form.getInputProps('party')}
          />
        </Stack>
        <NumberInput
          label="Deadline (hours from now)"
          description={`Allowed: ${deadlineRangeText}. Unanswered by then, the dispute returns to review`}
          min={1}
          max={maxDeadlineHours}
          // Never corrected behind the agent's back (0 silently became 1): the form refuses it instead.
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          required
          {...form.getInputProps('deadlineHours')}
        />
        <Textarea
          label="Question"
          description={`Shown to both parties; addressed to the ${partyLabels[form.values.party].toLowerCase()}`}
          autosize
          minRows={3}
          maxLength={maxMessageLength}
          required
          data-autofocus
          {...form.getInputProps('message')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            Send the request
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
