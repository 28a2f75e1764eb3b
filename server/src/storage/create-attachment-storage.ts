import type { Config } from '../config';
import type { AttachmentStorage } from './attachment-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';

/** The configured driver. Apart from the interface, so that the drivers and the interface do not import each other. */
export function createAttachmentStorage(
  config: Pick<Config['attachments'], 'driver' | 'localDirectory' | 's3'>,
): AttachmentStorage {
  if (config.driver === 's3') return new S3Storage(config.s3);
  return new LocalDiskStorage(config.localDirectory);
}

/**
 * Where listing images' normalised originals live without ImageKit: the evidence's driver (local
 * disk or the same bucket), under their own directory or key prefix.
 */
export function createListingImageStorage(config: Config): AttachmentStorage {
  const { storage } = config.listingImages;
  return createAttachmentStorage({
    driver: storage.driver,
    localDirectory: storage.localDirectory,
    s3: { ...config.attachments.s3, keyPrefix: storage.keyPrefix },
  });
}
