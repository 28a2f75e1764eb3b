'use client';

import { useMutation } from '@apollo/client/react';
import { Alert, Button, FileInput, Select, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useFragment as unmask } from '../gql';
import type { BuyerDisputeFragment, DisputeReason } from '../gql/graphql';
import { acceptedAttachmentTypes, AttachmentUploadError, attachmentsProblem } from './attachment-upload';
import { reasonLabels } from './dispute-labels';
import { BuyerDisputeFragment as BuyerDisputeDocument, BuyerOpenDisputeMutation } from './disputes.documents';
import { useAttachmentUpload } from './use-attachment-upload';

const maxMessageLength = 5000;

/** What to do after each refusal of openDispute, beyond the server's message. */
const nextSteps: Partial<Record<string, string>> = {
  PROTECTION_WINDOW_ENDED: 'The protection window of this order has ended: disputes are no longer possible.',
  ORDER_ALREADY_SETTLED: 'This order was already confirmed or refunded.',
  DISPUTE_ALREADY_OPEN: 'A dispute is already open for this order: reload the page to see it.',
  TOO_MANY_OPEN_DISPUTES: 'Wait until one of your open disputes is decided, then try again.',
  ATTACHMENT_NOT_FOUND: 'A file was not found: attach it again.',
};

/** Opens a dispute: reason, message, evidence files (uploaded first, then their ids sent). */
export function OpenDisputeForm({
  orderId,
  onOpened,
}: {
  orderId: string;
  onOpened: (dispute: BuyerDisputeFragment) => void;
}) {
  const [reason, setReason] = useState<DisputeReason | null>(null);
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fieldErrors, setFieldErrors] = useState<{ reason?: string; message?: string; attachments?: string }>(
    {},
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const upload = useAttachmentUpload();
  const [openDispute, opening] = useMutation(BuyerOpenDisputeMutation);
  const reasonInput = useRef<HTMLInputElement>(null);
  const messageInput = useRef<HTMLTextAreaElement>(null);
  const filesInput = useRef<HTMLButtonElement>(null);
  // The form replaces the button that opened it: focus moves into it, not back to the page's start.
  useEffect(() => reasonInput.current?.focus(), []);

  /** Shows the field errors and takes the keyboard to the first field that has one. */
  const showFieldErrors = (errors: typeof fieldErrors) => {
    setFieldErrors(errors);
    if (errors.reason) reasonInput.current?.focus();
    else if (errors.message) messageInput.current?.focus();
    else if (errors.attachments) filesInput.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (uploading || opening.loading) return;
    const body = message.trim();
    const errors: typeof fieldErrors = {};
    if (!reason) errors.reason = 'Choose what went wrong.';
    if (body.length === 0 || body.length > maxMessageLength)
      errors.message = `Describe the problem in 1 to ${maxMessageLength} characters.`;
    const filesProblem = attachmentsProblem(files);
    if (filesProblem) errors.attachments = filesProblem;
    showFieldErrors(errors);
    setProblem(null);
    if (Object.keys(errors).length > 0 || !reason) return;

    let attachments: string[];
    setUploading(true);
    try {
      attachments = await upload(files);
    } catch (error) {
      showFieldErrors({
        attachments:
          error instanceof AttachmentUploadError ? error.message : 'A file could not be uploaded: try again.',
      });
      return;
    } finally {
      setUploading(false);
    }
    try {
      const result = await openDispute({
        variables: { input: { orderId, reason, message: body, attachments } },
      });
      const payload = result.data?.openDispute;
      const [error] = payload?.errors ?? [];
      if (error) {
        if (error.field === 'message') showFieldErrors({ message: error.message });
        else if (error.field === 'attachments') showFieldErrors({ attachments: error.message });
        else setProblem([error.message, nextSteps[error.code]].filter(Boolean).join(' '));
        return;
      }
      if (payload?.dispute) onOpened(unmask(BuyerDisputeDocument, payload.dispute));
    } catch {
      setProblem('We could not reach CodeSale: the dispute was not opened. Try again.');
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Open a dispute">
      <Stack gap="sm">
        <Text size="sm">
          The code does not work? Tell us what happened. Your money stays in escrow until support decides; the
          seller sees your message.
        </Text>
        <Select
          label="What went wrong"
          placeholder="Choose a reason"
          data={Object.entries(reasonLabels).map(([value, label]) => ({ value, label }))}
          value={reason}
          onChange={(value) => setReason(value as DisputeReason | null)}
          error={fieldErrors.reason}
          required
          allowDeselect={false}
          ref={reasonInput}
        />
        <Textarea
          label="What happened"
          description="For example what the platform said when you redeemed the code."
          autosize
          minRows={4}
          maxRows={12}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
          error={fieldErrors.message}
          required
          ref={messageInput}
        />
        <FileInput
          label="Evidence (optional)"
          description="Screenshots or documents: PNG, JPEG, PDF or text, up to 5 files of 5 MB."
          placeholder="Choose files"
          multiple
          clearable
          accept={acceptedAttachmentTypes}
          value={files}
          onChange={setFiles}
          error={fieldErrors.attachments}
          ref={filesInput}
        />
        {problem && (
          <Alert color="red" title="The dispute was not opened" role="alert">
            {problem}
          </Alert>
        )}
        <Button
          type="submit"
          color="red.9"
          loading={uploading || opening.loading}
          style={{ alignSelf: 'start' }}
        >
          Open the dispute
        </Button>
      </Stack>
    </form>
  );
}
