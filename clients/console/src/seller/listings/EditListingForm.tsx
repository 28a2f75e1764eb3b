import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { SellerListingFragment } from '../../gql/graphql';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import { readListing, SellerListingQuery, UpdateListingMutation } from './listing.documents';
import {
  conflictingFields,
  formValuesOf,
  listingFormValidation,
  toUpdateListingInput,
  type ListingFormValues,
} from './listing-form';
import { ListingFormFields } from './ListingFormFields';

const fieldLabels: Record<keyof ListingFormValues, string> = {
  title: 'Title',
  description: 'Description',
  kind: 'Kind',
  platform: 'Platform',
  region: 'Region',
  currency: 'Currency',
  price: 'Price',
};

interface Conflict {
  fresh: SellerListingFragment;
  fields: ReturnType<typeof conflictingFields>;
  /** The version the refused save was based on. */
  sentVersion: number;
}

/**
 * Edits a listing against the version it started from (expectedVersion). When someone changed the
 * listing meanwhile the server refuses (LISTING_CHANGED): the page then shows the listing as it is
 * now next to the seller's edit, and saving again applies the edit on top of the fresh version.
 */
export function EditListingForm({ listing, onDone }: { listing: SellerListingFragment; onDone: () => void }) {
  const apollo = useApolloClient();
  const [updateListing, { loading }] = useMutation(UpdateListingMutation);
  const [base, setBase] = useState(listing);
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const form = useForm<ListingFormValues>({
    initialValues: formValuesOf(listing),
    validate: listingFormValidation,
  });

  const showConflict = async (values: ListingFormValues, sentVersion: number) => {
    const { data } = await apollo.query({
      query: SellerListingQuery,
      variables: { id: listing.id },
      fetchPolicy: 'network-only',
    });
    if (!data?.listing) {
      setErrors([{ code: 'LISTING_NOT_FOUND', message: 'The listing no longer exists.' }]);
      return;
    }
    const fresh = readListing(data.listing);
    setBase(fresh);
    setConflict({ fresh, fields: conflictingFields(values, fresh), sentVersion });
  };

  const submit = form.onSubmit(async (values) => {
    setErrors([]);
    const input = toUpdateListingInput(base, values);
    if (!input) {
      setErrors([{ code: 'NOTHING_TO_UPDATE', message: 'Nothing changed: there is nothing to save.' }]);
      return;
    }
    try {
      const { data } = await updateListing({ variables: { input } });
      const payload = data?.updateListing;
      const changed = payload?.errors.find((error) => error.code === 'LISTING_CHANGED');
      if (changed) {
        await showConflict(values, base.version);
        return;
      }
      if (payload?.errors.length) {
        setErrors(payload.errors);
        for (const error of payload.errors) {
          if (error.field && error.field in values) form.setFieldError(error.field, error.message);
        }
        return;
      }
      setConflict(null);
      onDone();
    } catch (error) {
      setErrors([{ code: 'NO_ANSWER', message: errorMessage(error) }]);
    }
  });

  const discardEdit = () => {
    if (!conflict) return;
    form.setValues(formValuesOf(conflict.fresh));
    setConflict(null);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Edit listing">
      <Stack>
        {conflict && (
          <Alert color="orange" title="This listing changed while you were editing" role="alert">
            <Stack gap="xs">
              <Text size="sm">
                Your changes were not saved: the listing is now at version {conflict.fresh.version} (you
                started from version {conflict.sentVersion}). Compare, then save your edit over the current
                listing or discard it.
              </Text>
              {conflict.fields.length > 0 ? (
                <Table withTableBorder aria-label="Your edit against the current listing">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Field</Table.Th>
                      <Table.Th scope="col">Your edit</Table.Th>
                      <Table.Th scope="col">Now</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {conflict.fields.map((field) => (
                      <Table.Tr key={field.field}>
                        <Table.Th scope="row">{fieldLabels[field.field]}</Table.Th>
                        <Table.Td>{field.yours}</Table.Td>
                        <Table.Td>{field.current}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text size="sm">
                  Its fields now match your edit; the change was elsewhere (stock or status).
                </Text>
              )}
              <Group>
                <Button size="xs" variant="default" onClick={discardEdit}>
                  Discard my edit
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <UserErrorsAlert title="The listing was not saved" errors={errors} />
        <ListingFormFields form={form} editing />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            {conflict ? 'Save my edit over it' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
