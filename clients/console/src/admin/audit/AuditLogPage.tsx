import { useApolloClient, useQuery } from '@apollo/client/react';
import { Button, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { graphql } from '../../gql';
import type { AdminAuditLogQuery } from '../../gql/graphql';
import { DateTime } from '../../ui/DateTime';
import { PageLoader } from '../../ui/PageLoader';
import { appendConnectionPage } from '../shared/connection';
import { DataTable } from '../shared/DataTable';
import { QueryErrorAlert } from '../shared/QueryErrorAlert';
import { auditFilterValues, detailsSummary, type AuditFilterForm } from './audit-filters';

const AuditLogQuery = graphql(`
  query AdminAuditLog($first: Int!, $after: String, $actorId: ID, $subjectId: ID, $action: String) {
    auditLog(first: $first, after: $after, actorId: $actorId, subjectId: $subjectId, action: $action) {
      edges {
        cursor
        node {
          id
          action
          subjectType
          subjectId
          subjectGlobalId
          details
          reason
          requestId
          address
          createdAt
          actor {
            id
            displayName
            email
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const AuditActorQuery = graphql(`
  query AdminAuditActor($search: String!) {
    users(search: $search) {
      id
      email
    }
  }
`);

/** 50 a page; "Load more" takes the next keyset page. */
const pageSize = 50;

type AuditEntry = AdminAuditLogQuery['auditLog']['edges'][number]['node'];
interface QueryFilters {
  actorId: string | null;
  subjectId: string | null;
  action: string | null;
}

const noFilters: QueryFilters = { actorId: null, subjectId: null, action: null };
/** A user id no one has: an email that matches nobody gives an empty page, as an unknown id does. */
const nobody = 'VXNlcjowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA';

/** Payout holds were recorded with the subject type `USER`; the table names every type alike. */
function subjectTypeLabel(subjectType: string): string {
  return subjectType === subjectType.toUpperCase()
    ? subjectType.charAt(0) + subjectType.slice(1).toLowerCase()
    : subjectType;
}

const columns: ColumnDef<AuditEntry>[] = [
  {
    id: 'createdAt',
    header: 'Time',
    cell: ({ row }) => (
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={row.original.createdAt} />
      </Text>
    ),
  },
  {
    id: 'actor',
    header: 'Actor',
    cell: ({ row }) =>
      row.original.actor ? (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {row.original.actor.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {row.original.actor.email}
          </Text>
        </Stack>
      ) : (
        <Text
          size="sm"
          c="dimmed"
          title="A command-line tool (the request column names it) or a request made signed out, such as a password reset request"
        >
          No signed-in user
        </Text>
      ),
  },
  {
    id: 'action',
    header: 'Action',
    cell: ({ row }) => <Code>{row.original.action}</Code>,
  },
  {
    id: 'subject',
    header: 'Subject',
    cell: ({ row }) => (
      <Stack gap={0} maw={230}>
        <Text size="sm">{subjectTypeLabel(row.original.subjectType)}</Text>
        <Code fz="xs" style={{ wordBreak: 'break-all' }}>
          {row.original.subjectGlobalId ?? row.original.subjectId}
        </Code>
      </Stack>
    ),
  },
  {
    id: 'reason',
    header: 'Reason',
    cell: ({ row }) => (
      <Stack gap={0} maw={360}>
        <Text size="sm">{row.original.reason ?? '—'}</Text>
        <Text size="xs" c="dimmed">
          {detailsSummary(row.original.details)}
        </Text>
      </Stack>
    ),
  },
  {
    id: 'requestId',
    header: 'Request',
    cell: ({ row }) => (
      <Stack gap={0} maw={170}>
        <Code fz="xs" style={{ wordBreak: 'break-all' }}>
          {row.original.requestId ?? '—'}
        </Code>
        <Text size="xs" c="dimmed">
          {row.original.address}
        </Text>
      </Stack>
    ),
  },
];

/**
 * The audit log, newest first: every action the screens say is "recorded in the audit log", with
 * who did it, to what, why and from which request. Filters by actor (email or id), subject (the
 * id the table shows) and action.
 */
export function AuditLogPage() {
  const client = useApolloClient();
  const [filters, setFilters] = useState<QueryFilters>(noFilters);
  const [finding, setFinding] = useState(false);
  const form = useForm<AuditFilterForm>({ initialValues: { actor: '', subject: '', action: '' } });
  const { data, loading, error, fetchMore, refetch } = useQuery(AuditLogQuery, {
    variables: { first: pageSize, ...filters },
    notifyOnNetworkStatusChange: true,
    fetchPolicy: 'network-only',
  });
  const entries = useMemo(() => (data?.auditLog.edges ?? []).map((edge) => edge.node), [data]);

  // The API filters by user id; an email is looked up first, the whole address as at sign-in.
  const actorIdOf = async (email: string): Promise<string> => {
    const { data: found } = await client.query({
      query: AuditActorQuery,
      variables: { search: email },
      fetchPolicy: 'network-only',
    });
    const match = found?.users.find((user) => user.email?.toLowerCase() === email.toLowerCase());
    return match?.id ?? nobody;
  };

  const apply = form.onSubmit(async (values) => {
    const { actorEmail, ...rest } = auditFilterValues(values);
    setFinding(true);
    try {
      setFilters({ ...rest, actorId: actorEmail ? await actorIdOf(actorEmail) : rest.actorId });
    } finally {
      setFinding(false);
    }
  });

  const clear = () => {
    form.reset();
    setFilters(noFilters);
  };

  const loadMore = () =>
    fetchMore({
      variables: { after: data?.auditLog.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        ...previous,
        auditLog: appendConnectionPage(previous.auditLog, fetchMoreResult.auditLog),
      }),
    });

  const filtered = filters.actorId !== null || filters.subjectId !== null || filters.action !== null;

  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <Text c="dimmed" maw={720}>
        Every audited action, newest first: payout holds, staff accounts, risk overrides, decisions, code
        reveals and more. Entries are never changed or deleted.
      </Text>
      <form onSubmit={apply} aria-label="Filter the audit log">
        <Group align="flex-end">
          <TextInput
            label="Actor"
            description="Email or user id"
            maw={300}
            style={{ flex: 1 }}
            {...form.getInputProps('actor')}
          />
          <TextInput
            label="Subject id"
            description="As the table shows it"
            maw={300}
            style={{ flex: 1 }}
            {...form.getInputProps('subject')}
          />
          <TextInput
            label="Action"
            description="Such as user.disabled"
            maw={220}
            style={{ flex: 1 }}
            {...form.getInputProps('action')}
          />
          <Button type="submit" loading={finding}>
            Filter
          </Button>
          {filtered && (
            <Button variant="default" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Group>
      </form>
      {error && <QueryErrorAlert error={error} what="the audit log" onRetry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption={`${entries.length} audit entr${entries.length === 1 ? 'y' : 'ies'} shown, newest first`}
          data={entries}
          columns={columns}
          getRowId={(entry) => entry.id}
          empty={filtered ? 'No entry matches these filters.' : 'Nothing has been recorded yet.'}
        />
      )}
      {data?.auditLog.pageInfo.hasNextPage && (
        <Group>
          <Button variant="default" loading={loading} onClick={() => void loadMore()}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
