'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';
import { BuyerSessionCheckQuery } from './disputes.documents';
import { uploadAttachment } from './attachment-upload';

/** Uploads files one after the other; returns their ids, or throws AttachmentUploadError. */
export function useAttachmentUpload(): (files: readonly File[]) => Promise<string[]> {
  const apollo = useApolloClient();
  return useCallback(
    async (files) => {
      // A query that needs a session: the shared client refreshes an expired access cookie for it.
      const renewSession = async () => {
        try {
          const result = await apollo.query({ query: BuyerSessionCheckQuery, fetchPolicy: 'network-only' });
          return Boolean(result.data?.myOrders);
        } catch {
          return false;
        }
      };
      const ids: string[] = [];
      for (const file of files) ids.push((await uploadAttachment(file, renewSession)).id);
      return ids;
    },
    [apollo],
  );
}
