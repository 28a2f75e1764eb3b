import { Button, Group, NativeSelect, Paper, SimpleGrid, TextInput, VisuallyHidden } from '@mantine/core';
import Form from 'next/form';
import type { CatalogParams, ParsedCatalog } from './catalog-params';
import { currencies, kindLabels, platformLabels, regionLabels, sortLabels } from './labels';
import { AnchorLink } from '../components/links';

const options = (labels: Record<string, string>, anyLabel?: string) => [
  ...(anyLabel ? [{ value: '', label: anyLabel }] : []),
  ...Object.entries(labels)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label)),
];

/**
 * The catalog's search and filters: a GET form to `/`, so the state lands in the URL. next/form
 * navigates on the client when JavaScript runs and is a plain form submission when it does not.
 * A new search starts from the first page (the form has no `after`).
 */
export function CatalogFilters({
  params,
  problems,
}: {
  params: CatalogParams;
  problems: ParsedCatalog['problems'];
}) {
  return (
    <Paper component="section" aria-labelledby="catalog-filters-title" withBorder p="md" radius="md">
      <VisuallyHidden component="h2" id="catalog-filters-title">
        Search and filters
      </VisuallyHidden>
      <Form action="/" role="search" aria-label="Catalog">
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
            placeholder="0.00"
            defaultValue={params.min}
            error={problems.min}
          />
          <TextInput
            name="max"
            label="Maximum price"
            inputMode="decimal"
            placeholder="100.00"
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
      </Form>
    </Paper>
  );
}
