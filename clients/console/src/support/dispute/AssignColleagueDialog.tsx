import { useLazyQuery, useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifySuccess } from '../notify';
import { useState } from 'react';
import { UserFinder } from '../../admin/shared/UserFinder';
import { useFragment as unmask } from '../../gql';
import { AssignDisputeMutation, DisputeDetailFragment, StaffColleagueQuery } from './dispute.documents';
import { conflictIn } from './user-errors';
import { rolesInWords } from '../../ui/role-labels';

export interface Colleague {
  id: string;
  displayName: string;
}

export interface AssignColleagueDialogProps {
  opened: boolean;
  dispute: { id: string; version: number };
  /** Staff this console has seen act on the dispute; anyone else is named by their user id. */
  knownColleagues: readonly Colleague[];
  onClose: () => void;
  onConflict: (message: string) => void;
}

/** Hands the dispute to another support agent or admin (its state stays; OPEN starts the review). */
export function AssignColleagueDialog({ opened, onClose, ...rest }: AssignColleagueDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Assign to a colleague"
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {opened && <AssignColleagueForm onClose={onClose} {...rest} />}
    </Modal>
  );
}

function AssignColleagueForm({
  dispute,
  knownColleagues,
  onClose,
  onConflict,
}: Omit<AssignColleagueDialogProps, 'opened'>) {
  const [expectedVersion] = useState(dispute.version);
  const [assignDispute, { loading }] = useMutation(AssignDisputeMutation);
  const [lookUp, lookedUp] = useLazyQuery(StaffColleagueQuery);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { known: null as string | null, userId: '' },
    validate: {
      userId: (value, values) =>
        values.known || value.trim().length > 0 ? null : 'Choose a colleague, or enter their user ID',
    },
  });
  const found = lookedUp.data?.user;

  const submit = form.onSubmit(async ({ known, userId }) => {
    setFailure(null);
    const assigneeId = known ?? userId.trim();
    try {
      const { data } = await assignDispute({
        variables: { input: { disputeId: dispute.id, assigneeId, expectedVersion } },
      });
      const errors = data?.assignDispute.errors ?? [];
      const conflict = conflictIn(errors);
      if (conflict) {
        onConflict(conflict.message);
        onClose();
        return;
      }
      const error = errors[0];
      if (error) {
        if (error.field === 'assigneeId') form.setFieldError('userId', error.message);
        else setFailure(error.message);
        return;
      }
      const assigned = data?.assignDispute.dispute
        ? unmask(DisputeDetailFragment, data.assignDispute.dispute)
        : null;
      notifySuccess(`Assigned to ${assigned?.assignee?.displayName ?? 'your colleague'}.`);
      onClose();
    } catch (thrown) {
      setFailure(thrown instanceof Error ? thrown.message : 'The assignment failed; try again.');
    }
  });

  return (
    <Stack>
      {/* Its own form (forms do not nest): choosing a match fills the id below. */}
      <UserFinder
        label="Find a colleague"
        onChoose={(user) => {
          form.setValues({ known: null, userId: user.id });
          void lookUp({ variables: { id: user.id } });
        }}
      />
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure && (
            <Alert color="red" title="Not assigned" role="alert">
              {failure}
            </Alert>
          )}
          {knownColleagues.length > 0 && (
            <Select
              label="Colleague"
              placeholder="Staff who worked on this dispute"
              data={knownColleagues.map((colleague) => ({
                value: colleague.id,
                label: colleague.displayName,
              }))}
              clearable
              {...form.getInputProps('known')}
            />
          )}
          <TextInput
            label={knownColleagues.length > 0 ? 'Or their user ID' : 'Their user ID'}
            description="A support agent's or admin's user ID: finding them by email above fills it in"
            disabled={form.values.known !== null}
            {...form.getInputProps('userId')}
            onBlur={(event) => {
              const id = event.currentTarget.value.trim();
              if (id) void lookUp({ variables: { id } });
            }}
          />
          {form.values.known === null &&
            form.values.userId.trim() !== '' &&
            lookedUp.called &&
            !lookedUp.loading && (
              <Text size="sm" role="status">
                {found
                  ? `${found.displayName} (${rolesInWords(found.roles)})${
                      found.roles.some((role) => role === 'SUPPORT' || role === 'ADMIN')
                        ? ''
                        : ': not staff, cannot be assigned'
                    }`
                  : 'No user has this id.'}
              </Text>
            )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={loading}>
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Assign
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
