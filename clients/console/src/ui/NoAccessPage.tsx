import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { homePath } from '../app/navigation';
import { graphql } from '../gql';
import { useSession } from '../session/session-context';

const OpenSellerAccountMutation = graphql(`
  mutation OpenSellerAccount {
    openSellerAccount {
      user {
        id
        roles
      }
      errors {
        code
        message
      }
    }
  }
`);

/** A signed-in buyer's account in the console: nothing to show it yet, but it can start selling. */
function StartSelling() {
  const session = useSession();
  const navigate = useNavigate();
  const [openSellerAccount, { loading }] = useMutation(OpenSellerAccountMutation);
  const [failure, setFailure] = useState<string | null>(null);

  const start = async () => {
    setFailure(null);
    try {
      const { data } = await openSellerAccount();
      const user = data?.openSellerAccount.user;
      if (!user) {
        setFailure(
          data?.openSellerAccount.errors[0]?.message ?? 'Selling could not be turned on; try again.',
        );
        return;
      }
      await session.reload();
      void navigate(homePath(user.roles), { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'Selling could not be turned on; try again.');
    }
  };

  return (
    <Stack>
      <Title order={1}>Start selling with this account</Title>
      <Text>
        The console is for sellers and CodeSale staff. Your account buys in the store; it can also list codes,
        follow its sales and get paid. Your orders, wallet and sign-in stay as they are.
      </Text>
      {failure && (
        <Alert color="red" title="Selling was not turned on" role="alert">
          {failure}
        </Alert>
      )}
      <Group>
        <Button onClick={() => void start()} loading={loading}>
          Start selling
        </Button>
      </Group>
    </Stack>
  );
}

export function NoAccessPage() {
  const { hasRole } = useSession();
  // A buyer's account: the navigation is empty, so this page is all the console has for it.
  if (!hasRole('SELLER', 'SUPPORT', 'ADMIN')) return <StartSelling />;
  return (
    <Stack>
      <Title order={1}>Nothing here for your roles</Title>
      <Text>
        This page needs a role your account does not have. Use the navigation to reach what your roles allow,
        or ask an admin for access.
      </Text>
    </Stack>
  );
}
