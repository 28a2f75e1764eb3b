import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { formatMoney } from '@codesale/client-shared';
import Link from 'next/link';
import { kindLabels, platformLabels, regionLabels } from './labels';
import { ListingImage } from './ListingImage';
import { listingHref, type ListingCardView } from './listing-view';
import { SellerLine } from './SellerBadge';
import classes from './catalog.module.css';

const label = (labels: Record<string, string>, value: string) => labels[value] ?? value;

/** A card of the catalog: image, title (the card's one link), badges, price, stock and seller. */
export function ListingCard({ listing, priority }: { listing: ListingCardView; priority: boolean }) {
  const platform = label(platformLabels, listing.platform);
  return (
    <Paper component="article" withBorder radius="md" className={classes.card}>
      <ListingImage
        image={listing.images?.[0]}
        title={listing.title}
        platformLabel={platform}
        priority={priority}
        sizes="(max-width: 36em) 100vw, (max-width: 62em) 50vw, 20rem"
      />
      <div className={classes.cardBody}>
        <Title order={3} size="h5" lineClamp={2}>
          <Link href={listingHref(listing.id)} className={classes.cardLink} prefetch={false}>
            {listing.title}
          </Link>
        </Title>
        <Group gap={6}>
          <Badge variant="light" color="indigo" size="sm">
            {platform}
          </Badge>
          <Badge variant="light" color="grape" size="sm">
            {label(regionLabels, listing.region)}
          </Badge>
          <Badge variant="light" color="gray" size="sm">
            {label(kindLabels, listing.kind)}
          </Badge>
        </Group>
        <SellerLine seller={listing.seller} />
        <Group justify="space-between" align="baseline" className={classes.price}>
          <Text fw={700} size="lg">
            {formatMoney(listing.price)}
          </Text>
          <Text size="sm" c="dimmed">
            {listing.stock} in stock
          </Text>
        </Group>
      </div>
    </Paper>
  );
}
