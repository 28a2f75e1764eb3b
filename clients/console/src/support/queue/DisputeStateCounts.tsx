import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { DisputeState } from '../../gql/graphql';
import { displayCount, queueStates, type StateCount } from '../dispute-cache';
import { stateLabels } from '../dispute-labels';

/** How many disputes are in each state, across the whole queue whatever the filter. */
export function DisputeStateCounts({ counts }: { counts: readonly StateCount[] | undefined }) {
  const byState = new Map<DisputeState, number>(counts?.map((entry) => [entry.state, entry.count]) ?? []);
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="dl" aria-label="Disputes per state" m={0}>
      {queueStates.map((state) => (
        <Paper key={state} withBorder p="sm" data-testid={`count-${state}`}>
          <Text component="dt" size="sm" c="gray.7">
            {stateLabels[state]}
          </Text>
          <Text component="dd" m={0} fw={700} size="xl" data-count={displayCount(byState.get(state) ?? 0)}>
            {counts ? displayCount(byState.get(state) ?? 0) : '…'}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
