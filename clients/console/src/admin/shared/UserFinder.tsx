import { useQuery } from '@apollo/client/react';
import { Button, Code, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { rolesInWords } from '../../ui/role-labels';
import { QueryErrorAlert } from './QueryErrorAlert';
import { graphQLErrorCodes } from './graphql-error-codes';
import { validateUserSearch } from './user-search';

const FindUsersQuery = graphql(`
  query AdminFindUsers($search: String!) {
    users(search: $search) {
      id
      displayName
      email
      roles
    }
  }
`);

export interface FoundUser {
  id: string;
  displayName: string;
  email?: string | null;
  roles: readonly Role[];
}

/**
 * Finds a user by their whole email address (any case, as at sign-in) or their user id, and lists
 * the match with its name, email, roles and global id to choose from. Screens that act on a user
 * take the chosen id; pasting an id into them still works.
 */
export function UserFinder({
  label,
  onChoose,
}: {
  /** Names the form, and the button that chooses a match: "Find a seller". */
  label: string;
  onChoose: (user: FoundUser) => void;
}) {
  const [search, setSearch] = useState<string | null>(null);
  const form = useForm({
    initialValues: { search: '' },
    validate: { search: validateUserSearch },
  });
  const { data, loading, error, refetch } = useQuery(FindUsersQuery, {
    variables: { search: search ?? '' },
    skip: search === null,
    fetchPolicy: 'network-only',
  });
  // The server's refusal of the search itself belongs under the field, like the form's own checks.
  const refused = error && graphQLErrorCodes(error).includes('BAD_USER_INPUT') ? error.message : null;

  const find = form.onSubmit(
    (values) => {
      const trimmed = values.search.trim();
      if (trimmed === search) void refetch();
      else setSearch(trimmed);
    },
    // A search the form refuses shows its reason alone, not the last search's result beneath it.
    () => setSearch(null),
  );

  return (
    <Stack gap="xs">
      <form onSubmit={find} noValidate aria-label={label}>
        <Group align="flex-end">
          <TextInput
            label="Email or user id"
            description="The whole email address, in any case; names are not searched."
            // In a dialog (assigning a colleague) the keyboard starts here, not on its Close button.
            data-autofocus
            style={{ flex: 1 }}
            maw={480}
            {...form.getInputProps('search')}
            error={form.errors['search'] ?? refused}
          />
          <Button type="submit" variant="default" loading={loading}>
            Find
          </Button>
        </Group>
      </form>
      {error && !refused && <QueryErrorAlert error={error} what="the users" onRetry={() => void refetch()} />}
      {data && data.users.length === 0 && (
        <Text size="sm" role="status">
          No user has this email or id.
        </Text>
      )}
      {data && data.users.length > 0 && (
        // A match per card, not a table: in a dialog or on a phone, the name, email, id and Choose
        // stay in view without scrolling sideways (a search names one whole email or id).
        <Stack gap="xs" role="region" aria-label="Users found">
          {data.users.map((user) => (
            <Paper key={user.id} withBorder p="sm" data-testid="found-user">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0, flex: '1 1 14rem' }}>
                  <Text size="sm" fw={600}>
                    {user.displayName}
                  </Text>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {user.email ?? 'No email shown'}
                  </Text>
                  <Text size="sm" c="gray.7">
                    {rolesInWords(user.roles)}
                  </Text>
                  <Text size="xs" c="gray.7">
                    User id <Code style={{ overflowWrap: 'anywhere' }}>{user.id}</Code>
                  </Text>
                </Stack>
                <Button
                  size="xs"
                  aria-label={`Choose ${user.displayName} (${user.email ?? user.id})`}
                  onClick={() => onChoose(user)}
                >
                  Choose
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
