import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ChangePasswordErrorCode } from '../gql/graphql';
import { PasswordField } from '../ui/PasswordField';
import { passwordRule, validateNewPassword } from './password-rules';

export interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
}

/** One of changePassword's user errors, as the API sends it. */
export interface ChangePasswordError {
  code: ChangePasswordErrorCode;
  message: string;
  field?: string | null;
}

/** What the API answered: the refusals, or how many other sessions the change signed out. */
export type ChangePasswordOutcome =
  | { errors: readonly ChangePasswordError[] }
  | { changed: true; signedOutSessions: number; revokedApiKeys: number };

type FormField = 'currentPassword' | 'newPassword';

/**
 * Where each refusal shows. The API's messages are in words (and the lockout's says how long to
 * wait), so they are shown as they came; a code this console does not know yet goes under the
 * field the API names, or above the form.
 */
const refusalFields: Record<ChangePasswordErrorCode, FormField | null> = {
  WRONG_PASSWORD: 'currentPassword',
  INVALID_PASSWORD: 'newPassword',
  TOO_MANY_ATTEMPTS: null,
};

function refusalField(error: ChangePasswordError): FormField | null {
  if (error.code in refusalFields) return refusalFields[error.code];
  return error.field === 'currentPassword' || error.field === 'newPassword' ? error.field : null;
}

function signedOutText({ sessions, apiKeys }: { sessions: number; apiKeys: number }): string {
  const signedOut =
    sessions === 0
      ? 'You stay signed in here. No other session was open.'
      : `You stay signed in here; ${sessions} other session${sessions === 1 ? ' was' : 's were'} signed out, so anywhere else you were signed in asks for the new password.`;
  if (apiKeys === 0) return signedOut;
  return `${signedOut} Your ${apiKeys} API key${apiKeys === 1 ? ' was' : 's were'} revoked with the old password: create new ones for your integrations.`;
}

/**
 * Changes the viewer's password, given the current one. A wrong current password counts as a
 * failed sign-in (too many lock the account for a while), so the refusal is said in the alert
 * above the form and under the field at fault, and what was typed stays to be corrected. The change signs out every other session of the
 * account and keeps this one, and the confirmation says so.
 */
export function ChangePasswordForm({
  onSubmit,
}: {
  onSubmit: (values: ChangePasswordValues) => Promise<ChangePasswordOutcome>;
}) {
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState<{ sessions: number; apiKeys: number } | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmation: '' },
    validate: {
      currentPassword: (value) => (value.length > 0 ? null : 'Enter the password you signed in with.'),
      newPassword: (value, values) =>
        validateNewPassword(value) ??
        (value === values.currentPassword ? 'Choose a password other than the current one.' : null),
      confirmation: (value, values) =>
        value === values.newPassword ? null : 'Type the new password again, exactly the same.',
    },
  });

  const submit = form.onSubmit(
    async ({ currentPassword, newPassword }) => {
      setSubmitting(true);
      setRefusal(null);
      setFailure(null);
      setSignedOut(null);
      try {
        const outcome = await onSubmit({ currentPassword, newPassword });
        if ('errors' in outcome) {
          for (const error of outcome.errors) {
            const field = refusalField(error);
            if (field) form.setFieldError(field, error.message);
          }
          const messages = [...new Set(outcome.errors.map((error) => error.message))];
          setRefusal(messages.join(' ') || 'Try again.');
          return;
        }
        form.reset();
        setSignedOut({ sessions: outcome.signedOutSessions, apiKeys: outcome.revokedApiKeys });
      } catch (error) {
        setFailure(error instanceof Error ? error.message : 'The request failed; try again.');
      } finally {
        setSubmitting(false);
      }
    },
    // A new attempt the form itself refuses (a mismatched confirmation): the last answer's alert
    // no longer describes what is on screen.
    () => {
      setRefusal(null);
      setFailure(null);
      setSignedOut(null);
    },
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack maw={420}>
        {signedOut !== null && (
          <Alert color="green" title="Password changed" role="status" data-testid="password-changed">
            <Text size="sm">{signedOutText(signedOut)}</Text>
          </Alert>
        )}
        {refusal && (
          <Alert color="red" title="Your password was not changed" role="alert">
            {refusal}
          </Alert>
        )}
        {failure && (
          <Alert color="red" title="The request failed: your password was not changed" role="alert">
            {failure}
          </Alert>
        )}
        <PasswordField
          label="Current password"
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordField
          label="New password"
          description={`${passwordRule} Your other sessions are signed out (this one stays), and your API keys are revoked.`}
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
        <Group>
          <Button type="submit" loading={submitting}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
