import { useMutation } from '@apollo/client/react';
import { Button, Checkbox, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { ApiKeyScope } from '../../gql/graphql';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import { CreateApiKeyMutation, SellerApiKeysQuery } from './api-key.documents';
import { apiKeyScopeLabels, apiKeyScopes } from './api-key-labels';
import { ApiKeySecretModal } from './ApiKeySecretModal';

/** Names are 1 to 80 characters once trimmed (server/src/auth/api-keys.service.ts). */
const nameMaxLength = 80;

interface CreateApiKeyValues {
  name: string;
  scopes: ApiKeyScope[];
}

export function CreateApiKeyForm() {
  const [createApiKey, { loading }] = useMutation(CreateApiKeyMutation, {
    refetchQueries: [SellerApiKeysQuery],
  });
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const form = useForm<CreateApiKeyValues>({
    initialValues: { name: '', scopes: [] },
    validate: {
      name: (name) => {
        const length = name.trim().length;
        return length >= 1 && length <= nameMaxLength
          ? null
          : `Name the key in 1 to ${nameMaxLength} characters.`;
      },
      scopes: (scopes) => (scopes.length > 0 ? null : 'Choose at least one scope.'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setErrors([]);
    try {
      const payload = (
        await createApiKey({ variables: { input: { name: values.name.trim(), scopes: values.scopes } } })
      ).data?.createApiKey;
      if (payload?.errors.length) {
        setErrors(payload.errors);
        for (const error of payload.errors) {
          if (error.field && error.field in values) form.setFieldError(error.field, error.message);
        }
        return;
      }
      if (payload?.secret) {
        setCreated({ secret: payload.secret, name: values.name.trim() });
        form.reset();
      }
    } catch (failure) {
      setErrors([{ code: 'NO_ANSWER', message: errorMessage(failure) }]);
    }
  });

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3">
            New API key
          </Title>
          <UserErrorsAlert title="The key was not created" errors={errors} />
          <TextInput
            label="Name"
            description="What uses this key, e.g. “Warehouse sync”."
            required
            maxLength={nameMaxLength + 20}
            {...form.getInputProps('name')}
          />
          <Checkbox.Group
            label="Scopes"
            description="What the key may do. It acts as you, within these."
            required
            {...form.getInputProps('scopes')}
          >
            <Stack gap="xs" mt="xs">
              {apiKeyScopes.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={apiKeyScopeLabels[scope].label}
                  description={apiKeyScopeLabels[scope].description}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={loading}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
      <ApiKeySecretModal
        secret={created?.secret ?? null}
        keyName={created?.name ?? ''}
        onClose={() => setCreated(null)}
      />
    </Paper>
  );
}
