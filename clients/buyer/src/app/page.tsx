import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { CatalogQuery } from '../catalog/catalog.document';
import {
  catalogHref,
  isFiltered,
  parseCatalogParams,
  type SearchParamsRecord,
} from '../catalog/catalog-params';
import { CatalogFilters } from '../catalog/CatalogFilters';
import { ListingCard } from '../catalog/ListingCard';
import { ApiUnavailable } from '../components/ApiUnavailable';
import { AnchorLink, ButtonLink } from '../components/links';
import { ApiUnavailableError, GraphQLRequestError, serverQuery } from '../lib/server-graphql';
import classes from '../catalog/catalog.module.css';

export const metadata: Metadata = { title: 'Catalog' };

/** Cards in the first row at the widest layout: their images are the likely LCP element. */
const firstRow = 4;

/**
 * The catalog: server-rendered from one GraphQL request per render (no client fetching for the
 * first paint); every control is a link or a GET form, so it works without JavaScript.
 */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const parsed = parseCatalogParams(await searchParams);
  const { params, variables } = parsed;

  let data;
  try {
    data = await serverQuery(CatalogQuery, variables);
  } catch (error) {
    if (error instanceof ApiUnavailableError) {
      return <ApiUnavailable retryHref={catalogHref(params)} what="the catalog" />;
    }
    if (error instanceof GraphQLRequestError && params.after) {
      // A cursor from an old link (or edited by hand): the first page still works.
      return (
        <Stack>
          <Title order={1}>Catalog</Title>
          <Alert color="orange" title="This page of results is no longer available" role="alert">
            The link points into a list that has changed.{' '}
            <AnchorLink href={catalogHref(params, { after: '' })}>Start from the first page</AnchorLink>.
          </Alert>
        </Stack>
      );
    }
    throw error;
  }

  const { edges, pageInfo } = data.listings;
  const filtered = isFiltered(params);
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Catalog</Title>
        <Text c="dimmed">
          Game keys, gift cards and licences. You pay from your wallet; the money waits in escrow until you
          confirm the code works.
        </Text>
      </div>
      {/* Keyed by the search: the uncontrolled fields show the URL's values after back/forward too. */}
      <CatalogFilters key={catalogHref(params, { after: '' })} params={params} problems={parsed.problems} />
      <section aria-labelledby="catalog-results-title">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3" id="catalog-results-title">
            {params.q ? `Results for “${params.q}”` : 'Listings'}
          </Title>
          {params.after && (
            <AnchorLink href={catalogHref(params, { after: '' })}>Back to the first page</AnchorLink>
          )}
        </Group>
        {edges.length === 0 ? (
          <Alert color="gray" title={filtered ? 'No listing matches these filters' : 'Nothing on sale yet'}>
            {filtered ? (
              <>
                Try fewer filters or another search. <AnchorLink href="/">Clear all filters</AnchorLink>.
              </>
            ) : params.after ? (
              <>
                You reached the end of the list.{' '}
                <AnchorLink href={catalogHref(params, { after: '' })}>Back to the first page</AnchorLink>.
              </>
            ) : (
              'Sellers have not listed any codes yet. Come back soon.'
            )}
          </Alert>
        ) : (
          <ul className={classes.grid} data-testid="catalog-results">
            {edges.map(({ node }, index) => (
              <li key={node.id}>
                <ListingCard listing={node} priority={!params.after && index < firstRow} />
              </li>
            ))}
          </ul>
        )}
        {pageInfo.hasNextPage && pageInfo.endCursor && (
          <nav aria-label="Pagination">
            <Group justify="center" mt="lg">
              <ButtonLink
                href={catalogHref(params, { after: pageInfo.endCursor })}
                variant="default"
                rel="next"
              >
                Next page
              </ButtonLink>
            </Group>
          </nav>
        )}
      </section>
    </Stack>
  );
}
