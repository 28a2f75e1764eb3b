import { Badge, Group, Text } from '@mantine/core';
import type { SellerBadge } from '../gql/graphql';
import { sellerBadgeLabels } from './labels';

export type SellerBadgeView = SellerBadge;

/** The seller's name and tier (Seller.badge) with its meaning spelled out for screen readers too. */
export function SellerLine({
  seller,
  size = 'sm',
}: {
  seller: { displayName: string; badge?: SellerBadgeView | null; completedSales?: number | null };
  size?: 'sm' | 'md';
}) {
  const badge = seller.badge ? sellerBadgeLabels[seller.badge] : undefined;
  return (
    <Group gap={6} wrap="wrap">
      <Text size={size} c="dimmed">
        Sold by <strong>{seller.displayName}</strong>
      </Text>
      {badge && (
        <Badge size="sm" variant="light" color={badge.color} title={badge.description}>
          {badge.label}
        </Badge>
      )}
      {typeof seller.completedSales === 'number' && (
        <Text size="xs" c="dimmed">
          {seller.completedSales} completed {seller.completedSales === 1 ? 'sale' : 'sales'}
        </Text>
      )}
    </Group>
  );
}
