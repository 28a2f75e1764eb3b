import type { ApolloClient } from '@apollo/client';
import { DisputeAttachmentUrlQuery } from './dispute.documents';

/**
 * Downloads an evidence file through a signed URL asked for at this moment (they last 5 minutes,
 * so the one a page loaded earlier may have expired). The URL is same-origin, so `download` saves
 * the file instead of opening it in the console's tab.
 */
export async function downloadAttachment(
  apollo: ApolloClient,
  attachment: { id: string; fileName?: string | null },
): Promise<void> {
  const { data } = await apollo.query({
    query: DisputeAttachmentUrlQuery,
    variables: { id: attachment.id },
    fetchPolicy: 'network-only',
  });
  const url = data?.disputeAttachment?.url.url;
  if (!url) throw new Error('This file is not available to you.');
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = attachment.fileName ?? '';
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
