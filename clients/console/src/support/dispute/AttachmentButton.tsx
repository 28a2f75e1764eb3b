import { useApolloClient } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { useState } from 'react';
import { formatBytes } from '../format';
import { downloadAttachment } from './attachment-download';

export interface DownloadableAttachment {
  id: string;
  fileName?: string | null;
  contentType: string;
  sizeBytes: number;
  /** Shown to staff on hover beside the type; parties do not get it. */
  sha256?: string;
}

/**
 * A dispute file as a button that downloads it: its signed URL is asked for on the press (the
 * ones loaded with the page last 5 minutes). A failure is handed to `onFailure` to show.
 */
export function AttachmentButton({
  attachment,
  onFailure,
}: {
  attachment: DownloadableAttachment;
  onFailure: (message: string) => void;
}) {
  const apollo = useApolloClient();
  const [loading, setLoading] = useState(false);
  const name = attachment.fileName ?? 'Unnamed file';
  return (
    <Button
      size="compact-sm"
      variant="default"
      loading={loading}
      aria-label={`Download ${name} · ${formatBytes(attachment.sizeBytes)}`}
      title={
        attachment.sha256 ? `${attachment.contentType}, SHA-256 ${attachment.sha256}` : attachment.contentType
      }
      onClick={() => {
        setLoading(true);
        downloadAttachment(apollo, attachment)
          .catch((error: unknown) =>
            onFailure(error instanceof Error ? error.message : `Could not download ${name}.`),
          )
          .finally(() => setLoading(false));
      }}
    >
      {name} · {formatBytes(attachment.sizeBytes)}
    </Button>
  );
}
