'use client';

import { useMutation } from '@apollo/client/react';
import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { AnchorLink } from '../components/links';
import { graphql } from '../gql';
import { splitFieldErrors } from './field-errors';
import { useViewer } from './viewer';

const LogInMutation = graphql(`
  mutation BuyerLogIn($input: LogInInput!) {
    logIn(input: $input) {
      user {
        id
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

const SignUpMutation = graphql(`
  mutation BuyerSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        id
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** A full load of `next`: a fresh client and socket that carry the new session's cookies. */
function continueTo(next: string) {
  window.location.assign(next);
}

function useAlreadySignedIn(next: string) {
  const { viewer } = useViewer();
  useEffect(() => {
    if (viewer) continueTo(next);
  }, [viewer, next]);
}

function FormErrors({ title, messages }: { title: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" title={title} role="alert">
      {messages.map((message) => (
        <Text size="sm" key={message}>
          {message}
        </Text>
      ))}
    </Alert>
  );
}

const authFields = ['email', 'password', 'displayName'] as const;
type AuthField = (typeof authFields)[number];

/**
 * Takes the keyboard to the first field, in the form's order, that has an error: the submit button
 * it was on says nothing about what is missing.
 */
function focusFirstInvalid(form: HTMLFormElement, errors: Partial<Record<AuthField, string>>) {
  const first = Array.from(form.elements).find(
    (element): element is HTMLInputElement =>
      element instanceof HTMLInputElement && !!errors[element.name as AuthField],
  );
  first?.focus();
}

/** `next`: already checked to be a path of this site (safeNextPath). */
export function LoginForm({
  next,
  sessionEnded = false,
  passwordResetOf,
}: {
  next: string;
  sessionEnded?: boolean;
  /** Just after a password reset: the account's email, filled in, and a word that it worked. */
  passwordResetOf?: string;
}) {
  useAlreadySignedIn(next);
  const [logIn, { loading }] = useMutation(LogInMutation);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<AuthField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const missing: Partial<Record<AuthField, string>> = {};
    if (!email) missing.email = 'Enter the email you signed up with';
    if (!password) missing.password = 'Enter your password';
    setFieldErrors(missing);
    setFormErrors([]);
    if (Object.keys(missing).length > 0) {
      focusFirstInvalid(formElement, missing);
      return;
    }
    try {
      const { data } = await logIn({ variables: { input: { email, password } } });
      const errors = data?.logIn.errors ?? [];
      if (errors.length > 0 || !data?.logIn.user) {
        const split = splitFieldErrors(errors, authFields, 'Signing in failed.');
        setFieldErrors(split.fields);
        focusFirstInvalid(formElement, split.fields);
        setFormErrors(split.form);
        return;
      }
      setDone(true);
      continueTo(next);
    } catch {
      setFormErrors(['CodeSale did not answer. Check your connection and try again.']);
    }
  };

  return (
    <Paper withBorder p="xl" radius="md" maw={420} mx="auto">
      <form onSubmit={submit} noValidate aria-labelledby="login-title">
        <Stack>
          <Title order={1} size="h2" id="login-title">
            Sign in
          </Title>
          {sessionEnded && formErrors.length === 0 && (
            <Alert color="blue" variant="light" title="Your session ended" data-testid="session-ended">
              You were signed out: from another device, by a password change, or after a long time away. Sign
              in again to go on where you were.
            </Alert>
          )}
          {passwordResetOf !== undefined && formErrors.length === 0 && (
            <Alert color="teal" title="Password changed" data-testid="password-reset-done">
              Sign in with your new password. Every other session of your account was signed out.
            </Alert>
          )}
          <FormErrors title="Could not sign in" messages={formErrors} />
          <TextInput
            name="email"
            label="Email"
            type="email"
            autoComplete="username"
            required
            defaultValue={passwordResetOf}
            error={fieldErrors.email}
          />
          <PasswordInput
            name="password"
            label="Password"
            autoComplete="current-password"
            required
            autoFocus={passwordResetOf !== undefined}
            error={fieldErrors.password}
          />
          <Button type="submit" loading={loading || done}>
            Sign in
          </Button>
          <AnchorLink href="/forgot-password" size="sm">
            Forgot your password?
          </AnchorLink>
          <Text size="sm">
            New to CodeSale?{' '}
            <AnchorLink href={next === '/' ? '/signup' : `/signup?next=${encodeURIComponent(next)}`}>
              Create an account
            </AnchorLink>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}

export function SignupForm({ next }: { next: string }) {
  useAlreadySignedIn(next);
  const [signUp, { loading }] = useMutation(SignUpMutation);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<AuthField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const displayName = String(form.get('displayName') ?? '').trim();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const missing: Partial<Record<AuthField, string>> = {};
    if (!displayName) missing.displayName = 'Choose the name sellers and support will see';
    if (!email) missing.email = 'Enter your email address';
    if (!password) missing.password = 'Choose a password';
    setFieldErrors(missing);
    setFormErrors([]);
    if (Object.keys(missing).length > 0) {
      focusFirstInvalid(formElement, missing);
      return;
    }
    try {
      const { data } = await signUp({
        variables: { input: { displayName, email, password, sellerAccount: false } },
      });
      const errors = data?.signUp.errors ?? [];
      if (errors.length > 0 || !data?.signUp.user) {
        const split = splitFieldErrors(errors, authFields, 'Signing up failed.');
        setFieldErrors(split.fields);
        focusFirstInvalid(formElement, split.fields);
        setFormErrors(split.form);
        return;
      }
      setDone(true);
      continueTo(next);
    } catch {
      setFormErrors(['CodeSale did not answer. Check your connection and try again.']);
    }
  };

  return (
    <Paper withBorder p="xl" radius="md" maw={420} mx="auto">
      <form onSubmit={submit} noValidate aria-labelledby="signup-title">
        <Stack>
          <Title order={1} size="h2" id="signup-title">
            Create your account
          </Title>
          <FormErrors title="Could not create the account" messages={formErrors} />
          <TextInput
            name="displayName"
            label="Display name"
            autoComplete="nickname"
            required
            maxLength={80}
            error={fieldErrors.displayName}
          />
          <TextInput
            name="email"
            label="Email"
            type="email"
            autoComplete="email"
            required
            error={fieldErrors.email}
          />
          <PasswordInput
            name="password"
            label="Password"
            description="At least 10 characters."
            autoComplete="new-password"
            required
            error={fieldErrors.password}
          />
          <Button type="submit" loading={loading || done}>
            Create account
          </Button>
          <Text size="sm">
            Already have an account?{' '}
            <AnchorLink href={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>
              Sign in
            </AnchorLink>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
