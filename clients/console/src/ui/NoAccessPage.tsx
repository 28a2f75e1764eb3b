import { Stack, Text, Title } from '@mantine/core';

export function NoAccessPage() {
  return (
    <Stack>
      <Title order={1}>Nothing here for your roles</Title>
      <Text>
        This page needs a role your account does not have. Use the navigation to reach what your roles allow,
        or ask an admin for access.
      </Text>
    </Stack>
  );
}
