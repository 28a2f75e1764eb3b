import { useMutation } from '@apollo/client/react';
import { Button, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { graphql } from '../gql';
import { homePath } from '../app/navigation';
import { AuthCard } from './AuthCard';
import { useSession } from './session-context';
import { PasswordField } from '../ui/PasswordField';

const SignUpMutation = graphql(`
  mutation SignUpSeller($input: SignUpInput!) {
    signUp(input: $input) {
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

type Field = 'displayName' | 'email' | 'password';
const fields: readonly string[] = ['displayName', 'email', 'password'] satisfies Field[];

/**
 * A newcomer's way into selling: one account that can buy and sell (`signUp` with
 * `sellerAccount`), signed in at once and taken to their listings. The API's rules (email taken,
 * weak password, display name) come back as messages on the fields they concern.
 */
export function SignUpPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [signUp, { loading }] = useMutation(SignUpMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { displayName: '', email: '', password: '' },
    validate: {
      displayName: (value) =>
        value.trim().length > 0 ? null : 'Choose the name buyers will see on your listings',
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : 'Enter your email address'),
      password: (value) => (value.length > 0 ? null : 'Choose a password'),
    },
  });

  if (session.viewer) return <Navigate to={homePath(session.viewer.roles)} replace />;

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const { data } = await signUp({
        variables: {
          input: {
            displayName: values.displayName.trim(),
            email: values.email.trim(),
            password: values.password,
            sellerAccount: true,
          },
        },
      });
      const errors = data?.signUp.errors ?? [];
      if (errors.length > 0 || !data?.signUp.user) {
        const unplaced: string[] = [];
        for (const error of errors) {
          if (error.field && fields.includes(error.field)) form.setFieldError(error.field, error.message);
          else unplaced.push(error.message);
        }
        if (unplaced.length > 0 || errors.length === 0) {
          setFailure(unplaced.join(' ') || 'The account was not created; try again.');
        }
        return;
      }
      await session.reload();
      void navigate(homePath(data.signUp.user.roles), { replace: true });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'Creating the account failed; try again.');
    }
  });

  return (
    <AuthCard
      title="Start selling on CodeSale"
      width={420}
      onSubmit={submit}
      failureTitle="Could not create the account"
      failure={failure}
      other={{ prompt: 'Already have an account?', label: 'Sign in', to: '/login' }}
    >
      <Text size="sm" c="dimmed">
        One account to list codes, follow your sales and get paid; it can buy in the store too.
      </Text>
      <TextInput
        label="Display name"
        description="Buyers see it on your listings."
        autoComplete="nickname"
        maxLength={80}
        required
        {...form.getInputProps('displayName')}
      />
      <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
      <PasswordField
        label="Password"
        description="At least 10 characters."
        autoComplete="new-password"
        required
        {...form.getInputProps('password')}
      />
      <Button type="submit" loading={loading}>
        Create seller account
      </Button>
    </AuthCard>
  );
}
