import { formatMoney } from '@codesale/client-shared';
import { Box, Center, Loader, Text, VisuallyHidden } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { QueueDisputeFragment } from '../../gql/graphql';
import { isOverdue } from '../dispute-cache';
import { reasonLabels } from '../dispute-labels';
import { formatDateTime } from '../../ui/date-time';
import { formatDeadline } from '../format';
import { StateBadge } from '../StateBadge';
import classes from './queue.module.css';

/** The sticky column header above the rows, inside the scrolling box. */
const headerHeightPx = 36;
/** Every row has this height: fixed sizes keep scrolling through thousands of rows cheap. */
const rowHeightPx = 52;
/** Start fetching the next page this many rows before the end of what is loaded. */
const prefetchRows = 30;

export interface DisputeQueueListProps {
  disputes: readonly QueueDisputeFragment[];
  hasNextPage: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  now: Date;
}

/** A cell whose column name is read out before its value, so each row link makes sense alone. */
function Cell({ column, children, className }: { column: string; children: ReactNode; className?: string }) {
  return (
    <span className={`${classes.cell} ${className ?? ''}`}>
      <VisuallyHidden>{column}: </VisuallyHidden>
      {children}
      <VisuallyHidden>, </VisuallyHidden>
    </span>
  );
}

/**
 * The queue as a virtualised list: only the rows in view (and a few around them) are in the page,
 * so thousands of disputes scroll as smoothly as ten. Each row is one link, reachable with Tab;
 * the browser scrolls a focused row into view and the virtualiser renders its neighbours.
 */
export function DisputeQueueList({
  disputes,
  hasNextPage,
  loadingMore,
  onLoadMore,
  now,
}: DisputeQueueListProps) {
  const scrollElement = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: disputes.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollElement.current,
    estimateSize: () => rowHeightPx,
    overscan: 12,
    scrollMargin: headerHeightPx,
    getItemKey: (index) => disputes[index]?.id ?? 'loading-more',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasNextPage && !loadingMore && lastIndex >= disputes.length - prefetchRows) onLoadMore();
  }, [hasNextPage, loadingMore, lastIndex, disputes.length, onLoadMore]);

  if (disputes.length === 0 && !hasNextPage) {
    return (
      <Text c="dimmed" py="xl" ta="center">
        No disputes match these filters.
      </Text>
    );
  }

  return (
    <Box
      ref={scrollElement}
      style={{ height: 'max(320px, calc(100dvh - 400px))', overflow: 'auto' }}
      data-testid="dispute-queue-scroll"
    >
      <div className={classes.header} aria-hidden="true">
        <span>Opened</span>
        <span>Reason</span>
        <span>State</span>
        <span>Amount</span>
        <span>Buyer</span>
        <span>Seller</span>
        <span>Assignee</span>
        <span>Response due</span>
      </div>
      <div
        role="list"
        aria-label="Disputes"
        aria-busy={loadingMore}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {items.map((item) => {
          const dispute = disputes[item.index];
          const style = {
            position: 'absolute' as const,
            top: 0,
            left: 0,
            width: '100%',
            height: item.size,
            transform: `translateY(${item.start - headerHeightPx}px)`,
          };
          if (!dispute) {
            return (
              <div key={item.key} role="listitem" style={style}>
                <Center h="100%">
                  <Loader size="sm" aria-label="Loading more disputes" />
                </Center>
              </div>
            );
          }
          const overdue = isOverdue(dispute, now);
          return (
            <div
              key={item.key}
              role="listitem"
              style={style}
              aria-posinset={item.index + 1}
              aria-setsize={hasNextPage ? -1 : disputes.length}
              data-dispute-id={dispute.id}
              data-state={dispute.state}
            >
              <Link to={`/support/disputes/${encodeURIComponent(dispute.id)}`} className={classes.row}>
                <Cell column="Opened">{formatDateTime(dispute.createdAt)}</Cell>
                <Cell column="Reason">{reasonLabels[dispute.reason]}</Cell>
                <Cell column="State">
                  <StateBadge state={dispute.state} />
                </Cell>
                <Cell column="Amount">{formatMoney(dispute.order.price)}</Cell>
                <Cell column="Buyer">{dispute.buyer.displayName}</Cell>
                <Cell column="Seller">{dispute.seller.displayName}</Cell>
                <Cell column="Assignee">{dispute.assignee?.displayName ?? 'Unassigned'}</Cell>
                <Cell column="Response due" className={overdue ? classes.overdue : undefined}>
                  {dispute.state === 'NEEDS_RESPONSE' && dispute.responseDueAt
                    ? formatDeadline(dispute.responseDueAt, now)
                    : '—'}
                </Cell>
              </Link>
            </div>
          );
        })}
      </div>
    </Box>
  );
}
