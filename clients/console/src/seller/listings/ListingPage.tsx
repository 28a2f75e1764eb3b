import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { PageLoader } from '../../ui/PageLoader';
import { CodeUploadPanel } from '../codes/CodeUploadPanel';
import { DateTime } from '../../ui/DateTime';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import { EditListingForm } from './EditListingForm';
import { ListingImagesField } from './ListingImagesField';
import { readListing, SellerListingQuery } from './listing.documents';
import { useSession } from '../../session/session-context';
import { listingKindLabels, platformLabels, regionLabels } from './listing-labels';
import { ListingStatusActions } from './ListingStatusActions';
import { ListingStatusBadge } from './ListingStatusBadge';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </Stack>
  );
}

/** One listing: its facts and stock, edit, pause or activate, archive, and the bulk code upload. */
export function ListingPage() {
  const { listingId = '' } = useParams();
  const [editing, setEditing] = useState(false);
  const { viewer } = useSession();
  const { data, loading, error, refetch } = useQuery(SellerListingQuery, { variables: { id: listingId } });

  if (loading && !data) return <PageLoader />;
  if (error) return <QueryFailure what="the listing" error={error} retry={() => void refetch()} />;
  // Listings are public: another seller's opens by its id, but it is not one to manage here (the
  // newcomer probe: its every control was offered, and each failed only once used).
  if (!data?.listing || data.listing.seller.id !== viewer?.id) {
    return (
      <Stack>
        <Title order={1}>Listing not found</Title>
        <Text>
          No listing of yours has this id.{' '}
          <Anchor component={Link} to="/seller/listings">
            Back to your listings
          </Anchor>
        </Text>
      </Stack>
    );
  }
  const listing = readListing(data.listing);

  return (
    <Stack>
      <Anchor component={Link} to="/seller/listings" size="sm">
        ← All listings
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Group>
          <Title order={1}>{listing.title}</Title>
          <ListingStatusBadge status={listing.status} />
        </Group>
        <ListingStatusActions listing={listing} />
      </Group>

      <Paper withBorder p="md">
        {editing ? (
          <EditListingForm key={`edit:${listing.id}`} listing={listing} onDone={() => setEditing(false)} />
        ) : (
          <Stack>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Fact label="Price">
                <MoneyText money={listing.price} />
              </Fact>
              <Fact label="Stock">
                <span data-testid="listing-stock">{listing.stock.toLocaleString()}</span>
              </Fact>
              <Fact label="Kind">{listingKindLabels[listing.kind]}</Fact>
              <Fact label="Platform">{platformLabels[listing.platform]}</Fact>
              <Fact label="Region">{regionLabels[listing.region]}</Fact>
              <Fact label="Created">
                <DateTime value={listing.createdAt} />
              </Fact>
              <Fact label="Updated">
                <DateTime value={listing.updatedAt} />
              </Fact>
            </SimpleGrid>
            {listing.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{listing.description}</Text>}
            {listing.status !== 'ARCHIVED' && (
              <Group>
                <Button variant="default" onClick={() => setEditing(true)}>
                  Edit listing
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Paper>

      {listing.status !== 'ARCHIVED' && <ListingImagesField key={`images:${listing.id}`} listing={listing} />}

      {listing.status === 'ARCHIVED' ? (
        <Alert color="gray" title="Archived">
          This listing is off sale for good; its unsold codes were withdrawn. Codes cannot be added.
        </Alert>
      ) : (
        <CodeUploadPanel key={`codes:${listing.id}`} listingId={listing.id} />
      )}
    </Stack>
  );
}
