'use client';

import { useMutation } from '@apollo/client/react';
import { resetOutcome, resetRequestOutcome, takeResetToken } from '@codesale/client-shared';
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { AnchorLink } from '../components/links';
import { graphql } from '../gql';
import { LoginForm } from './AuthForms';

const RequestPasswordResetMutation = graphql(`
  mutation BuyerRequestPasswordReset($input: RequestPasswordResetInput!) {
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
  mutation BuyerResetPassword($input: ResetPasswordInput!) {
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

const noAnswer = 'CodeSale did not answer. Check your connection and try again.';

/** Asks for a reset link by email; the answer is the same whether an account has the email or not. */
export function ForgotPasswordForm() {
  const [requestReset, { loading }] = useMutation(RequestPasswordResetMutation);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setFailure(null);
    if (!email) {
      setEmailError('Enter the email you signed up with');
      return;
    }
    setEmailError(undefined);
    try {
      const { data } = await requestReset({ variables: { input: { email } } });
      const outcome = resetRequestOutcome(data?.requestPasswordReset, noAnswer);
      if (outcome.kind === 'email') setEmailError(outcome.message);
      else if (outcome.kind === 'failure') setFailure(outcome.message);
      else setSentTo(email);
    } catch {
      setFailure(noAnswer);
    }
  };

  return (
    <Paper withBorder p="xl" radius="md" maw={420} mx="auto">
      {sentTo ? (
        <Stack data-testid="reset-requested">
          <Title order={1} size="h2">
            Check your mail
          </Title>
          <Text>
            If an account uses <strong>{sentTo}</strong>, a link to choose a new password is on its way. It
            works once, and not for long: the mail says until when.
          </Text>
          <Text size="sm" c="dimmed">
            Nothing after a few minutes? Look in your spam folder, check the address, or ask again.
          </Text>
          <Button variant="default" onClick={() => setSentTo(null)} style={{ alignSelf: 'start' }}>
            Ask again
          </Button>
          <AnchorLink href="/login">Back to sign in</AnchorLink>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => void submit(event)}
          onChange={() => setEmailError(undefined)}
          noValidate
          aria-labelledby="forgot-title"
        >
          <Stack>
            <Title order={1} size="h2" id="forgot-title">
              Forgot your password?
            </Title>
            <Text size="sm">
              Enter your account&apos;s email and we will mail you a link to choose a new one.
            </Text>
            {failure && (
              <Alert color="red" title="Could not send the link" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              name="email"
              label="Email"
              type="email"
              autoComplete="username"
              required
              error={emailError}
            />
            <Button type="submit" loading={loading}>
              Mail me a link
            </Button>
            <AnchorLink href="/login" size="sm">
              Back to sign in
            </AnchorLink>
          </Stack>
        </form>
      )}
    </Paper>
  );
}

type ResetState =
  | { kind: 'reading' }
  | { kind: 'no-token' }
  | { kind: 'ready'; token: string }
  | { kind: 'dead-link'; message: string }
  | { kind: 'done'; email: string };

/**
 * Opened from the mailed link: reads the token from the fragment (and drops it from the address),
 * sets the new password, then offers the sign-in form with the account's email filled in.
 */
export function ResetPasswordForm() {
  const [resetPassword, { loading }] = useMutation(ResetPasswordMutation);
  const [state, setState] = useState<ResetState>({ kind: 'reading' });
  const [errors, setErrors] = useState<{ newPassword?: string; confirmation?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const token = takeResetToken(window.location, window.history);
    setState(token ? { kind: 'ready', token } : { kind: 'no-token' });
  }, []);

  if (state.kind === 'done') {
    return <LoginForm next="/" passwordResetOf={state.email} />;
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.kind !== 'ready') return;
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword') ?? '');
    const confirmation = String(form.get('confirmation') ?? '');
    setFailure(null);
    if (!newPassword) {
      setErrors({ newPassword: 'Choose a new password' });
      return;
    }
    if (confirmation !== newPassword) {
      setErrors({ confirmation: 'Type the same new password twice.' });
      return;
    }
    setErrors({});
    try {
      const { data } = await resetPassword({ variables: { input: { token: state.token, newPassword } } });
      const outcome = resetOutcome(data?.resetPassword, noAnswer);
      if (outcome.kind === 'reset') setState({ kind: 'done', email: outcome.email });
      else if (outcome.kind === 'newPassword') setErrors({ newPassword: outcome.message });
      else if (outcome.kind === 'dead-link') setState({ kind: 'dead-link', message: outcome.message });
      else setFailure(outcome.message);
    } catch {
      setFailure(noAnswer);
    }
  };

  return (
    <Paper withBorder p="xl" radius="md" maw={420} mx="auto">
      {state.kind === 'no-token' || state.kind === 'dead-link' ? (
        <Stack data-testid="reset-link-unusable">
          <Title order={1} size="h2">
            This link does not work
          </Title>
          <Text>
            {state.kind === 'dead-link'
              ? state.message
              : 'Open this page from the link in the password reset mail, whole. Or ask for a new link.'}
          </Text>
          <AnchorLink href="/forgot-password">Ask for a new link</AnchorLink>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => void submit(event)}
          onChange={() => setErrors({})}
          noValidate
          aria-labelledby="reset-title"
        >
          <Stack>
            <Title order={1} size="h2" id="reset-title">
              Choose a new password
            </Title>
            {failure && (
              <Alert color="red" title="Password not changed" role="alert">
                {failure}
              </Alert>
            )}
            <PasswordInput
              name="newPassword"
              label="New password"
              description="At least 10 characters. Every session of your account is signed out."
              autoComplete="new-password"
              required
              error={errors.newPassword}
            />
            <PasswordInput
              name="confirmation"
              label="Confirm new password"
              autoComplete="new-password"
              required
              error={errors.confirmation}
            />
            <Button type="submit" loading={loading} disabled={state.kind === 'reading'}>
              Set the new password
            </Button>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
