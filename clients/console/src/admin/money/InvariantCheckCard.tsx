import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { InvariantCheck } from './invariant-checks';

/** One check: its rule, both figures side by side, and HOLDS or BROKEN in words, not colour alone. */
export function InvariantCheckCard({ check, currency }: { check: InvariantCheck; currency: string }) {
  const testId = `${check.key}-${currency}`;
  return (
    <Card
      withBorder
      data-testid={testId}
      data-holds={check.holds}
      style={check.holds ? undefined : { borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 }}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} size="h5">
            {check.title}
          </Title>
          {check.holds ? (
            <Badge color="green" style={{ flexShrink: 0 }} data-testid={`${testId}-verdict`}>
              Holds
            </Badge>
          ) : (
            <Badge color="red.9" style={{ flexShrink: 0 }} data-testid={`${testId}-verdict`}>
              BROKEN
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {check.rule}
        </Text>
        <SimpleGrid cols={2}>
          {check.figures.map((figure, index) => (
            <Stack key={figure.label} gap={0}>
              <Text size="xs" c="dimmed">
                {figure.label}
              </Text>
              <Text
                fz="xl"
                fw={700}
                ff="monospace"
                style={{ fontVariantNumeric: 'tabular-nums' }}
                data-testid={`${testId}-figure-${index}`}
              >
                {figure.value}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        {check.details.map((detail) => (
          <Text key={detail} size="xs" c="dimmed">
            {detail}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}
