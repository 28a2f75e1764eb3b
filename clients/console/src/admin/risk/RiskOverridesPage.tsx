import { useQuery } from '@apollo/client/react';
import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import type { RiskRole } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { UserFinder } from '../shared/UserFinder';
import { RiskProfilePanel } from './RiskProfilePanel';
import { rolesInWords } from '../../ui/role-labels';

const RiskProfileQuery = graphql(`
  query AdminRiskProfile($role: RiskRole!, $userId: ID!) {
    user(id: $userId) {
      id
      displayName
      email
      roles
    }
    riskProfile(role: $role, userId: $userId) {
      id
      ...RiskProfileDetails
    }
  }
`);

const roles: readonly RiskRole[] = ['BUYER', 'SELLER'];

function readRole(value: string | null): RiskRole {
  return roles.find((role) => role === value) ?? 'BUYER';
}

/** Global ids are short base64url strings; anything else is a typo, not a lookup. */
const userIdPattern = /^[A-Za-z0-9_-]{4,200}$/;

export function RiskOverridesPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const role = readRole(searchParams.get('role'));
  const userId = searchParams.get('userId') ?? '';
  const form = useForm({
    initialValues: { role: role as string, userId },
    validate: {
      userId: (value) =>
        userIdPattern.test(value.trim())
          ? null
          : 'Paste the user id (a global User id), or find the user by email above.',
    },
  });
  const { data, loading, error, refetch } = useQuery(RiskProfileQuery, {
    variables: { role, userId },
    skip: userId === '',
  });

  const lookUp = form.onSubmit((values) => {
    setSearchParams({ role: readRole(values.role), userId: values.userId.trim() });
  });
  const choose = (user: { id: string }) => {
    form.setFieldValue('userId', user.id);
    setSearchParams({ role: readRole(form.values.role), userId: user.id });
  };

  return (
    <Stack>
      <Title order={1}>Risk overrides</Title>
      <Text c="dimmed" maw={720}>
        A user's risk in one role: the score and what makes it, the tier in force, and its history. An
        override sets the tier until a date, whatever the score; it is recorded with your reason.
      </Text>
      <Card withBorder maw={720}>
        <Stack>
          <UserFinder label="Find a user" onChoose={choose} />
          <form onSubmit={lookUp} noValidate aria-label="Look up a risk profile">
            <Group align="flex-end">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="risk-role-label">
                  Role
                </Text>
                <SegmentedControl
                  aria-labelledby="risk-role-label"
                  data={roles.map((value) => ({ value, label: value === 'BUYER' ? 'Buyer' : 'Seller' }))}
                  {...form.getInputProps('role')}
                />
              </Stack>
              <TextInput label="User id" style={{ flex: 1 }} required {...form.getInputProps('userId')} />
              <Button type="submit">Look up</Button>
            </Group>
          </form>
        </Stack>
      </Card>
      {error && <QueryErrorAlert error={error} what="the risk profile" onRetry={() => void refetch()} />}
      {userId !== '' && loading && !data && <PageLoader />}
      {data && !data.riskProfile && (
        <Text role="status">No user with this id: check it and look up again.</Text>
      )}
      {data?.riskProfile && (
        <Stack>
          <Title order={2}>
            {data.user?.displayName ?? 'User'} as {role === 'BUYER' ? 'buyer' : 'seller'}
          </Title>
          {data.user && (
            <Text size="sm" c="dimmed">
              {data.user.email} · {rolesInWords(data.user.roles)}
            </Text>
          )}
          <RiskProfilePanel profile={data.riskProfile} />
        </Stack>
      )}
    </Stack>
  );
}
