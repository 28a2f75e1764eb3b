import { useMutation } from '@apollo/client/react';
import {
  ActionIcon,
  Alert,
  Button,
  FileButton,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { SellerListingFragment } from '../../gql/graphql';
import { UserErrorsAlert, type UserErrorValue } from '../components/UserErrorsAlert';
import { errorMessage } from '../../ui/error-message';
import { SetListingImagesMutation } from './listing.documents';
import {
  acceptedImageTypes,
  imagesChanged,
  maxImagesPerListing,
  moveImage,
  precheckFiles,
  removeImage,
  uploadListingImage,
  type ImageItem,
} from './listing-images';

/**
 * The listing's images: pick files (each uploaded at once to /listing-images), see thumbnails,
 * reorder and remove, then save the list with setListingImages against the listing's version.
 * The first image is the cover buyers see.
 */
export function ListingImagesField({ listing }: { listing: SellerListingFragment }) {
  const [images, setImages] = useState<ImageItem[]>(listing.images);
  const [uploading, setUploading] = useState(0);
  const [problems, setProblems] = useState<string[]>([]);
  const [errors, setErrors] = useState<UserErrorValue[]>([]);
  const [saved, setSaved] = useState(false);
  const [setListingImages, { loading }] = useMutation(SetListingImagesMutation);
  const changed = imagesChanged(listing.images, images);

  const addFiles = async (files: File[]) => {
    setSaved(false);
    const { accepted, refused } = precheckFiles(files, images.length);
    setProblems(refused);
    setUploading(accepted.length);
    for (const index of accepted) {
      const outcome = await uploadListingImage(files[index]!);
      setUploading((count) => count - 1);
      if (outcome.ok) setImages((current) => [...current, outcome.image]);
      else setProblems((current) => [...current, outcome.message]);
    }
  };

  const save = async () => {
    setErrors([]);
    try {
      const { data } = await setListingImages({
        variables: {
          input: {
            listingId: listing.id,
            imageIds: images.map((image) => image.id),
            expectedVersion: listing.version,
          },
        },
      });
      const payload = data?.setListingImages;
      if (payload?.errors.length) {
        setErrors(payload.errors);
        return;
      }
      setSaved(true);
    } catch (error) {
      setErrors([{ code: 'NO_ANSWER', message: errorMessage(error) }]);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="listing-images-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="listing-images-title">
            Images
          </Title>
          <Text size="sm" c="dimmed">
            {images.length} of {maxImagesPerListing}; the first is the cover
          </Text>
        </Group>
        {images.length === 0 ? (
          <Text size="sm" c="dimmed">
            No images yet. JPEG, PNG, WebP, AVIF or GIF; location and camera data are removed.
          </Text>
        ) : (
          <Group
            component="ol"
            aria-label="Listing images in order"
            gap="sm"
            style={{ listStyle: 'none', padding: 0 }}
          >
            {images.map((image, index) => (
              <Paper component="li" withBorder p={4} key={image.id} aria-label={`Image ${index + 1}`}>
                <Stack gap={4} align="center">
                  <Image src={image.url} alt={image.alt} w={120} h={80} fit="contain" />
                  <Group gap={4}>
                    <ActionIcon
                      variant="default"
                      aria-label={`Move image ${index + 1} earlier`}
                      disabled={index === 0}
                      onClick={() => setImages((current) => moveImage(current, index, -1))}
                    >
                      ←
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      aria-label={`Move image ${index + 1} later`}
                      disabled={index === images.length - 1}
                      onClick={() => setImages((current) => moveImage(current, index, 1))}
                    >
                      →
                    </ActionIcon>
                    <ActionIcon
                      variant="default"
                      color="red"
                      aria-label={`Remove image ${index + 1}`}
                      onClick={() => setImages((current) => removeImage(current, image.id))}
                    >
                      ×
                    </ActionIcon>
                  </Group>
                </Stack>
              </Paper>
            ))}
          </Group>
        )}
        {problems.length > 0 && (
          <Alert color="orange" title="Some files were not added" role="alert">
            <Stack gap={2}>
              {problems.map((problem) => (
                <Text size="sm" key={problem}>
                  {problem}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <UserErrorsAlert title="The images were not saved" errors={errors} />
        {saved && !changed && (
          <Text size="sm" role="status">
            Images saved.
          </Text>
        )}
        <Group>
          <FileButton onChange={(files) => void addFiles(files)} accept={acceptedImageTypes} multiple>
            {(props) => (
              <Button
                variant="default"
                {...props}
                loading={uploading > 0}
                disabled={images.length >= maxImagesPerListing}
              >
                Add images
              </Button>
            )}
          </FileButton>
          <Button onClick={() => void save()} loading={loading} disabled={!changed || uploading > 0}>
            Save images
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
