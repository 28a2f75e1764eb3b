import { Badge, VisuallyHidden } from '@mantine/core';
import { useSellerDisputes } from './use-seller-disputes';

/** Support's requests reach a seller on any page within this time (see use-seller-disputes.ts). */
const pollIntervalMs = 60_000;

/**
 * The navigation's count of disputes waiting for the seller's response; nothing when none. The
 * link reads "Disputes, 2 awaiting your response" to a screen reader.
 */
export function DisputesAwaitingBadge() {
  const { awaiting } = useSellerDisputes({ pollIntervalMs });
  if (awaiting === 0) return null;
  return (
    <Badge color="orange" variant="light" size="sm" data-testid="disputes-awaiting-count">
      {awaiting}
      <VisuallyHidden>, awaiting your response</VisuallyHidden>
    </Badge>
  );
}
