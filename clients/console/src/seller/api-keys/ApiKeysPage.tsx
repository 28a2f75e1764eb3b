import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { SellerApiKeyFragment } from '../../gql/graphql';
import { PageLoader } from '../../ui/PageLoader';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../../ui/DateTime';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { QueryFailure } from '../components/QueryFailure';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import { sellerPageSize } from '../components/page-size';
import { readApiKey, RevokeApiKeyMutation, SellerApiKeysQuery } from './api-key.documents';
import { ApiEndpointPanel } from './ApiEndpointPanel';
import { apiKeyScopeLabels } from './api-key-labels';
import { CreateApiKeyForm } from './CreateApiKeyForm';
import { appendConnectionPage } from '../../admin/shared/connection';

const column = createColumnHelper<SellerApiKeyFragment>();

/** The scopes the key grants, in the seller's words. */
function ScopeBadges({ scopes }: { scopes: SellerApiKeyFragment['scopes'] }) {
  return (
    <Group gap={4}>
      {scopes.map((scope) => (
        <Badge key={scope} variant="light" size="sm">
          {apiKeyScopeLabels[scope].label}
        </Badge>
      ))}
    </Group>
  );
}

/** On a phone the columns other than the name and the status fold under the name. */
const columnsFromSm = ['prefix', 'scopes', 'createdAt', 'lastUsedAt', 'actions'];

/** Partner API keys: the seller's own systems act as the seller through them, within their scopes. */
export function ApiKeysPage() {
  const [loadingMore, setLoadingMore] = useState(false);
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const { data, loading, error, refetch, fetchMore } = useQuery(SellerApiKeysQuery, {
    variables: { first: sellerPageSize },
  });
  const [revokeApiKey, revoking] = useMutation(RevokeApiKeyMutation);
  const keys = useMemo(() => data?.myApiKeys.edges.map((edge) => readApiKey(edge.node)) ?? [], [data]);
  const pageInfo = data?.myApiKeys.pageInfo;

  const columns = useMemo(() => {
    const revoke = async (key: SellerApiKeyFragment) => {
      setErrors([]);
      try {
        const payload = (await revokeApiKey({ variables: { input: { apiKeyId: key.id } } })).data
          ?.revokeApiKey;
        if (payload?.errors.length) setErrors(payload.errors);
      } catch (failure) {
        setErrors([{ code: 'NO_ANSWER', message: errorMessage(failure) }]);
      }
    };
    const confirmRevoke = (key: SellerApiKeyFragment) =>
      modals.openConfirmModal({
        title: `Revoke “${key.name}”?`,
        children: (
          <Text size="sm">
            Requests with this key are refused from now on. This cannot be undone: a system that still needs
            access gets a new key.
          </Text>
        ),
        labels: { confirm: 'Revoke key', cancel: 'Keep key' },
        confirmProps: { color: 'red.9' },
        closeButtonProps: { 'aria-label': 'Close' },
        onConfirm: () => void revoke(key),
      });
    const revokeButton = (key: SellerApiKeyFragment) =>
      key.revokedAt ? null : (
        <Button
          size="xs"
          color="red"
          variant="outline"
          loading={revoking.loading}
          onClick={() => confirmRevoke(key)}
          aria-label={`Revoke ${key.name}`}
        >
          Revoke
        </Button>
      );
    return [
      column.accessor('name', {
        header: 'Name',
        cell: (cell) => {
          const key = cell.row.original;
          return (
            <>
              {cell.getValue()}
              <Stack gap={6} mt={6} align="flex-start" hiddenFrom="sm" data-testid="api-key-summary-phone">
                <Text size="xs" c="dimmed">
                  Key starts with <Code>{key.prefix}</Code>
                </Text>
                <ScopeBadges scopes={key.scopes} />
                <Text size="xs" c="dimmed">
                  Created <DateTime value={key.createdAt} />
                </Text>
                <Text size="xs" c="dimmed">
                  {key.lastUsedAt ? (
                    <>
                      Last used <DateTime value={key.lastUsedAt} />
                    </>
                  ) : (
                    'Not used yet'
                  )}
                </Text>
                {revokeButton(key)}
              </Stack>
            </>
          );
        },
      }),
      column.accessor('prefix', {
        header: 'Key starts with',
        cell: (cell) => <Code>{cell.getValue()}</Code>,
      }),
      column.accessor('scopes', {
        header: 'Scopes',
        cell: (cell) => <ScopeBadges scopes={cell.getValue()} />,
      }),
      column.accessor('createdAt', {
        header: 'Created',
        cell: (cell) => <DateTime value={cell.getValue()} />,
      }),
      column.accessor('lastUsedAt', {
        header: 'Last used',
        cell: (cell) => <DateTime value={cell.getValue()} />,
      }),
      column.accessor('revokedAt', {
        header: 'Status',
        cell: (cell) =>
          cell.getValue() ? (
            <Badge color="gray" variant="light" data-testid="api-key-status">
              Revoked
            </Badge>
          ) : (
            <Badge color="green" variant="light" data-testid="api-key-status">
              Active
            </Badge>
          ),
      }),
      column.display({
        id: 'actions',
        header: 'Actions',
        cell: (cell) => revokeButton(cell.row.original),
      }),
    ];
  }, [revokeApiKey, revoking.loading]);

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          myApiKeys: appendConnectionPage(previous.myApiKeys, fetchMoreResult.myApiKeys),
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack>
      <Title order={1}>API keys</Title>
      <Text size="sm" c="dimmed">
        Your own systems (a shop, a warehouse, a reseller) use the public GraphQL API with these keys, as you
        and within the scopes you choose.
      </Text>
      <ApiEndpointPanel />
      <CreateApiKeyForm />
      <Title order={2} size="h3">
        Your keys
      </Title>
      <UserErrorsAlert title="The key was not revoked" errors={errors} />
      {error && <QueryFailure what="your API keys" error={error} retry={() => void refetch()} />}
      {loading && !data ? (
        <PageLoader />
      ) : (
        <DataTable
          caption="Your API keys, newest first"
          data={keys}
          columns={columns}
          rowKey={(key) => key.id}
          empty="No API keys yet."
          columnsFromSm={columnsFromSm}
        />
      )}
      <LoadMoreButton
        hasNextPage={pageInfo?.hasNextPage ?? false}
        loading={loadingMore}
        onLoadMore={() => void loadMore()}
        label="Load more keys"
      />
    </Stack>
  );
}
