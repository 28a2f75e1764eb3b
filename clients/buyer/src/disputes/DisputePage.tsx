'use client';

import { useQuery } from '@apollo/client/react';
import { Anchor, Container, Stack } from '@mantine/core';
import Link from 'next/link';
import { useFragment as unmask } from '../gql';
import { SignedInOnly } from '../live/SignedInOnly';
import { BuyerDisputeFragment, BuyerDisputeQuery } from './disputes.documents';
import { DisputeThread } from './DisputeThread';

/** /disputes/[id]: the thread on its own page, with a link back to its order. */
export function DisputePage({ disputeId }: { disputeId: string }) {
  return (
    <SignedInOnly>
      <Container size="md" py="lg">
        <Stack gap="md">
          <BackToOrder disputeId={disputeId} />
          <DisputeThread disputeId={disputeId} headingLevel={1} />
        </Stack>
      </Container>
    </SignedInOnly>
  );
}

function BackToOrder({ disputeId }: { disputeId: string }) {
  // The same query as the thread's: answered from the cache.
  const query = useQuery(BuyerDisputeQuery, { variables: { id: disputeId }, fetchPolicy: 'cache-first' });
  const dispute = unmask(BuyerDisputeFragment, query.data?.dispute ?? undefined);
  if (!dispute) return null;
  return (
    <Anchor component={Link} href={`/orders/${encodeURIComponent(dispute.order.id)}`} size="sm">
      ← The order
    </Anchor>
  );
}
