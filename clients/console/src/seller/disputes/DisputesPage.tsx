import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { SellerDisputeRowFragment } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { QueryFailure } from '../components/QueryFailure';
import { reasonLabels } from './dispute-labels';
import { disputePath } from './dispute-list';
import { DisputeStatusBadge } from './DisputeStatusBadge';
import { NextStepText } from './NextStepText';
import { useSellerDisputes } from './use-seller-disputes';

/** Deadlines shown as "in 3 h" / "overdue by 5 min" are recomputed this often; nothing is fetched. */
const clockTickMs = 30_000;

const column = createColumnHelper<SellerDisputeRowFragment>();

/** What a dispute is, for a seller who has none yet. */
function NoDisputes() {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="no-disputes-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="no-disputes-heading">
          No disputes on your sales
        </Title>
        <Text size="sm">
          While a sale is in escrow (during its buyer protection), the buyer can dispute it: the code does not
          work, was already redeemed, is for the wrong region, or is not as described. The money stays in
          escrow while support looks into it.
        </Text>
        <Text size="sm">
          Support may ask you to respond before a deadline: the dispute then shows here, and beside Disputes
          in the menu, as waiting for your response. Answer on the dispute&apos;s page, with files if they
          help. An admin then refunds the buyer or releases the payment to you.
        </Text>
      </Stack>
    </Paper>
  );
}

/** The disputes on the seller's sales, those waiting for their response first. */
export function DisputesPage() {
  const { disputes, loading, error, truncated, refetch } = useSellerDisputes();
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), clockTickMs, { autoInvoke: true });

  const columns = useMemo(
    () => [
      column.accessor((dispute) => dispute.order.listing?.title ?? null, {
        id: 'listing',
        header: 'Sale',
        cell: (cell) => (
          <Anchor component={Link} to={disputePath(cell.row.original.id)}>
            {cell.getValue() ?? 'A sale of yours'}
          </Anchor>
        ),
      }),
      column.accessor((dispute) => dispute.buyer.displayName, { id: 'buyer', header: 'Buyer' }),
      column.accessor('reason', { header: 'Reason', cell: (cell) => reasonLabels[cell.getValue()] }),
      column.accessor('state', {
        header: 'State',
        cell: (cell) => <DisputeStatusBadge dispute={cell.row.original} />,
      }),
      column.display({
        id: 'next-step',
        header: 'Needed from you',
        cell: (cell) => <NextStepText dispute={cell.row.original} now={now} />,
      }),
      column.accessor('createdAt', {
        header: 'Opened',
        cell: (cell) => <DateTime value={cell.getValue()} />,
      }),
    ],
    [now],
  );

  return (
    <Stack>
      <Title order={1}>Disputes</Title>
      {error && <QueryFailure what="your disputes" error={error} retry={refetch} />}
      {loading ? (
        <PageLoader />
      ) : disputes.length === 0 ? (
        !error && <NoDisputes />
      ) : (
        <>
          <DataTable
            caption="Disputes on your sales: those waiting for your response first, then open ones, then decided ones"
            data={disputes}
            columns={columns}
            rowKey={(dispute) => dispute.id}
            empty="No disputes on your sales."
          />
          {truncated && (
            <Text size="sm" c="dimmed">
              Only your first 1,000 disputes are listed.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
