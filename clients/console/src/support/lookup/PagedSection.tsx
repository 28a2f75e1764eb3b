import { Button, Group, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { QueryErrorAlert } from '../../admin/shared/QueryErrorAlert';
import { PageLoader } from '../../ui/PageLoader';

/**
 * One of the look-up's paged lists (disputes, orders, top-ups): its heading, the read's failure
 * with a retry, a loader until the first page, the list, and "Load more" while there is more.
 */
export function PagedSection({
  headingId,
  title,
  what,
  query,
  hasNextPage,
  onLoadMore,
  children,
}: {
  headingId: string;
  title: string;
  /** Names what failed to load: "the disputes". */
  what: string;
  query: { loading: boolean; error?: unknown; hasData: boolean; refetch: () => unknown };
  hasNextPage: boolean;
  onLoadMore: () => unknown;
  children: ReactNode;
}) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {title}
      </Title>
      {query.error ? (
        <QueryErrorAlert error={query.error} what={what} onRetry={() => void query.refetch()} />
      ) : null}
      {query.loading && !query.hasData ? <PageLoader /> : children}
      {hasNextPage && (
        <Group>
          <Button variant="default" loading={query.loading} onClick={() => void onLoadMore()}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
