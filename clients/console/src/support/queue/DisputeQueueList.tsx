import { formatMoney } from '@codesale/client-shared';
import { Box, Center, Loader, Text, useMatches, VisuallyHidden } from '@mantine/core';
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
/** A row stacked on a phone (state and amount, reason and deadline, the parties, opened and assignee). */
const phoneRowHeightPx = 100;
/** Start fetching the next page this many rows before the end of what is loaded. */
const prefetchRows = 30;

export interface DisputeQueueListProps {
  disputes: readonly QueueDisputeFragment[];
  hasNextPage: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  now: Date;
}

/**
 * A cell whose column name is read out before its value, so each row link makes sense alone; shown
 * too where no column header names it (a stacked row on a phone).
 */
function Cell({
  column,
  children,
  className,
  labelShown = false,
}: {
  column: string;
  children: ReactNode;
  className?: string;
  labelShown?: boolean;
}) {
  return (
    <span className={`${classes.cell} ${className ?? ''}`}>
      {labelShown ? `${column}: ` : <VisuallyHidden>{column}: </VisuallyHidden>}
      {children}
      <VisuallyHidden>, </VisuallyHidden>
    </span>
  );
}

/** When the requested party must answer by, "in 3 h" or "overdue by 5 min"; a dash when nobody is asked. */
function responseDue(dispute: QueueDisputeFragment, now: Date): string {
  return dispute.state === 'NEEDS_RESPONSE' && dispute.responseDueAt
    ? formatDeadline(dispute.responseDueAt, now)
    : '—';
}

interface RowCellsProps {
  dispute: QueueDisputeFragment;
  overdue: boolean;
  now: Date;
}

/** A row from Mantine's sm breakpoint up: one cell per column of the header. */
function ColumnCells({ dispute, overdue, now }: RowCellsProps) {
  return (
    <>
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
        {responseDue(dispute, now)}
      </Cell>
    </>
  );
}

/** A row on a phone, stacked: state and amount, reason and deadline, the parties, then when and who. */
function StackedCells({ dispute, overdue, now }: RowCellsProps) {
  return (
    <>
      <span className={classes.line}>
        <Cell column="State">
          <StateBadge state={dispute.state} />
        </Cell>
        <Cell column="Amount" className={classes.amount}>
          {formatMoney(dispute.order.price)}
        </Cell>
      </span>
      <span className={classes.line}>
        <Cell column="Reason">{reasonLabels[dispute.reason]}</Cell>
        {dispute.state === 'NEEDS_RESPONSE' && dispute.responseDueAt && (
          <Cell column="Response due" className={overdue ? classes.overdue : undefined}>
            {responseDue(dispute, now)}
          </Cell>
        )}
      </span>
      <span className={`${classes.line} ${classes.parties}`} data-testid="queue-row-parties">
        <Cell column="Buyer" labelShown>
          {dispute.buyer.displayName}
        </Cell>
        <Cell column="Seller" labelShown>
          {dispute.seller.displayName}
        </Cell>
      </span>
      <span className={`${classes.line} ${classes.small}`}>
        <Cell column="Opened" labelShown>
          {formatDateTime(dispute.createdAt)}
        </Cell>
        <Cell column="Assignee" labelShown>
          {dispute.assignee?.displayName ?? 'Unassigned'}
        </Cell>
      </span>
    </>
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
  // Below Mantine's sm breakpoint each row is stacked, so that the state, the amount and the parties
  // are in view on a phone: taller rows, and no column header. One layout is rendered, not both:
  // the virtualiser must know the rows' height, and a hidden copy of each row would be read twice.
  const phone = useMatches({ base: true, sm: false }, { getInitialValueInEffect: false });
  const rowHeight = phone ? phoneRowHeightPx : rowHeightPx;
  const headerHeight = phone ? 0 : headerHeightPx;
  const virtualizer = useVirtualizer({
    count: disputes.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollElement.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headerHeight,
    getItemKey: (index) => disputes[index]?.id ?? 'loading-more',
  });
  // Sizes are cached per row: a change of layout (a phone turned sideways) measures them again.
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
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
      {!phone && (
        <div className={classes.header} aria-hidden="true" data-testid="dispute-queue-header">
          <span>Opened</span>
          <span>Reason</span>
          <span>State</span>
          <span>Amount</span>
          <span>Buyer</span>
          <span>Seller</span>
          <span>Assignee</span>
          <span>Response due</span>
        </div>
      )}
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
            transform: `translateY(${item.start - headerHeight}px)`,
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
              <Link
                to={`/support/disputes/${encodeURIComponent(dispute.id)}`}
                className={phone ? classes.stackedRow : classes.row}
              >
                {phone ? (
                  <StackedCells dispute={dispute} overdue={overdue} now={now} />
                ) : (
                  <ColumnCells dispute={dispute} overdue={overdue} now={now} />
                )}
              </Link>
            </div>
          );
        })}
      </div>
    </Box>
  );
}
