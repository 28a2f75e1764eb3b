import type { Config } from '../config';
import type { AttachmentStorage } from './attachment-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';

/** The configured driver. Apart from the interface, so that the drivers and the interface do not import each other. */
export function createAttachmentStorage(config: Config['attachments']): AttachmentStorage {
  if (config.driver === 's3') return new S3Storage(config.s3);
  return new LocalDiskStorage(config.localDirectory);
}
