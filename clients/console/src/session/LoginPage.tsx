import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { homePath } from '../app/navigation';
import { AuthCard } from './AuthCard';
import type { PasswordResetDone } from './PasswordResetPages';
import { useSession } from './session-context';
import { PasswordField } from '../ui/PasswordField';

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
  const resetFor = (location.state as Partial<PasswordResetDone> | null)?.passwordResetFor;
  const form = useForm({
    initialValues: { email: resetFor ?? '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value) ? null : 'Enter the email you signed up with'),
      password: (value) => (value.length > 0 ? null : 'Enter your password'),
    },
  });

  // Signed in meanwhile (a renewed session): back to the page that sent here, if any.
  if (session.viewer) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? homePath(session.viewer.roles)} replace />;
  }

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
    <AuthCard
      title="Sign in to the CodeSale console"
      width={380}
      onSubmit={submit}
      failureTitle="Could not sign in"
      failure={failure}
      other={{ prompt: 'New to selling?', label: 'Create a seller account', to: '/signup' }}
    >
      {new URLSearchParams(location.search).get('ended') === '1' && !failure && (
        <Alert color="blue" variant="light" title="Your session ended" data-testid="session-ended">
          You were signed out: from another device, by a password change, or after a long time away. Sign in
          again to go on.
        </Alert>
      )}
      {resetFor && !failure && (
        <Alert color="teal" title="Password changed" data-testid="password-reset-done">
          Sign in with your new password. Every other session of your account was signed out.
        </Alert>
      )}
      <TextInput
        label="Email"
        type="email"
        autoComplete="username"
        required
        {...form.getInputProps('email')}
      />
      <PasswordField
        label="Password"
        autoComplete="current-password"
        required
        autoFocus={resetFor !== undefined}
        {...form.getInputProps('password')}
      />
      <Button type="submit" loading={loading}>
        Sign in
      </Button>
      <Anchor component={Link} to="/forgot-password" size="sm">
        Forgot your password?
      </Anchor>
    </AuthCard>
  );
}
