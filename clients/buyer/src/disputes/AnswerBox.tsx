'use client';

import { useMutation } from '@apollo/client/react';
import { Alert, Button, FileInput, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent, type Ref } from 'react';
import { useFragment as unmask } from '../gql';
import type { BuyerDisputeFragment } from '../gql/graphql';
import { acceptedAttachmentTypes, AttachmentUploadError, attachmentsProblem } from './attachment-upload';
import {
  BuyerDisputeFragment as BuyerDisputeDocument,
  BuyerPostDisputeMessageMutation,
} from './disputes.documents';
import { useAttachmentUpload } from './use-attachment-upload';

const maxMessageLength = 5000;

/** Writes in the dispute (the answer support asked for, or anything to add), with files. */
export function AnswerBox({
  disputeId,
  label,
  onPosted,
  textareaRef,
}: {
  disputeId: string;
  label: string;
  onPosted: (dispute: BuyerDisputeFragment) => void;
  textareaRef?: Ref<HTMLTextAreaElement>;
}) {
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const upload = useAttachmentUpload();
  const [post, posting] = useMutation(BuyerPostDisputeMessageMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (uploading || posting.loading) return;
    setSent(null);
    const body = message.trim();
    if (body.length === 0 || body.length > maxMessageLength) {
      setProblem(`Write a message of 1 to ${maxMessageLength} characters.`);
      return;
    }
    const filesProblem = attachmentsProblem(files);
    if (filesProblem) {
      setProblem(filesProblem);
      return;
    }
    setProblem(null);
    let attachments: string[];
    setUploading(true);
    try {
      attachments = await upload(files);
    } catch (error) {
      setProblem(
        error instanceof AttachmentUploadError ? error.message : 'A file could not be uploaded: try again.',
      );
      return;
    } finally {
      setUploading(false);
    }
    try {
      const result = await post({ variables: { input: { disputeId, message: body, attachments } } });
      const payload = result.data?.postDisputeMessage;
      const [error] = payload?.errors ?? [];
      if (error) {
        setProblem(error.message);
        return;
      }
      if (payload?.dispute) onPosted(unmask(BuyerDisputeDocument, payload.dispute));
      setMessage('');
      setFiles([]);
      setSent('Your message was sent.');
    } catch {
      setProblem('We could not reach CodeSale: your message was not sent. Try again.');
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={label}>
      <Stack gap="sm">
        <Textarea
          ref={textareaRef}
          label={label}
          description={`Up to ${maxMessageLength} characters.`}
          autosize
          minRows={3}
          maxRows={12}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
          required
        />
        <FileInput
          label="Files (optional)"
          description="Screenshots or documents: PNG, JPEG, PDF or text, up to 5 files of 5 MB."
          placeholder="Choose files"
          multiple
          clearable
          accept={acceptedAttachmentTypes}
          value={files}
          onChange={setFiles}
        />
        {problem && (
          <Alert color="red" title="Not sent" role="alert">
            {problem}
          </Alert>
        )}
        <div role="status">{sent}</div>
        <Button type="submit" loading={uploading || posting.loading} style={{ alignSelf: 'start' }}>
          Send
        </Button>
      </Stack>
    </form>
  );
}
