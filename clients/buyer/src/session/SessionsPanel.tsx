'use client';

import { Paper, Text, Title } from '@mantine/core';

/** The viewer's active sessions (Query.mySessions, Mutation.revokeSession): joins once that API is on main. */
export function SessionsPanel() {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="account-sessions-title">
      <Title order={2} size="h3" id="account-sessions-title" mb="sm">
        Active sessions
      </Title>
      <Text size="sm" c="dimmed">
        The list of your signed-in devices is not available yet.
      </Text>
    </Paper>
  );
}
