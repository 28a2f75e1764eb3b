import { Chip, Fieldset, Group, Input, SegmentedControl, Stack, Switch } from '@mantine/core';
import type { DisputeState } from '../../gql/graphql';
import { queueStates } from '../dispute-cache';
import { stateLabels } from '../dispute-labels';
import { withOverdue, withStates, type AssigneeChoice, type QueueFilterSelection } from './queue-filter';

export interface DisputeQueueFiltersProps {
  selection: QueueFilterSelection;
  onChange: (selection: QueueFilterSelection) => void;
}

export function DisputeQueueFilters({ selection, onChange }: DisputeQueueFiltersProps) {
  return (
    <Group align="flex-end" gap="lg" wrap="wrap">
      <Fieldset variant="unstyled" legend="States (none selected: every state)" p={0}>
        <Chip.Group
          multiple
          value={selection.states}
          onChange={(states) => onChange(withStates(selection, states as DisputeState[]))}
        >
          <Group gap={6} mt={6}>
            {queueStates.map((state) => (
              <Chip key={state} value={state} size="sm">
                {stateLabels[state]}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Fieldset>
      <Stack gap={4}>
        <Input.Label id="assignee-filter-label">Assignee</Input.Label>
        <SegmentedControl
          aria-labelledby="assignee-filter-label"
          value={selection.assignee}
          onChange={(assignee) => onChange({ ...selection, assignee: assignee as AssigneeChoice })}
          data={[
            { value: 'anyone', label: 'Anyone' },
            { value: 'me', label: 'Assigned to me' },
            { value: 'unassigned', label: 'Unassigned' },
          ]}
        />
      </Stack>
      <Switch
        label="Overdue response"
        description="Waiting for a response past its deadline"
        checked={selection.overdueOnly}
        onChange={(event) => onChange(withOverdue(selection, event.currentTarget.checked))}
      />
    </Group>
  );
}
