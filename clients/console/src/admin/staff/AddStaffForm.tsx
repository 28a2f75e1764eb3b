import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { PasswordField } from '../../ui/PasswordField';
import { passwordMaxLength, passwordMinLength, validateNewPassword } from '../../account/password-rules';
import { roleLabels } from '../../ui/role-labels';
import type { CreateStaffUserErrorCode } from '../../gql/graphql';
import { generatePassword } from './generate-password';

/** The roles a staff account is made with: one of them, as `npm run staff:create` does. */
export type StaffRole = 'SUPPORT' | 'ADMIN';

export interface AddStaffValues {
  displayName: string;
  email: string;
  role: StaffRole;
  password: string;
}

/** One of createStaffUser's user errors, as the API sends it. */
export interface StaffUserError {
  code: CreateStaffUserErrorCode;
  message: string;
  field?: string | null;
}

type FormField = keyof AddStaffValues;

/**
 * Each refusal in words, under the field it concerns. The API's own message names role codes
 * (INVALID_ROLES), so the words are the console's; a code this console does not know yet falls back
 * to the API's message, under the field the API names, or above the form.
 */
const refusals: Record<CreateStaffUserErrorCode, { field: FormField; message: string }> = {
  EMAIL_TAKEN: { field: 'email', message: 'An account with this email already exists.' },
  INVALID_EMAIL: { field: 'email', message: 'Enter a whole email address, like name@example.com.' },
  INVALID_DISPLAY_NAME: {
    field: 'displayName',
    message: 'Use 1 to 80 printable characters on one line, without invisible characters.',
  },
  INVALID_ROLES: { field: 'role', message: 'Choose Support or Admin.' },
  WEAK_PASSWORD: {
    field: 'password',
    message: `Use ${passwordMinLength} to ${passwordMaxLength} characters.`,
  },
};

const apiFields: Record<string, FormField> = {
  displayName: 'displayName',
  email: 'email',
  roles: 'role',
  password: 'password',
};

function placeRefusal(error: StaffUserError): { field: FormField | null; message: string } {
  const known = (refusals as Partial<Record<string, { field: FormField; message: string }>>)[error.code];
  if (known) return known;
  return { field: (error.field && apiFields[error.field]) || null, message: error.message };
}

const roleChoices: readonly { value: StaffRole; description: string }[] = [
  {
    value: 'SUPPORT',
    description: 'Works the dispute queue: reviews disputes and asks the parties for answers; admins decide.',
  },
  {
    value: 'ADMIN',
    description:
      'Everything support does, and money, payouts, the ledger, flagged wallets, risk and staff accounts.',
  },
];

const displayNameMaxLength = 80;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Created {
  displayName: string;
  email: string;
  role: StaffRole;
  /** Shown again only when the console generated it: a typed one, the admin knows. */
  generatedPassword: string | null;
}

/**
 * Adds a support agent or an admin: the only way besides the shell (`npm run staff:create`), since
 * nobody can sign up as staff. The admin sets an initial password and hands it over; "Generate"
 * fills a strong random one and shows it. The confirmation says where the new colleague signs in
 * and that they change the password from their Account page.
 */
export function AddStaffForm({
  onSubmit,
  signInUrl,
  newPassword = generatePassword,
}: {
  /** Creates the account; resolves to the API's user errors (empty when it was created). */
  onSubmit: (values: AddStaffValues) => Promise<readonly StaffUserError[]>;
  /** The console's sign-in page, as the new colleague opens it. */
  signInUrl: string;
  /** Draws the password "Generate" fills in (generatePassword; a fixed one in tests). */
  newPassword?: () => string;
}) {
  const [refusal, setRefusal] = useState<readonly string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [passwordVisible, setPasswordVisible] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const form = useForm<AddStaffValues>({
    initialValues: { displayName: '', email: '', role: 'SUPPORT', password: '' },
    // The API's refusal was of the values sent: once one changes, it no longer describes the form.
    onValuesChange: () => {
      setRefusal((current) => (current.length > 0 ? [] : current));
      setFailure(null);
    },
    validate: {
      displayName: (value) => {
        const length = value.trim().length;
        return length >= 1 && length <= displayNameMaxLength
          ? null
          : `Enter the name colleagues will see, 1 to ${displayNameMaxLength} characters.`;
      },
      email: (value) =>
        emailPattern.test(value.trim()) ? null : 'Enter a whole email address, like name@example.com.',
      role: (value) => (value === 'SUPPORT' || value === 'ADMIN' ? null : 'Choose Support or Admin.'),
      password: validateNewPassword,
    },
  });

  const generate = () => {
    const password = newPassword();
    form.setFieldValue('password', password);
    form.clearFieldError('password');
    setGenerated(password);
    // Shown, so the admin can copy it or read it out to the new colleague.
    setPasswordVisible(true);
  };

  const submit = form.onSubmit(async (values) => {
    setSubmitting(true);
    setRefusal([]);
    setFailure(null);
    setCreated(null);
    const sent = {
      displayName: values.displayName.trim(),
      email: values.email.trim(),
      role: values.role,
      password: values.password,
    };
    try {
      const errors = await onSubmit(sent);
      if (errors.length > 0) {
        const messages: string[] = [];
        for (const error of errors) {
          const { field, message } = placeRefusal(error);
          if (field) form.setFieldError(field, message);
          messages.push(message);
        }
        setRefusal([...new Set(messages)]);
        return;
      }
      setCreated({
        displayName: sent.displayName,
        email: sent.email,
        role: sent.role,
        generatedPassword: sent.password === generated ? sent.password : null,
      });
      form.reset();
      setGenerated(null);
      setPasswordVisible(false);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The request failed; try again.');
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Stack>
      {created && (
        <Alert
          color="green"
          title="Staff account created"
          role="status"
          withCloseButton
          closeButtonLabel="Dismiss the confirmation"
          onClose={() => setCreated(null)}
          data-testid="staff-created"
        >
          <Stack gap="xs">
            <Text size="sm">
              {created.displayName} ({created.email}) can now sign in as {roleLabels[created.role]}.
            </Text>
            {created.generatedPassword && (
              <Group gap="xs">
                <Text size="sm">Initial password:</Text>
                <Code data-testid="staff-created-password">{created.generatedPassword}</Code>
                <CopyButton value={created.generatedPassword}>
                  {({ copied, copy }) => (
                    <Button size="compact-sm" variant="default" onClick={copy}>
                      {copied ? 'Copied' : 'Copy password'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            )}
            {/* The theme's link colour on the alert's tint is too faint (axe): the text's colour, underlined. */}
            <Text size="sm">
              Hand the password over privately. They sign in at{' '}
              <Anchor href={signInUrl} size="sm" c="inherit" underline="always">
                {signInUrl}
              </Anchor>
              , then change the password from their Account page (Account, in the navigation).
            </Text>
          </Stack>
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label="Add a staff account">
        <Stack>
          {refusal.length > 0 && (
            <Alert color="red" title="The account was not created" role="alert">
              <List size="sm">
                {refusal.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {failure && (
            <Alert color="red" title="The request failed: no account was created" role="alert">
              {failure}
            </Alert>
          )}
          <TextInput
            label="Display name"
            description="The name colleagues see in the console."
            required
            maxLength={displayNameMaxLength + 20}
            autoComplete="off"
            {...form.getInputProps('displayName')}
          />
          <TextInput
            label="Email"
            description="They sign in with it."
            type="email"
            required
            autoComplete="off"
            {...form.getInputProps('email')}
          />
          <Radio.Group label="Role" required {...form.getInputProps('role')}>
            <Stack gap="xs" mt="xs">
              {roleChoices.map((choice) => (
                <Radio
                  key={choice.value}
                  value={choice.value}
                  label={roleLabels[choice.value]}
                  description={choice.description}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Stack gap={6}>
            <PasswordField
              label="Initial password"
              description={`At least ${passwordMinLength} characters. It signs in for a limited time (72 hours by default): they change it after signing in.`}
              required
              autoComplete="off"
              visible={passwordVisible}
              onVisibilityChange={setPasswordVisible}
              {...form.getInputProps('password')}
            />
            <Group gap="xs">
              <Button variant="default" size="compact-sm" onClick={generate}>
                Generate
              </Button>
              {/* A status, so a screen reader hears that the field was filled while focus stays here. */}
              <Text size="sm" c="dimmed" role="status">
                {generated !== null && form.values.password === generated
                  ? 'A strong password is filled in and shown above, to copy or read out.'
                  : 'Fills in a strong random password and shows it, to hand over.'}
              </Text>
            </Group>
          </Stack>
          <Group>
            <Button type="submit" loading={submitting}>
              Add staff account
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
