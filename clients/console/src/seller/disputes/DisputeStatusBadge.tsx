import { Badge } from '@mantine/core';
import { disputeStatusLabel, type DisputeStatus } from './dispute-labels';

/** A table squeezing its columns would cut the label short: the badge keeps its whole width. */
export function DisputeStatusBadge({ dispute }: { dispute: DisputeStatus }) {
  const { label, color } = disputeStatusLabel(dispute);
  return (
    <Badge color={color} variant="light" miw="max-content" data-state={dispute.state}>
      {label}
    </Badge>
  );
}
