import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../ui/error-message';
import { AddCodesMutation } from './code.documents';
import {
  startReport,
  uploadCodes,
  type ChunkOutcome,
  type ParsedCodeList,
  type SendChunk,
  type UploadProgress,
  type UploadReport,
} from './code-upload';

export interface CodeUpload {
  uploading: boolean;
  progress: UploadProgress | null;
  report: UploadReport | null;
  start: (list: ParsedCodeList) => Promise<void>;
  /** Sends the lines a failed or stopped upload did not send, adding to the same report. */
  retry: () => Promise<void>;
  stop: () => void;
  clear: () => void;
}

/**
 * Runs a bulk upload against `addCodes` (code-upload.ts does the chunking and merging). Each
 * answer carries the listing's new stock, which the cache applies to the listing on screen.
 */
export function useCodeUpload(listingId: string): CodeUpload {
  const [addCodes] = useMutation(AddCodesMutation);
  const [uploading, setUploading] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [report, setReport] = useState<UploadReport | null>(null);
  const controller = useRef<AbortController | null>(null);

  // Leaving the page stops the upload after the chunk in flight.
  useEffect(() => () => controller.current?.abort(), []);

  const send = useCallback<SendChunk>(
    async (codes): Promise<ChunkOutcome> => {
      try {
        const { data } = await addCodes({ variables: { input: { listingId, codes } } });
        const payload = data?.addCodes;
        if (!payload) throw new Error('The server answered without a result.');
        if (payload.errors.length > 0) {
          return { ok: false, message: payload.errors.map((error) => error.message).join(' ') };
        }
        return {
          ok: true,
          answer: {
            addedCount: payload.addedCount,
            duplicateCount: payload.duplicateCount,
            invalidCount: payload.invalidCount,
            rejectedLines: payload.rejectedLines,
            stock: payload.listing?.stock ?? null,
          },
        };
      } catch (error) {
        // A GraphQL error is an answer (a refusal of the whole call); anything else is no answer.
        if (CombinedGraphQLErrors.is(error)) return { ok: false, message: errorMessage(error) };
        throw new Error(errorMessage(error), { cause: error });
      }
    },
    [addCodes, listingId],
  );

  const run = useCallback(
    async (from: UploadReport) => {
      const abort = new AbortController();
      controller.current = abort;
      setUploading(true);
      setReport(null);
      try {
        setReport(await uploadCodes(from, { send, onProgress: setProgress, signal: abort.signal }));
      } finally {
        setUploading(false);
        controller.current = null;
      }
    },
    [send],
  );

  return {
    uploading,
    progress,
    report,
    start: (list) => run(startReport(list)),
    retry: async () => {
      if (report && report.notSent.length > 0) await run(report);
    },
    stop: () => controller.current?.abort(),
    clear: () => {
      setReport(null);
      setProgress(null);
    },
  };
}
