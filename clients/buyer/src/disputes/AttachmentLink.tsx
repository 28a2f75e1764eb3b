'use client';

import { useApolloClient } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { useState } from 'react';
import { formatBytes } from './dispute-labels';
import { BuyerDisputeAttachmentUrlQuery } from './disputes.documents';

interface Attachment {
  id: string;
  fileName?: string | null;
  contentType: string;
  sizeBytes: number;
}

/**
 * The server signs the link with its PUBLIC_URL, which may name the host differently than the
 * address bar; the signature covers the file, the viewer and the expiry, not the host, and this
 * app's server forwards /attachments to the API, so the link is opened on this origin.
 */
function onThisOrigin(signed: string): string {
  const url = new URL(signed, window.location.href);
  return `${window.location.origin}${url.pathname}${url.search}`;
}

/** Opens an evidence file through a signed URL asked for now (they last minutes). */
export function AttachmentLink({
  attachment,
  onFailure,
}: {
  attachment: Attachment;
  onFailure: (message: string) => void;
}) {
  const apollo = useApolloClient();
  const [loading, setLoading] = useState(false);
  const name = attachment.fileName ?? 'Unnamed file';
  const open = async () => {
    setLoading(true);
    try {
      const { data } = await apollo.query({
        query: BuyerDisputeAttachmentUrlQuery,
        variables: { id: attachment.id },
        fetchPolicy: 'network-only',
      });
      const signed = data?.disputeAttachment?.url.url;
      if (!signed) throw new Error(`${name} is not available to you.`);
      const anchor = document.createElement('a');
      anchor.href = onThisOrigin(signed);
      anchor.target = '_blank';
      anchor.rel = 'noopener';
      if (!attachment.contentType.startsWith('image/')) anchor.download = name;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (error) {
      onFailure(error instanceof Error ? error.message : `Could not open ${name}.`);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Button
      size="compact-sm"
      variant="default"
      loading={loading}
      onClick={() => void open()}
      aria-label={`Open ${name}, ${formatBytes(attachment.sizeBytes)}`}
    >
      {name} · {formatBytes(attachment.sizeBytes)}
    </Button>
  );
}
