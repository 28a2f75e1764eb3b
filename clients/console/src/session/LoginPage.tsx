import { useMutation } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { homePath } from '../app/navigation';
import { useSession } from './session-context';

const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      user {
        id
        roles
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [logIn, { loading }] = useMutation(LogInMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value) ? null : 'Enter the email you signed up with'),
      password: (value) => (value.length > 0 ? null : 'Enter your password'),
    },
  });

  if (session.viewer) return <Navigate to={homePath(session.viewer.roles)} replace />;

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const { data } = await logIn({ variables: { input: values } });
      const error = data?.logIn.errors[0];
      if (error) {
        setFailure(error.message);
        return;
      }
      await session.reload();
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from ?? homePath(data?.logIn.user?.roles ?? []), { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'Signing in failed; try again.');
    }
  });

  return (
    <Center mih="100vh" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h2">
              Sign in to the CodeSale console
            </Title>
            {failure && (
              <Alert color="red" title="Could not sign in" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={loading}>
              Sign in
            </Button>
            <Text size="sm">
              New to selling?{' '}
              <Anchor component={Link} to="/signup">
                Create a seller account
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
