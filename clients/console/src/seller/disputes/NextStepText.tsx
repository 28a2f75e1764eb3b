import { Text } from '@mantine/core';
import { formatDeadline } from '../../support/format';
import { DateTime } from '../../ui/DateTime';
import { sellerNextStep, type DisputeStatus } from './dispute-labels';

/** "Support asked you to respond by 12 Mar 2026, 14:00 (in 23 h)", or what else the seller may expect. */
export function NextStepText({ dispute, now }: { dispute: DisputeStatus; now: Date }) {
  const step = sellerNextStep(dispute, now);
  return (
    <Text
      span
      size="sm"
      fw={step.kind === 'respond' ? 700 : undefined}
      c={step.kind === 'respond' ? undefined : 'dimmed'}
    >
      {step.text}
      {step.deadline && (
        <>
          {' '}
          <DateTime value={step.deadline} /> ({formatDeadline(step.deadline, now)})
        </>
      )}
    </Text>
  );
}
