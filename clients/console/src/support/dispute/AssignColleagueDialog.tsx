import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifySuccess } from '../notify';
import { useMemo, useState } from 'react';
import { UserFinder } from '../../admin/shared/UserFinder';
import { useFragment as unmask } from '../../gql';
import {
  AssignDisputeMutation,
  DisputeDetailFragment,
  StaffColleagueQuery,
  StaffMembersQuery,
} from './dispute.documents';
import { conflictIn } from './user-errors';
import type { Role } from '../../gql/graphql';
import { globalIdFromInput } from '../../ui/global-id';
import { rolesInWords } from '../../ui/role-labels';

export interface Colleague {
  id: string;
  displayName: string;
}

export interface AssignColleagueDialogProps {
  opened: boolean;
  dispute: { id: string; version: number };
  /** Staff this console has seen act on the dispute: offered first. */
  knownColleagues: readonly Colleague[];
  /** The viewer, who is not offered (Assign to me does that). */
  viewerId: string;
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
  viewerId,
  onClose,
  onConflict,
}: Omit<AssignColleagueDialogProps, 'opened'>) {
  const staff = useQuery(StaffMembersQuery, { fetchPolicy: 'cache-and-network' });
  const colleagueOptions = useMemo(() => {
    const known = new Set(knownColleagues.map((colleague) => colleague.id));
    const option = (member: {
      id: string;
      displayName: string;
      email?: string | null;
      roles: readonly Role[];
    }) => ({
      value: member.id,
      label: `${member.displayName} · ${rolesInWords(member.roles.filter((role) => role === 'SUPPORT' || role === 'ADMIN'))}${member.email ? ` · ${member.email}` : ''}`,
    });
    const members = (staff.data?.staffMembers ?? []).filter((member) => member.id !== viewerId);
    const onDispute = members.filter((member) => known.has(member.id)).map(option);
    const others = members.filter((member) => !known.has(member.id)).map(option);
    return [
      ...(onDispute.length > 0 ? [{ group: 'Worked on this dispute', items: onDispute }] : []),
      ...(others.length > 0 ? [{ group: 'Support and admins', items: others }] : []),
    ];
  }, [staff.data, knownColleagues, viewerId]);
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
    const assigneeId = known ?? globalIdFromInput('User', userId);
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
          <Select
            label="Colleague"
            placeholder={staff.loading && !staff.data ? 'Loading the staff…' : 'A support agent or an admin'}
            description="Refunds and releases are decided by an admin."
            data={colleagueOptions}
            searchable
            clearable
            nothingFoundMessage="No colleague by that name"
            {...form.getInputProps('known')}
          />
          <TextInput
            label="Or their user ID"
            description="A support agent's or admin's user ID: finding them by email above fills it in"
            disabled={form.values.known !== null}
            {...form.getInputProps('userId')}
            onBlur={(event) => {
              const id = globalIdFromInput('User', event.currentTarget.value);
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
