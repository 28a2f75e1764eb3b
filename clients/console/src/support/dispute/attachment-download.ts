import type { ApolloClient } from '@apollo/client';
import { DisputeAttachmentUrlQuery } from './dispute.documents';

/**
 * Downloads an evidence file through a signed URL asked for at this moment (they last 5 minutes,
 * so the one a page loaded earlier may have expired). The URL is same-origin, so `download` saves
 * the file instead of opening it in the console's tab.
 */

/**
 * The API serves the console, so the file is on this origin. The server builds the link from its
 * PUBLIC_URL, which may name the host differently than the address bar (a proxy, 127.0.0.1 against
 * localhost); the signature covers the file, the viewer and the expiry, not the host, and
 * `download` only works for a same-origin link.
 */
function onThisOrigin(signed: string): string {
  const url = new URL(signed, window.location.href);
  return `${window.location.origin}${url.pathname}${url.search}`;
}
export async function downloadAttachment(
  apollo: ApolloClient,
  attachment: { id: string; fileName?: string | null },
): Promise<void> {
  const { data } = await apollo.query({
    query: DisputeAttachmentUrlQuery,
    variables: { id: attachment.id },
    fetchPolicy: 'network-only',
  });
  const signed = data?.disputeAttachment?.url.url;
  if (!signed) throw new Error('This file is not available to you.');
  const anchor = document.createElement('a');
  anchor.href = onThisOrigin(signed);
  anchor.download = attachment.fileName ?? '';
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
