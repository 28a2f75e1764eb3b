'use client';

import { Button, Group, NativeSelect, Paper, SimpleGrid, TextInput, VisuallyHidden } from '@mantine/core';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { catalogHref, type CatalogParams, type ParsedCatalog } from './catalog-params';
import { currencies, kindLabels, platformLabels, regionLabels, sortLabels } from './labels';
import { AnchorLink } from '../components/links';

const options = (labels: Record<string, string>, anyLabel?: string) => [
  ...(anyLabel ? [{ value: '', label: anyLabel }] : []),
  ...Object.entries(labels)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label)),
];

/**
 * The catalog's search and filters: a GET form to `/`, so the state lands in the URL and works
 * without JavaScript (a plain form submission). With JavaScript, the submission becomes a client
 * navigation to the same URL minus its empty fields (shorter links to share). A new search starts
 * from the first page (the form has no `after`).
 */
export function CatalogFilters({
  params,
  problems,
}: {
  params: CatalogParams;
  problems: ParsedCatalog['problems'];
}) {
  const router = useRouter();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const next = {
      q: value('q'),
      platform: value('platform'),
      region: value('region'),
      kind: value('kind'),
      currency: value('currency'),
      min: value('min'),
      max: value('max'),
      sort: value('sort'),
      after: '',
    } as CatalogParams;
    router.push(catalogHref(next));
  };
  return (
    <Paper component="section" aria-labelledby="catalog-filters-title" withBorder p="md" radius="md">
      <VisuallyHidden component="h2" id="catalog-filters-title">
        Search and filters
      </VisuallyHidden>
      <form action="/" method="get" role="search" aria-label="Catalog" onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            name="q"
            type="search"
            label="Search titles"
            placeholder="e.g. Elden Ring"
            defaultValue={params.q}
            maxLength={100}
          />
          <NativeSelect
            name="platform"
            label="Platform"
            data={options(platformLabels, 'Any platform')}
            defaultValue={params.platform}
          />
          <NativeSelect
            name="region"
            label="Region"
            data={options(regionLabels, 'Any region')}
            defaultValue={params.region}
          />
          <NativeSelect
            name="kind"
            label="Kind"
            data={options(kindLabels, 'Any kind')}
            defaultValue={params.kind}
          />
          <NativeSelect
            name="currency"
            label="Currency"
            data={[
              { value: '', label: 'Any currency' },
              ...currencies.map((code) => ({ value: code, label: code })),
            ]}
            defaultValue={params.currency}
          />
          <TextInput
            name="min"
            label="Minimum price"
            inputMode="decimal"
            placeholder="Any"
            defaultValue={params.min}
            error={problems.min}
          />
          <TextInput
            name="max"
            label="Maximum price"
            inputMode="decimal"
            placeholder="Any"
            defaultValue={params.max}
            error={problems.max}
          />
          <NativeSelect
            name="sort"
            label="Sort by"
            data={Object.entries(sortLabels).map(([value, label]) => ({ value, label }))}
            defaultValue={params.sort}
          />
        </SimpleGrid>
        <Group mt="md" gap="md">
          <Button type="submit">Show listings</Button>
          <AnchorLink href="/">Clear all filters</AnchorLink>
        </Group>
      </form>
    </Paper>
  );
}
