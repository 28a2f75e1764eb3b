import { Badge, VisuallyHidden } from '@mantine/core';
import { useSellerDisputes } from './use-seller-disputes';

/**
 * The navigation's count of disputes waiting for the seller's response; nothing when none. The
 * link reads "Disputes, 2 awaiting your response" to a screen reader. Live on any page: the layout's
 * useSellerLiveUpdates loads the disputes again when one changes.
 */
export function DisputesAwaitingBadge() {
  const { awaiting } = useSellerDisputes();
  if (awaiting === 0) return null;
  return (
    <Badge color="orange" variant="light" size="sm" data-testid="disputes-awaiting-count">
      {awaiting}
      <VisuallyHidden>, awaiting your response</VisuallyHidden>
    </Badge>
  );
}
