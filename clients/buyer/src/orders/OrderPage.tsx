'use client';

import { useQuery } from '@apollo/client/react';
import { errorMessage, formatMoney } from '@codesale/client-shared';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Code,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { orderArrival, takeArrivalFocus } from '../components/arrival-focus';
import { OpenDisputeForm } from '../disputes/OpenDisputeForm';
import { platformLabels, regionLabels } from '../catalog/labels';
import { DisputeThread } from '../disputes/DisputeThread';
import { useFragment as unmask } from '../gql';
import { SignedInOnly } from '../live/SignedInOnly';
import { useViewerEvents } from '../live/use-viewer-events';
import { formatDateTime } from '../wallet/format';
import { ConfirmDelivery } from './ConfirmDelivery';
import { disputeIsOpen, disputeWithdrawn, orderState, orderTitle } from './order-state';
import { OrderQuery, OrderSummaryFragment } from './orders.documents';
import { ProtectionCountdown } from './ProtectionCountdown';
import { RevealCode } from './RevealCode';

/** /orders/[id]: the code, confirming, the protection window, and the dispute if any (live). */
export function OrderPage({ orderId }: { orderId: string }) {
  return (
    <SignedInOnly>
      <Order orderId={orderId} />
    </SignedInOnly>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function Order({ orderId }: { orderId: string }) {
  const query = useQuery(OrderQuery, {
    variables: { id: orderId },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const { refetch } = query;
  useViewerEvents(
    (event) => {
      if (event.kind === 'ORDER_UPDATED' && event.subjectId === orderId) void refetch();
    },
    () => void refetch(),
  );
  const [disputing, setDisputing] = useState(false);
  const [openedDisputeId, setOpenedDisputeId] = useState<string | null>(null);

  const order = unmask(OrderSummaryFragment, query.data?.order ?? undefined);
  // Reached from Buy (arrival-focus.ts): the keyboard and screen readers land on the new order's
  // heading, which reads its state with it, once the order is shown (after its loader).
  const heading = useRef<HTMLHeadingElement>(null);
  const focusHeading = useRef(false);
  useEffect(() => {
    // (React's Strict Mode runs this twice: the second run must not forget what the first took.)
    focusHeading.current = focusHeading.current || takeArrivalFocus(orderArrival(orderId));
  }, [orderId]);
  const shown = order !== undefined;
  useEffect(() => {
    if (!shown || !focusHeading.current) return;
    focusHeading.current = false;
    heading.current?.focus();
  }, [shown]);
  const back = (
    <Anchor component={Link} href="/orders" size="sm">
      ← Orders
    </Anchor>
  );

  if (!order) {
    return (
      <Container size="md" py="lg">
        <Stack gap="md">
          {back}
          {query.loading ? (
            <Center py="xl">
              <Loader aria-label="Loading the order" />
            </Center>
          ) : (
            <>
              <Title order={1}>Order not found</Title>
              <Alert color="red" title="This order could not be shown">
                {query.error
                  ? errorMessage(query.error)
                  : 'It does not exist, or it is not one of your orders.'}
              </Alert>
            </>
          )}
        </Stack>
      </Container>
    );
  }

  const state = orderState(order);
  const disputeId = order.dispute?.id ?? openedDisputeId;
  const windowOpen = Date.parse(order.protectionEndsAt) > Date.now();

  return (
    <Container size="md" py="lg">
      <Stack gap="md">
        {back}
        <Stack gap={4}>
          <Title order={1} ref={heading} tabIndex={-1} aria-describedby="order-state">
            {orderTitle(order)}
          </Title>
          <Group gap="sm">
            <Badge color={state.color} variant="filled" id="order-state" data-testid="order-state">
              {state.label}
            </Badge>
            <Text size="sm">{formatMoney(order.price)}</Text>
            <Text size="sm" c="gray.7">
              Bought {formatDateTime(order.createdAt)}
            </Text>
          </Group>
          {order.listing && (
            <Text size="sm" c="gray.7">
              {platformLabels[order.listing.platform as keyof typeof platformLabels] ??
                order.listing.platform}{' '}
              · {regionLabels[order.listing.region as keyof typeof regionLabels] ?? order.listing.region}
            </Text>
          )}
          {/* What support looks an order up by: quoted when the buyer writes in. */}
          <Text size="xs" c="gray.7">
            Order reference{' '}
            <Code data-testid="order-reference" style={{ overflowWrap: 'anywhere' }}>
              {order.id}
            </Code>
          </Text>
        </Stack>

        {order.escrowStatus === 'HELD' && disputeIsOpen(order) && (
          <Alert
            color="orange"
            variant="light"
            title="Payment held during the dispute"
            data-testid="held-for-dispute"
            // The order's standing, not an interruption: Mantine's default role="alert" would announce it.
            role="note"
          >
            <Text size="sm">
              Your payment stays in escrow while the dispute is open: the seller is not paid unless support
              decides for them, and a refund goes back to your wallet.
            </Text>
          </Alert>
        )}
        {disputeWithdrawn(order) && (
          <Alert color="blue" variant="light" title="You withdrew your dispute" role="note">
            <Text size="sm">
              Your payment waits in escrow: confirm the delivery below, or the seller is paid when the buyer
              protection ends ({formatDateTime(order.protectionEndsAt)}, or shortly if that has passed).
            </Text>
          </Alert>
        )}
        {order.escrowStatus === 'HELD' && !disputeIsOpen(order) && !disputeWithdrawn(order) && (
          // role="note": its countdown changes every second; as an alert it would be announced each time.
          <Alert color="blue" variant="light" title="Buyer protection" role="note">
            <Text size="sm">
              Your payment waits in escrow. Time to confirm or dispute:{' '}
              <ProtectionCountdown endsAt={order.protectionEndsAt} />. Without a confirmation or a dispute,
              the seller is paid on {formatDateTime(order.protectionEndsAt)}.
            </Text>
          </Alert>
        )}
        {order.escrowStatus === 'REFUNDED' && (
          <Alert color="gray" title="Refunded" role="note">
            {formatMoney(order.price)} went back to your wallet
            {order.refundedAt ? ` on ${formatDateTime(order.refundedAt)}` : ''}.
          </Alert>
        )}
        {order.escrowStatus === 'RELEASED' && (
          <Alert
            color="teal"
            title={order.confirmedAt ? 'You confirmed this order' : 'Completed'}
            role="note"
          >
            {/* Released to the seller's earnings: their payout to a bank account comes later. */}
            The payment was released to the seller
            {order.releasedAt ? ` on ${formatDateTime(order.releasedAt)}` : ''}.
          </Alert>
        )}

        {order.escrowStatus !== 'REFUNDED' && (
          <Section id="code-heading" title="Your code">
            <RevealCode orderId={order.id} revealedBefore={order.codeRevealedAt ?? null} />
          </Section>
        )}

        {state.actionable && (!disputeId || disputeWithdrawn(order)) && (
          <Section id="confirm-heading" title="Confirm delivery">
            <ConfirmDelivery
              orderId={order.id}
              price={order.price}
              codeRevealed={Boolean(order.codeRevealedAt)}
            />
          </Section>
        )}

        {state.actionable && !disputeId && windowOpen && (
          <Section id="dispute-form-heading" title="Something wrong with the code?">
            {disputing ? (
              <OpenDisputeForm
                orderId={order.id}
                onOpened={(dispute) => {
                  setOpenedDisputeId(dispute.id);
                  void refetch();
                }}
              />
            ) : (
              <Button variant="default" onClick={() => setDisputing(true)} style={{ alignSelf: 'start' }}>
                Open a dispute
              </Button>
            )}
          </Section>
        )}

        {disputeId && (
          <>
            <DisputeThread disputeId={disputeId} onDisputeChanged={() => void refetch()} />
            <Anchor component={Link} href={`/disputes/${encodeURIComponent(disputeId)}`} size="sm">
              Open the dispute on its own page
            </Anchor>
          </>
        )}
      </Stack>
    </Container>
  );
}
