'use client';

import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      changed
      signedOutSessions
      errors {
        code
        message
        field
      }
    }
  }
`);

type Outcome = { kind: 'changed'; signedOut: number } | { kind: 'failed'; message: string } | null;

/** Changes the password given the current one; the account's other sessions are signed out. */
export function ChangePasswordPanel() {
  const apollo = useApolloClient();
  const [changePassword, mutation] = useMutation(ChangePasswordMutation);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{
    currentPassword?: string;
    newPassword?: string;
    confirmation?: string;
  }>({});
  const [outcome, setOutcome] = useState<Outcome>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mutation.loading) return;
    setErrors({});
    setOutcome(null);
    // A typo in a password nobody sees would sign out every other session and leave an unknown one.
    if (confirmation !== next) {
      setErrors({ confirmation: 'Type the same new password twice.' });
      return;
    }
    let payload;
    try {
      payload = (
        await changePassword({ variables: { input: { currentPassword: current, newPassword: next } } })
      ).data?.changePassword;
    } catch (error) {
      setOutcome({
        kind: 'failed',
        message: `${error instanceof Error ? error.message : 'CodeSale did not answer.'} Your password was not changed.`,
      });
      return;
    }
    const [error] = payload?.errors ?? [];
    if (!payload || error) {
      if (error?.field === 'currentPassword' || error?.field === 'newPassword') {
        setErrors({ [error.field]: error.message });
      } else {
        setOutcome({ kind: 'failed', message: error?.message ?? 'Your password was not changed.' });
      }
      return;
    }
    setCurrent('');
    setNext('');
    setConfirmation('');
    setOutcome({ kind: 'changed', signedOut: payload.signedOutSessions });
    // The sessions list shows the others gone.
    void apollo.refetchQueries({ include: ['MySessions'] });
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="account-password-title">
      <Title order={2} size="h3" id="account-password-title" mb="sm">
        Password
      </Title>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Change your password">
        <Stack gap="sm" maw={420}>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
            error={errors.currentPassword}
            required
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters. Your other sessions are signed out."
            autoComplete="new-password"
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            error={errors.newPassword}
            required
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            error={errors.confirmation}
            required
          />
          <Button type="submit" loading={mutation.loading} style={{ alignSelf: 'start' }}>
            Change password
          </Button>
          <div role="status" aria-live="polite">
            {outcome?.kind === 'changed' && (
              <Alert color="teal" title="Password changed" data-testid="password-changed">
                <Text size="sm">
                  {outcome.signedOut === 0
                    ? 'You stay signed in here.'
                    : `You stay signed in here; ${outcome.signedOut} other session${outcome.signedOut === 1 ? ' was' : 's were'} signed out.`}
                </Text>
              </Alert>
            )}
          </div>
          {outcome?.kind === 'failed' && (
            <Alert color="red" title="Not changed" role="alert">
              {outcome.message}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
