import { Stack, Text, Title } from '@mantine/core';

/** The live invariant panel lands once the server's moneyInvariants query and its subscription are on main. */
export function MoneyPage() {
  return (
    <Stack>
      <Title order={1}>Money</Title>
      <Text c="dimmed">The live invariant panel is coming.</Text>
    </Stack>
  );
}
