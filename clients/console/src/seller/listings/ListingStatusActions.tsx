import { useApolloClient, useMutation } from '@apollo/client/react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useState } from 'react';
import type { SellerListingFragment } from '../../gql/graphql';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import {
  ActivateListingMutation,
  ArchiveListingMutation,
  PauseListingMutation,
  SellerListingQuery,
} from './listing.documents';

type Action = 'PAUSE' | 'ACTIVATE' | 'ARCHIVE';

const actionTitles: Record<Action, string> = {
  PAUSE: 'The listing was not paused',
  ACTIVATE: 'The listing was not put back on sale',
  ARCHIVE: 'The listing was not archived',
};

/**
 * Pause, activate and archive, each against the version on screen. A refusal is shown as the
 * server words it; when the listing changed meanwhile, it is fetched again so the page shows it as
 * it is now.
 */
export function ListingStatusActions({ listing }: { listing: SellerListingFragment }) {
  const apollo = useApolloClient();
  const [pauseListing, pausing] = useMutation(PauseListingMutation);
  const [activateListing, activating] = useMutation(ActivateListingMutation);
  const [archiveListing, archiving] = useMutation(ArchiveListingMutation);
  const [failure, setFailure] = useState<{ action: Action; errors: UserErrorValue[] } | null>(null);

  const run = async (action: Action) => {
    setFailure(null);
    const input = { listingId: listing.id, expectedVersion: listing.version };
    try {
      const errors =
        action === 'PAUSE'
          ? (await pauseListing({ variables: { input } })).data?.pauseListing.errors
          : action === 'ACTIVATE'
            ? (await activateListing({ variables: { input } })).data?.activateListing.errors
            : (await archiveListing({ variables: { input } })).data?.archiveListing.errors;
      if (errors && errors.length > 0) {
        setFailure({ action, errors });
        if (errors.some((error) => error.code === 'LISTING_CHANGED')) {
          await apollo.query({
            query: SellerListingQuery,
            variables: { id: listing.id },
            fetchPolicy: 'network-only',
          });
        }
      }
    } catch (error) {
      setFailure({ action, errors: [{ code: 'NO_ANSWER', message: errorMessage(error) }] });
    }
  };

  const confirmArchive = () =>
    modals.openConfirmModal({
      title: 'Archive this listing?',
      children: (
        <Stack gap="xs">
          <Text size="sm">
            “{listing.title}” leaves sale for good and its {listing.stock.toLocaleString()} unsold code
            {listing.stock === 1 ? ' is' : 's are'} withdrawn. Orders already placed are not affected.
          </Text>
          {listing.stock > 0 && (
            <Text size="sm">
              Withdrawn codes cannot be uploaded again, to this or another listing: a code stays on CodeSale
              once uploaded. To sell them elsewhere on CodeSale, pause the listing instead.
            </Text>
          )}
          <Text size="sm" fw={700}>
            This is final: an archived listing cannot be put back on sale.
          </Text>
        </Stack>
      ),
      labels: { confirm: 'Archive listing', cancel: 'Keep listing' },
      confirmProps: { color: 'red.9' },
      closeButtonProps: { 'aria-label': 'Close' },
      onConfirm: () => void run('ARCHIVE'),
    });

  if (listing.status === 'ARCHIVED') return null;
  return (
    <Stack gap="xs">
      <Group>
        {listing.status === 'ACTIVE' ? (
          <Button variant="default" loading={pausing.loading} onClick={() => void run('PAUSE')}>
            Pause listing
          </Button>
        ) : (
          <Button variant="default" loading={activating.loading} onClick={() => void run('ACTIVATE')}>
            Put back on sale
          </Button>
        )}
        <Button color="red" variant="outline" loading={archiving.loading} onClick={confirmArchive}>
          Archive listing
        </Button>
      </Group>
      {failure && <UserErrorsAlert title={actionTitles[failure.action]} errors={failure.errors} />}
    </Stack>
  );
}
