import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Button, FileInput, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { useSession } from '../../session/session-context';
import {
  acceptedAttachmentTypes,
  attachmentProblem,
  AttachmentUploadError,
  maxAttachmentsPerMessage,
  uploadAttachment,
} from '../../support/dispute/attachment-upload';
import { errorMessage } from '../../ui/error-message';
import { SellerDisputeQuery, SellerPostDisputeMessageMutation } from './dispute.documents';
import { maxReplyLength, replyProblem, uploadProblem, type ReplyProblem } from './reply-errors';

interface ReplyValues {
  message: string;
  files: File[];
}

/**
 * The seller writes in the dispute, with up to five files: each file is uploaded first
 * (`POST /attachments`), then the message is posted with their ids. The answer carries the dispute
 * as it is now, which the cache applies to the page: the reply joins the thread, and a standing
 * request to respond is answered (the dispute returns to review). A file already uploaded is not
 * sent again when the seller retries after a failure.
 */
export function ReplyForm({
  disputeId,
  label,
  description,
  submitLabel,
  onSent,
}: {
  disputeId: string;
  label: string;
  description: string;
  submitLabel: string;
  onSent: () => void;
}) {
  const session = useSession();
  const apollo = useApolloClient();
  const [postMessage] = useMutation(SellerPostDisputeMessageMutation);
  const [progress, setProgress] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const uploaded = useRef(new WeakMap<File, string>());
  const form = useForm<ReplyValues>({
    initialValues: { message: '', files: [] },
    validate: {
      message: (value) =>
        value.trim().length === 0 || value.length > maxReplyLength
          ? `Write a reply of 1 to ${maxReplyLength} characters.`
          : null,
      files: (files) =>
        files.length > maxAttachmentsPerMessage
          ? `Attach at most ${maxAttachmentsPerMessage} files to one reply.`
          : (files.map(attachmentProblem).find((problem) => problem !== null) ?? null),
    },
  });

  const show = (problem: ReplyProblem) => {
    if (problem.field) form.setFieldError(problem.field, problem.message);
    else setFailure(problem.message);
  };

  const upload = async (files: File[]): Promise<string[] | null> => {
    const ids: string[] = [];
    for (const [index, file] of files.entries()) {
      setProgress(`Uploading ${file.name} (${index + 1} of ${files.length})…`);
      let id = uploaded.current.get(file);
      if (!id) {
        try {
          id = (await uploadAttachment(file, session)).id;
        } catch (thrown) {
          if (!(thrown instanceof AttachmentUploadError)) throw thrown;
          show(uploadProblem(thrown, file.name));
          return null;
        }
        uploaded.current.set(file, id);
      }
      ids.push(id);
    }
    return ids;
  };

  const submit = form.onSubmit(async ({ message, files }) => {
    setFailure(null);
    try {
      const attachments = await upload(files);
      if (!attachments) return;
      setProgress('Sending your reply…');
      const { data } = await postMessage({
        variables: { input: { disputeId, message: message.trim(), attachments } },
      });
      const error = data?.postDisputeMessage.errors[0];
      if (error) {
        show(replyProblem(error));
        // Decided or gone meanwhile: read the dispute again, so the page shows what it is now.
        if (error.code === 'DISPUTE_CLOSED' || error.code === 'DISPUTE_NOT_FOUND') {
          void apollo.refetchQueries({ include: [SellerDisputeQuery] });
        }
        return;
      }
      form.reset();
      onSent();
    } catch (thrown) {
      setFailure(`Your reply was not sent: ${errorMessage(thrown)}`);
    } finally {
      setProgress(null);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <Stack gap="xs">
        {failure && (
          <Alert color="red" title="Not sent" role="alert">
            {failure}
          </Alert>
        )}
        <Textarea
          label={label}
          description={description}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={maxReplyLength}
          required
          {...form.getInputProps('message')}
        />
        <FileInput
          label="Files (optional)"
          description="Screenshots, receipts or logs: PNG, JPEG, PDF or text, up to 5 files of 5 MB"
          multiple
          clearable
          clearButtonProps={{ 'aria-label': 'Remove the chosen files' }}
          accept={acceptedAttachmentTypes}
          {...form.getInputProps('files')}
        />
        <Group justify="space-between">
          <Text size="sm" c="dimmed" role="status">
            {progress ?? ''}
          </Text>
          <Button type="submit" loading={progress !== null}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
