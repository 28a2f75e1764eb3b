import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Card, Code, Group, Modal, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useHref } from 'react-router';
import { graphql } from '../../gql';
import type { AdminStaffListQuery, UserStatus } from '../../gql/graphql';
import { useSession } from '../../session/session-context';
import { DateTime } from '../../ui/DateTime';
import { errorMessage } from '../../ui/error-message';
import { PageLoader } from '../../ui/PageLoader';
import { UserDetails } from '../../ui/UserDetails';
import { rolesInWords } from '../../ui/role-labels';
import { DataTable } from '../shared/DataTable';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { ReasonDialog } from '../shared/ReasonDialog';
import { UserFinder } from '../shared/UserFinder';
import { AddStaffForm, type AddStaffValues } from './AddStaffForm';
import { generatePassword } from './generate-password';

const CreateStaffUserMutation = graphql(`
  mutation AdminCreateStaffUser($input: CreateStaffUserInput!) {
    createStaffUser(input: $input) {
      user {
        id
        displayName
        email
        roles
        createdAt
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const ResetStaffPasswordMutation = graphql(`
  mutation AdminResetStaffPassword($input: ResetStaffPasswordInput!) {
    resetStaffPassword(input: $input) {
      user {
        id
        passwordExpiresAt
      }
      errors {
        code
        message
      }
    }
  }
`);

const StaffListQuery = graphql(`
  query AdminStaffList {
    staffMembers(includeDisabled: true) {
      id
      displayName
      email
      roles
      status
      createdAt
      passwordExpiresAt
    }
  }
`);

type StaffMember = AdminStaffListQuery['staffMembers'][number];

/**
 * Every support agent and admin, by name, the disabled ones too (to enable one again); choosing one
 * opens it below, as a found user.
 */
function StaffList({ onChoose }: { onChoose: (userId: string) => void }) {
  const { data, loading, error, refetch } = useQuery(StaffListQuery, { fetchPolicy: 'cache-and-network' });
  const columns = useMemo<ColumnDef<StaffMember>[]>(
    () => [
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => (
          <Anchor component="button" type="button" size="sm" onClick={() => onChoose(row.original.id)}>
            {row.original.displayName}
          </Anchor>
        ),
      },
      { id: 'email', header: 'Email', cell: ({ row }) => row.original.email ?? '—' },
      {
        id: 'roles',
        header: 'Roles',
        cell: ({ row }) =>
          rolesInWords(row.original.roles.filter((role) => role === 'SUPPORT' || role === 'ADMIN')),
      },
      {
        id: 'status',
        header: 'Account',
        cell: ({ row }) =>
          row.original.status === 'DISABLED' ? (
            <Badge color="gray" variant="light">
              Disabled
            </Badge>
          ) : (
            'Active'
          ),
      },
      { id: 'since', header: 'Since', cell: ({ row }) => <DateTime value={row.original.createdAt} /> },
      {
        id: 'password',
        header: 'Password',
        cell: ({ row }) =>
          row.original.passwordExpiresAt ? (
            <>
              Initial, until <DateTime value={row.original.passwordExpiresAt} />
            </>
          ) : (
            'Their own'
          ),
      },
    ],
    [onChoose],
  );
  if (error) return <QueryErrorAlert error={error} what="the staff" onRetry={() => void refetch()} />;
  if (loading && !data) return <PageLoader />;
  const members = data?.staffMembers ?? [];
  return (
    <DataTable
      caption={`${members.length} staff member${members.length === 1 ? '' : 's'} (support agents and admins), by name`}
      data={members}
      columns={columns}
      getRowId={(member) => member.id}
      empty="No staff account yet."
    />
  );
}

const SetStaffAccountStatusMutation = graphql(`
  mutation AdminSetStaffAccountStatus($input: SetStaffAccountStatusInput!) {
    setStaffAccountStatus(input: $input) {
      user {
        id
        status
      }
      changed
      disputesReturned
      errors {
        code
        message
        field
      }
    }
  }
`);

/**
 * Disables a colleague's staff account (who left: signed out everywhere at once, cannot sign in)
 * or enables it again, with a reason for the audit log.
 */
function AccountStatus({ user }: { user: { id: string; displayName: string; status?: UserStatus | null } }) {
  const [opened, setOpened] = useState(false);
  const [setStaffAccountStatus] = useMutation(SetStaffAccountStatusMutation, {
    refetchQueries: [StaffListQuery],
  });
  const disabled = user.status === 'DISABLED';
  const confirm = async (reason: string) => {
    const { data } = await setStaffAccountStatus({
      variables: { input: { userId: user.id, status: disabled ? 'ACTIVE' : 'DISABLED', reason } },
    });
    const errors = data?.setStaffAccountStatus.errors ?? [];
    if (errors.length === 0) {
      notifications.show({
        color: 'green',
        title: disabled ? 'Account enabled' : 'Account disabled',
        message: disabled
          ? `${user.displayName} can sign in again.`
          : `${user.displayName} was signed out everywhere and cannot sign in.${returnedDisputes(
              data?.setStaffAccountStatus.disputesReturned ?? 0,
            )}`,
      });
    }
    return errors;
  };
  return (
    <Stack gap="xs" align="start">
      <Text size="sm" data-testid="account-status">
        {disabled ? 'Disabled: cannot sign in.' : 'Active.'}
      </Text>
      <Button
        variant={disabled ? 'default' : 'outline'}
        color={disabled ? undefined : 'red.9'}
        size="xs"
        onClick={() => setOpened(true)}
      >
        {disabled ? 'Enable account…' : 'Disable account…'}
      </Button>
      <ReasonDialog
        opened={opened}
        onClose={() => setOpened(false)}
        title={disabled ? 'Enable the account' : 'Disable the account'}
        confirmLabel={disabled ? 'Enable' : 'Disable'}
        confirmColor={disabled ? 'indigo.7' : 'red.9'}
        onConfirm={confirm}
      >
        <Text size="sm">
          {disabled
            ? `${user.displayName} will be able to sign in again, with their password.`
            : `${user.displayName} is signed out everywhere now and cannot sign in until an admin enables the account. Their open disputes go back to the queue, unassigned.`}
        </Text>
      </ReasonDialog>
    </Stack>
  );
}

function returnedDisputes(count: number): string {
  if (count === 0) return '';
  return count === 1
    ? ' Their open dispute went back to the queue.'
    : ` Their ${count} open disputes went back to the queue.`;
}

// The finder's match has no sign-up date: the chosen user is read again with it.
const StaffPageUserQuery = graphql(`
  query AdminStaffPageUser($userId: ID!) {
    user(id: $userId) {
      id
      displayName
      email
      roles
      createdAt
      passwordExpiresAt
      status
    }
  }
`);

/**
 * A new initial password for a colleague who forgot theirs, or whose initial one ended: generated
 * here, shown once to hand over, set by the server, which signs the account out everywhere.
 */
function ResetPassword({ userId, displayName }: { userId: string; displayName: string }) {
  const [resetStaffPassword, { loading }] = useMutation(ResetStaffPasswordMutation);
  const [outcome, setOutcome] = useState<{ password: string } | { problem: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const reset = async () => {
    setConfirming(false);
    const password = generatePassword();
    try {
      const { data } = await resetStaffPassword({ variables: { input: { userId, password } } });
      const error = data?.resetStaffPassword.errors[0];
      setOutcome(error ? { problem: error.message } : { password });
    } catch (failure) {
      setOutcome({ problem: errorMessage(failure) });
    }
  };
  return (
    <Stack gap="xs" align="start">
      <Button variant="default" size="xs" loading={loading} onClick={() => setConfirming(true)}>
        Set a new initial password…
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Set a new initial password?"
        centered
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <Text size="sm">
            {displayName} is signed out everywhere now, their API keys are revoked, and their current password
            stops working. You hand them the new one.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red.9" onClick={() => void reset()}>
              Set a new password
            </Button>
          </Group>
        </Stack>
      </Modal>
      {outcome && 'password' in outcome && (
        <Alert color="teal" role="status" title={`New initial password for ${displayName}`}>
          <Text size="sm">
            Hand it over: <Code data-testid="reset-password">{outcome.password}</Code>. Their sessions were
            signed out; it signs in for a limited time, and they change it after signing in.
          </Text>
        </Alert>
      )}
      {outcome && 'problem' in outcome && (
        <Alert color="red" role="alert" title="The password was not set">
          {outcome.problem}
        </Alert>
      )}
    </Stack>
  );
}

function ChosenUser({ userId }: { userId: string }) {
  const { viewer } = useSession();
  const { data, loading, error, refetch } = useQuery(StaffPageUserQuery, { variables: { userId } });
  if (error) return <QueryErrorAlert error={error} what="the user" onRetry={() => void refetch()} />;
  if (loading && !data) return <PageLoader />;
  const user = data?.user;
  if (!user) return <Text role="status">This user no longer exists.</Text>;
  return (
    <Stack gap="xs" data-testid="chosen-user">
      <Title order={3} size="h4">
        {user.displayName}
      </Title>
      <UserDetails user={user} />
      {user.passwordExpiresAt && (
        <Text size="sm">
          Initial password, signing in until <DateTime value={user.passwordExpiresAt} />.
        </Text>
      )}
      {user.id !== viewer?.id && user.roles.some((role) => role === 'SUPPORT' || role === 'ADMIN') && (
        <>
          <ResetPassword userId={user.id} displayName={user.displayName} />
          <AccountStatus user={user} />
        </>
      )}
    </Stack>
  );
}

/**
 * Staff accounts: an admin adds support agents and admins here (nobody can sign up as staff), and
 * looks up any account by email or id to see who it is and what it may do.
 */
export function StaffPage() {
  const [createStaffUser] = useMutation(CreateStaffUserMutation, { refetchQueries: [StaffListQuery] });
  const [chosenUserId, setChosenUserId] = useState<string | null>(null);
  // The new colleague opens the sign-in page on this console, wherever it is served from.
  const signInUrl = new URL(useHref('/login'), window.location.origin).href;

  const create = async (values: AddStaffValues) => {
    const { data } = await createStaffUser({
      variables: {
        input: {
          displayName: values.displayName,
          email: values.email,
          password: values.password,
          roles: [values.role],
        },
      },
    });
    const payload = data?.createStaffUser;
    if (!payload) throw new Error('The server gave no answer; try again.');
    return payload.errors;
  };

  return (
    <Stack>
      <Title order={1}>Staff</Title>
      <Text c="dimmed" maw={720}>
        Support agents and admins get their accounts here: nobody can sign up as staff. Each new account is
        recorded in the audit log with you as its creator.
      </Text>
      <Card withBorder maw={720} component="section" aria-labelledby="add-staff-title">
        <Stack>
          <Title order={2} size="h3" id="add-staff-title">
            Add a staff account
          </Title>
          <AddStaffForm onSubmit={create} signInUrl={signInUrl} />
        </Stack>
      </Card>
      <Card withBorder maw={960} component="section" aria-labelledby="staff-list-title">
        <Stack>
          <Title order={2} size="h3" id="staff-list-title">
            Support and admins
          </Title>
          <StaffList onChoose={setChosenUserId} />
        </Stack>
      </Card>
      {/* Wider than the form: the finder's table (name, email, roles, id) fits without scrolling. */}
      <Card withBorder maw={960} component="section" aria-labelledby="find-user-title">
        <Stack>
          <Title order={2} size="h3" id="find-user-title">
            Find a user
          </Title>
          <Text size="sm" c="dimmed">
            Anyone's account, staff or not: their name, email, roles and when they signed up.
          </Text>
          <UserFinder label="Find a user" onChoose={(user) => setChosenUserId(user.id)} />
          {chosenUserId && <ChosenUser userId={chosenUserId} />}
        </Stack>
      </Card>
    </Stack>
  );
}
