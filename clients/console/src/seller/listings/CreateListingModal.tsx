import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import { CreateListingMutation, readListing, SellerListingsQuery } from './listing.documents';
import {
  emptyListingForm,
  listingFormValidation,
  toCreateListingInput,
  type ListingFormValues,
} from './listing-form';
import { ListingFormFields } from './ListingFormFields';

/** A new listing: created ACTIVE, on sale once it has codes. Answers the new listing's id. */
export function CreateListingModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (listingId: string) => void;
}) {
  const [createListing, { loading }] = useMutation(CreateListingMutation, {
    refetchQueries: [SellerListingsQuery],
  });
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const form = useForm<ListingFormValues>({
    initialValues: emptyListingForm,
    validate: listingFormValidation,
  });

  const close = () => {
    form.reset();
    setErrors([]);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setErrors([]);
    try {
      const { data } = await createListing({ variables: { input: toCreateListingInput(values) } });
      const payload = data?.createListing;
      if (payload?.errors.length) {
        setErrors(payload.errors);
        for (const error of payload.errors) {
          if (error.field && error.field in values) form.setFieldError(error.field, error.message);
        }
        return;
      }
      if (payload?.listing) {
        form.reset();
        onCreated(readListing(payload.listing).id);
      }
    } catch (error) {
      setErrors([{ code: 'NO_ANSWER', message: errorMessage(error) }]);
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      title="New listing"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <UserErrorsAlert title="The listing was not created" errors={errors} />
          <ListingFormFields form={form} editing={false} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Create listing
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
