import { Badge } from '@mantine/core';
import type { DisputeState } from '../gql/graphql';
import { stateColors, stateLabels } from './dispute-labels';

export function StateBadge({ state }: { state: DisputeState }) {
  return (
    <Badge color={stateColors[state]} variant="filled" data-state={state}>
      {stateLabels[state]}
    </Badge>
  );
}
