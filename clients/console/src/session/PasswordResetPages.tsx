import { useMutation } from '@apollo/client/react';
import { resetOutcome, resetRequestOutcome, takeResetToken } from '@codesale/client-shared';
import { Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { PasswordField } from '../ui/PasswordField';
import { AuthCard } from './AuthCard';

const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      accepted
      errors {
        code
        message
        field
      }
    }
  }
`);

const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      reset
      email
      errors {
        code
        message
        field
      }
    }
  }
`);

/** What the sign-in page is told after a reset: the account's email, filled in. */
export interface PasswordResetDone {
  passwordResetFor: string;
}

const noAnswer = 'CodeSale did not answer. Check your connection and try again.';

function MessageCard(props: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder shadow="sm" p="xl" w={420} data-testid={props.testId}>
        <Stack>
          <Title order={1} size="h2">
            {props.title}
          </Title>
          {props.children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** Asks for a reset link by email; the answer is the same whether an account has the email or not. */
export function ForgotPasswordPage() {
  const [requestReset, { loading }] = useMutation(RequestPasswordResetMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : 'Enter the email you signed in with'),
    },
  });

  if (sentTo) {
    return (
      <MessageCard title="Check your mail" testId="reset-requested">
        <Text>
          If an account uses <strong>{sentTo}</strong>, a link to choose a new password is on its way. It
          works once, and not for long: the mail says until when.
        </Text>
        <Text size="sm" c="dimmed">
          Nothing after a few minutes? Look in your spam folder, check the address, or ask again.
        </Text>
        <Anchor component={Link} to="/login">
          Back to sign in
        </Anchor>
      </MessageCard>
    );
  }

  const submit = form.onSubmit(async ({ email }) => {
    setFailure(null);
    try {
      const { data } = await requestReset({ variables: { input: { email: email.trim() } } });
      const outcome = resetRequestOutcome(data?.requestPasswordReset, noAnswer);
      if (outcome.kind === 'email') form.setFieldError('email', outcome.message);
      else if (outcome.kind === 'failure') setFailure(outcome.message);
      else setSentTo(email.trim());
    } catch {
      setFailure(noAnswer);
    }
  });

  return (
    <AuthCard
      title="Forgot your password?"
      width={380}
      onSubmit={submit}
      failureTitle="Could not send the link"
      failure={failure}
      other={{ prompt: 'Remembered it?', label: 'Sign in', to: '/login' }}
    >
      <Text size="sm">Enter your account&apos;s email and we will mail you a link to choose a new one.</Text>
      <TextInput
        label="Email"
        type="email"
        autoComplete="username"
        required
        {...form.getInputProps('email')}
      />
      <Button type="submit" loading={loading}>
        Mail me a link
      </Button>
    </AuthCard>
  );
}

/**
 * Opened from the mailed link: reads the token from the fragment (and drops it from the address),
 * sets the new password, then goes to the sign-in page with the account's email filled in.
 */
export function ResetPasswordPage() {
  const navigate = useNavigate();
  const [resetPassword, { loading }] = useMutation(ResetPasswordMutation);
  // Read once, on the first render: the address no longer holds it after.
  const [token] = useState(() => takeResetToken(window.location, window.history));
  const [deadLink, setDeadLink] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { newPassword: '', confirmation: '' },
    validate: {
      newPassword: (value) => (value.length > 0 ? null : 'Choose a new password'),
      confirmation: (value, values) =>
        value === values.newPassword ? null : 'Type the same new password twice.',
    },
  });

  if (!token || deadLink) {
    return (
      <MessageCard title="This link does not work" testId="reset-link-unusable">
        <Text>
          {deadLink ??
            'Open this page from the link in the password reset mail, whole. Or ask for a new link.'}
        </Text>
        <Anchor component={Link} to="/forgot-password">
          Ask for a new link
        </Anchor>
      </MessageCard>
    );
  }

  const submit = form.onSubmit(async ({ newPassword }) => {
    setFailure(null);
    try {
      const { data } = await resetPassword({ variables: { input: { token, newPassword } } });
      const outcome = resetOutcome(data?.resetPassword, noAnswer);
      if (outcome.kind === 'reset') {
        const done: PasswordResetDone = { passwordResetFor: outcome.email };
        void navigate('/login', { replace: true, state: done });
      } else if (outcome.kind === 'newPassword') form.setFieldError('newPassword', outcome.message);
      else if (outcome.kind === 'dead-link') setDeadLink(outcome.message);
      else setFailure(outcome.message);
    } catch {
      setFailure(noAnswer);
    }
  });

  return (
    <AuthCard
      title="Choose a new password"
      width={380}
      onSubmit={submit}
      failureTitle="Password not changed"
      failure={failure}
      other={{ prompt: 'Remembered it?', label: 'Sign in', to: '/login' }}
    >
      <PasswordField
        label="New password"
        description="At least 10 characters. Every session of your account is signed out."
        autoComplete="new-password"
        required
        {...form.getInputProps('newPassword')}
      />
      <PasswordField
        label="Confirm new password"
        autoComplete="new-password"
        required
        {...form.getInputProps('confirmation')}
      />
      <Button type="submit" loading={loading}>
        Set the new password
      </Button>
    </AuthCard>
  );
}
