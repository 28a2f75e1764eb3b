import { useQuery } from '@apollo/client/react';
import { Anchor, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ListingStatus, SellerListingFragment } from '../../gql/graphql';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { MoneyText } from '../components/MoneyText';
import { QueryFailure } from '../components/QueryFailure';
import { sellerPageSize } from '../components/page-size';
import { PageLoader } from '../../ui/PageLoader';
import { CreateListingModal } from './CreateListingModal';
import { readListing, SellerListingsQuery } from './listing.documents';
import { listingKindLabels, platformLabels, regionLabels } from './listing-labels';
import { ListingStatusBadge } from './ListingStatusBadge';
import { appendConnectionPage } from '../../admin/shared/connection';

type StatusFilter = ListingStatus | 'ALL';

const column = createColumnHelper<SellerListingFragment>();

const columns = [
  column.accessor('title', {
    header: 'Title',
    cell: (cell) => (
      <Anchor component={Link} to={`/seller/listings/${encodeURIComponent(cell.row.original.id)}`}>
        {cell.getValue()}
      </Anchor>
    ),
  }),
  column.accessor('kind', { header: 'Kind', cell: (cell) => listingKindLabels[cell.getValue()] }),
  column.accessor('platform', { header: 'Platform', cell: (cell) => platformLabels[cell.getValue()] }),
  column.accessor('region', { header: 'Region', cell: (cell) => regionLabels[cell.getValue()] }),
  column.accessor('price', { header: 'Price', cell: (cell) => <MoneyText money={cell.getValue()} /> }),
  column.accessor('stock', { header: 'Stock', cell: (cell) => cell.getValue().toLocaleString() }),
  column.accessor('status', {
    header: 'Status',
    cell: (cell) => <ListingStatusBadge status={cell.getValue()} />,
  }),
  column.accessor('updatedAt', {
    header: 'Updated',
    cell: (cell) => <DateTime value={cell.getValue()} />,
  }),
];

/** The seller's listings, every status, newest first, with stock; a new listing from here. */
export function ListingsPage() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<StatusFilter>('ALL');
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(SellerListingsQuery, {
    variables: { first: sellerPageSize, filter: status === 'ALL' ? null : { status } },
    notifyOnNetworkStatusChange: false,
  });
  const listings = useMemo(() => data?.myListings.edges.map((edge) => readListing(edge.node)) ?? [], [data]);
  const pageInfo = data?.myListings.pageInfo;

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          myListings: appendConnectionPage(previous.myListings, fetchMoreResult.myListings),
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Listings</Title>
        <Button onClick={openCreate}>New listing</Button>
      </Group>
      <Group>
        <Text id="listing-status-filter" size="sm" fw={500}>
          Show
        </Text>
        <SegmentedControl
          aria-labelledby="listing-status-filter"
          value={status}
          onChange={(value) => setStatus(value as StatusFilter)}
          data={[
            { value: 'ALL', label: 'All' },
            { value: 'ACTIVE', label: 'Active' },
            { value: 'PAUSED', label: 'Paused' },
            { value: 'ARCHIVED', label: 'Archived' },
          ]}
        />
      </Group>
      {error && <QueryFailure what="your listings" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption="Your listings, newest first"
          data={listings}
          columns={columns}
          rowKey={(listing) => listing.id}
          empty={
            status === 'ALL'
              ? 'No listings yet. Create one, then upload its codes.'
              : 'No listing in this status.'
          }
        />
      )}
      <LoadMoreButton
        hasNextPage={pageInfo?.hasNextPage ?? false}
        loading={loadingMore}
        onLoadMore={() => void loadMore()}
        label="Load more listings"
      />
      <CreateListingModal
        opened={creating}
        onClose={closeCreate}
        onCreated={(listingId) => {
          closeCreate();
          void navigate(`/seller/listings/${encodeURIComponent(listingId)}`);
        }}
      />
    </Stack>
  );
}
