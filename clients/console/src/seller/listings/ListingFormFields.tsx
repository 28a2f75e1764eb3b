import { useQuery } from '@apollo/client/react';
import { Group, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import {
  descriptionMaxLength,
  priceDescription,
  titleMaxLength,
  type ListingFormValues,
} from './listing-form';
import {
  listingCurrencies,
  listingKindLabels,
  optionsOf,
  platformLabels,
  regionLabels,
} from './listing-labels';
import { ListingFeeQuery } from './listing.documents';

const kindOptions = optionsOf(listingKindLabels);
const platformOptions = optionsOf(platformLabels);
const regionOptions = optionsOf(regionLabels);
const currencyOptions = listingCurrencies.map((currency) => ({ value: currency, label: currency }));

/**
 * The fields of a listing, shared by create and edit. Kind and currency are fixed once the listing
 * exists, so editing shows them read-only.
 */
export function ListingFormFields({
  form,
  editing,
}: {
  form: UseFormReturnType<ListingFormValues>;
  editing: boolean;
}) {
  const fee = useQuery(ListingFeeQuery, { fetchPolicy: 'cache-first' }).data?.paymentSettings
    .platformFeeBasisPoints;
  return (
    <>
      {/* The input stops a little past the limit, so an over-long paste shows the count instead of being cut silently. */}
      {/* data-autofocus: in the New listing dialog the keyboard starts here, not on its Close button. */}
      <TextInput
        label="Title"
        required
        maxLength={titleMaxLength + 20}
        data-autofocus
        {...form.getInputProps('title')}
      />
      <Textarea
        label="Description"
        description={`Up to ${descriptionMaxLength} characters.`}
        autosize
        minRows={3}
        maxRows={10}
        {...form.getInputProps('description')}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="Kind"
          data={kindOptions}
          allowDeselect={false}
          disabled={editing}
          description={editing ? 'Fixed once the listing exists.' : undefined}
          {...form.getInputProps('kind')}
        />
        <Select
          label="Platform"
          data={platformOptions}
          allowDeselect={false}
          searchable
          {...form.getInputProps('platform')}
        />
        <Select label="Region" data={regionOptions} allowDeselect={false} {...form.getInputProps('region')} />
      </SimpleGrid>
      <Group grow align="flex-start">
        <TextInput
          label="Price"
          required
          inputMode="decimal"
          placeholder="e.g. 19.99"
          description={priceDescription(form.values.price, form.values.currency, fee)}
          {...form.getInputProps('price')}
        />
        <Select
          label="Currency"
          data={currencyOptions}
          allowDeselect={false}
          disabled={editing}
          description="Fixed once the listing exists."
          {...form.getInputProps('currency')}
        />
      </Group>
    </>
  );
}
