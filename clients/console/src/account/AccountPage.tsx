import { useApolloClient, useMutation } from '@apollo/client/react';
import { Card, Stack, Title } from '@mantine/core';
import { graphql } from '../gql';
import { useSession } from '../session/session-context';
import { ChangePasswordForm, type ChangePasswordValues } from './ChangePasswordForm';
import { UserDetails } from '../ui/UserDetails';

const ChangePasswordMutation = graphql(`
  mutation AccountChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      changed
      signedOutSessions
      revokedApiKeys
      errors {
        code
        message
        field
      }
    }
  }
`);

/**
 * The signed-in person's own account, whatever their roles: who the console knows them as, and
 * their password. Staff made by an admin start with a password someone else chose, and change it
 * here.
 */
export default function AccountPage() {
  const { viewer } = useSession();
  const apollo = useApolloClient();
  const [changePassword] = useMutation(ChangePasswordMutation);

  const change = async (values: ChangePasswordValues) => {
    const { data } = await changePassword({ variables: { input: values } });
    const payload = data?.changePassword;
    if (!payload) throw new Error('The server gave no answer; try again.');
    if (payload.errors.length > 0 || !payload.changed) return { errors: payload.errors };
    // An initial password's end is gone with it: the viewer is read again, and the layout's note goes.
    void apollo.refetchQueries({ include: ['Viewer'] });
    return {
      changed: true as const,
      signedOutSessions: payload.signedOutSessions,
      revokedApiKeys: payload.revokedApiKeys,
    };
  };

  if (!viewer) return null;
  return (
    <Stack>
      <Title order={1}>Account</Title>
      <Card withBorder maw={720} component="section" aria-labelledby="account-details-title">
        <Stack>
          <Title order={2} size="h3" id="account-details-title">
            Your details
          </Title>
          <UserDetails user={viewer} />
        </Stack>
      </Card>
      <Card withBorder maw={720} component="section" aria-labelledby="account-password-title">
        <Stack>
          <Title order={2} size="h3" id="account-password-title">
            Change password
          </Title>
          <ChangePasswordForm onSubmit={change} />
        </Stack>
      </Card>
    </Stack>
  );
}
