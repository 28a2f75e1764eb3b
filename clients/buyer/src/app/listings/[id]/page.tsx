import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatMoney } from '@codesale/client-shared';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ListingQuery } from '../../../catalog/catalog.document';
import { kindLabels, platformLabels, regionLabels } from '../../../catalog/labels';
import { ListingImage } from '../../../catalog/ListingImage';
import type { ListingCardView, ListingImageView } from '../../../catalog/listing-view';
import { SellerLine } from '../../../catalog/SellerBadge';
import { BuyButton } from '../../../checkout/BuyButton';
import { ApiUnavailable } from '../../../components/ApiUnavailable';
import { AnchorLink } from '../../../components/links';
import { ApiUnavailableError, GraphQLRequestError, serverQuery } from '../../../lib/server-graphql';
import classes from '../../../catalog/catalog.module.css';

type ListingPageData = ListingCardView & { description: string; status: string; version: number };

/**
 * One request per render: generateMetadata and the page share it (POST requests are not
 * memoised by fetch, React's cache is). An id the API cannot parse is an unknown listing.
 */
const loadListing = cache(async (id: string): Promise<ListingPageData | null | 'unavailable'> => {
  try {
    const data = await serverQuery(ListingQuery, { id });
    return data.listing;
  } catch (error) {
    if (error instanceof ApiUnavailableError) return 'unavailable';
    if (error instanceof GraphQLRequestError && error.codes.some((code) => code === 'BAD_USER_INPUT'))
      return null;
    throw error;
  }
});

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const listing = await loadListing(decodeURIComponent((await params).id));
  if (!listing || listing === 'unavailable') return { title: 'Listing' };
  return { title: listing.title, description: listing.description.slice(0, 160) };
}

export default async function ListingPage({ params }: Props) {
  const id = decodeURIComponent((await params).id);
  const listing = await loadListing(id);
  if (listing === 'unavailable')
    return <ApiUnavailable retryHref={`/listings/${encodeURIComponent(id)}`} what="this listing" />;
  if (!listing) notFound();

  const images: ReadonlyArray<ListingImageView> = listing.images ?? [];
  const platform = platformLabels[listing.platform as keyof typeof platformLabels] ?? listing.platform;
  return (
    <Stack gap="lg">
      <AnchorLink href="/" size="sm">
        ← Back to the catalog
      </AnchorLink>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="sm">
          <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
            <ListingImage
              image={images[0]}
              title={listing.title}
              platformLabel={platform}
              priority
              sizes="(max-width: 62em) 100vw, 40rem"
            />
          </Paper>
          {images.length > 1 && (
            <ul className={classes.grid} aria-label="More images">
              {images.slice(1).map((image) => (
                <li key={image.id}>
                  <Paper withBorder radius="sm" style={{ overflow: 'hidden' }}>
                    <ListingImage
                      image={image}
                      title={listing.title}
                      platformLabel={platform}
                      sizes="15rem"
                    />
                  </Paper>
                </li>
              ))}
            </ul>
          )}
        </Stack>
        <Stack gap="md">
          <Title order={1}>{listing.title}</Title>
          <Group gap={6}>
            <Badge variant="light" color="indigo">
              {platform}
            </Badge>
            <Badge variant="light" color="grape">
              {regionLabels[listing.region as keyof typeof regionLabels] ?? listing.region}
            </Badge>
            <Badge variant="light" color="gray">
              {kindLabels[listing.kind as keyof typeof kindLabels] ?? listing.kind}
            </Badge>
          </Group>
          <SellerLine seller={listing.seller} size="md" />
          <Group align="baseline" gap="md">
            <Text fz={32} fw={800} data-testid="listing-price">
              {formatMoney(listing.price)}
            </Text>
            <Text c="dimmed" data-testid="listing-stock">
              {listing.stock > 0 ? `${listing.stock} in stock` : 'Sold out'}
            </Text>
          </Group>
          <BuyButton
            listingId={listing.id}
            version={listing.version}
            price={listing.price}
            stock={listing.stock}
          />
          {listing.description.trim() !== '' && (
            <section aria-labelledby="listing-description-title">
              <Title order={2} size="h3" id="listing-description-title" mb="xs">
                Description
              </Title>
              <Text style={{ whiteSpace: 'pre-line' }}>{listing.description}</Text>
            </section>
          )}
          <section aria-labelledby="listing-protection-title">
            <Title order={2} size="h3" id="listing-protection-title" mb="xs">
              How buying works
            </Title>
            <Text size="sm">
              The price is paid from your wallet and held in escrow. Reveal the code on your order page and
              confirm it works; if it does not, open a dispute within the protection window and the money
              stays held until support decides.
            </Text>
          </section>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
