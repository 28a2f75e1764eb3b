'use client';

import { useApolloClient, useQuery } from '@apollo/client/react';
import { errorMessage, formatMoney } from '@codesale/client-shared';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Container,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import Link from 'next/link';
import { useState } from 'react';
import { buyerAnswerDueAt } from '../disputes/awaiting-answer';
import { useFragment as unmask } from '../gql';
import type { BuyerOrderSummaryFragment } from '../gql/graphql';
import { LiveStatus } from '../live/LiveStatus';
import { SignedInOnly } from '../live/SignedInOnly';
import { useViewerEvents } from '../live/use-viewer-events';
import { formatDateTime } from '../wallet/format';
import { disputeIsOpen, orderState, orderTitle } from './order-state';
import { MyOrdersQuery, OrderSummaryFragment } from './orders.documents';
import { ProtectionCountdown, ResponseCountdown } from './ProtectionCountdown';

const pageSize = 20;

/**
 * A held order's deadline that matters now: support's request for the buyer's answer when there is
 * one; none while a dispute is open otherwise (the protection window no longer decides anything:
 * the money waits for support); else the window.
 */
function HeldOrderTimeLeft({ order }: { order: BuyerOrderSummaryFragment }) {
  const answerDueAt = buyerAnswerDueAt(order.dispute);
  if (answerDueAt) return <ResponseCountdown dueAt={answerDueAt} />;
  if (disputeIsOpen(order)) {
    return (
      <Text size="sm" c="gray.7">
        Held until support decides
      </Text>
    );
  }
  return <ProtectionCountdown endsAt={order.protectionEndsAt} precision="minutes" />;
}

/**
 * /orders: the buyer's orders, newest first, live through viewerEvents (ORDER_UPDATED; DISPUTE_UPDATED
 * for a dispute's state and its request for an answer).
 */
export function OrdersPage() {
  return (
    <SignedInOnly>
      <Orders />
    </SignedInOnly>
  );
}

function Orders() {
  const apollo = useApolloClient();
  const query = useQuery(MyOrdersQuery, {
    variables: { first: pageSize },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const refetch = () => void apollo.refetchQueries({ include: ['BuyerOrders'] });
  const live = useViewerEvents((event) => {
    if (event.kind === 'ORDER_UPDATED' || event.kind === 'DISPUTE_UPDATED') refetch();
  }, refetch);

  const connection = query.data?.myOrders;
  const orders = connection?.edges.map((edge) => unmask(OrderSummaryFragment, edge.node)) ?? [];

  const loadMore = () => {
    if (!connection?.pageInfo.endCursor) return;
    setLoadingMore(true);
    void query
      .fetchMore({
        variables: { after: connection.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => {
          if (!fetchMoreResult) return previous as typeof fetchMoreResult;
          const seen = new Set(previous.myOrders?.edges.map((edge) => edge.cursor));
          return {
            ...fetchMoreResult,
            myOrders: {
              ...fetchMoreResult.myOrders,
              edges: [
                ...(previous.myOrders?.edges ?? []),
                ...fetchMoreResult.myOrders.edges.filter((edge) => !seen.has(edge.cursor)),
              ],
            },
          };
        },
      })
      .finally(() => setLoadingMore(false));
  };

  return (
    <Container size="lg" py="lg">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={1}>Orders</Title>
          <LiveStatus live={live} />
        </Group>
        {query.error && !connection && (
          <Alert color="red" title="Your orders could not be loaded">
            <Stack gap="xs" align="start">
              <Text size="sm">{errorMessage(query.error)}</Text>
              <Button variant="default" size="compact-sm" onClick={refetch}>
                Try again
              </Button>
            </Stack>
          </Alert>
        )}
        {!connection && !query.error && (
          <Center py="xl">
            <Loader aria-label="Loading your orders" />
          </Center>
        )}
        {connection && orders.length === 0 && (
          <Text>
            No orders yet.{' '}
            <Anchor component={Link} href="/">
              Browse the catalog
            </Anchor>
            .
          </Text>
        )}
        {orders.length > 0 && (
          // On a phone the state, the time left and the date go under the item, in view: as columns
          // they would sit off-screen in a table scrolled sideways.
          <Table.ScrollContainer minWidth={320}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Item</Table.Th>
                  <Table.Th scope="col" visibleFrom="sm">
                    Bought
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Price
                  </Table.Th>
                  <Table.Th scope="col" visibleFrom="sm">
                    State
                  </Table.Th>
                  <Table.Th scope="col" visibleFrom="sm">
                    Protection
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {orders.map((order) => {
                  const state = orderState(order);
                  return (
                    <Table.Tr key={order.id}>
                      <Table.Td>
                        <Anchor component={Link} href={`/orders/${encodeURIComponent(order.id)}`}>
                          {orderTitle(order)}
                        </Anchor>
                        <Stack gap={4} mt={6} align="start" hiddenFrom="sm" data-testid="order-summary-phone">
                          <Badge
                            color={state.color}
                            variant="filled"
                            h="auto"
                            style={{ maxWidth: '100%' }}
                            styles={{ label: { whiteSpace: 'normal', overflow: 'visible' } }}
                          >
                            {state.label}
                          </Badge>
                          {order.escrowStatus === 'HELD' && <HeldOrderTimeLeft order={order} />}
                          <Text size="xs" c="gray.7">
                            Bought {formatDateTime(order.createdAt)}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">{formatDateTime(order.createdAt)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(order.price)}
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Badge color={state.color} variant="filled">
                          {state.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        {order.escrowStatus === 'HELD' ? (
                          <HeldOrderTimeLeft order={order} />
                        ) : (
                          <Text size="sm" c="gray.7">
                            Closed
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {connection?.pageInfo.hasNextPage && (
          <Button variant="default" onClick={loadMore} loading={loadingMore} style={{ alignSelf: 'start' }}>
            Show older orders
          </Button>
        )}
      </Stack>
    </Container>
  );
}
