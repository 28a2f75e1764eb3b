import { useMutation } from '@apollo/client/react';
import { Alert, Button, FileInput, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { useSession } from '../../session/session-context';
import { notifySuccess } from '../notify';
import {
  acceptedAttachmentTypes,
  attachmentProblem,
  maxAttachmentsPerMessage,
  uploadAttachment,
} from './attachment-upload';
import { PostDisputeMessageMutation } from './dispute.documents';

const maxMessageLength = 5000;

/**
 * Writes in the dispute, with up to five files: each file is uploaded first (POST /attachments),
 * then the message is posted with their ids. A file already uploaded is not sent again when the
 * agent retries after a failure.
 */
export function MessageComposer({ disputeId }: { disputeId: string }) {
  const session = useSession();
  const [postMessage] = useMutation(PostDisputeMessageMutation);
  const [progress, setProgress] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const uploaded = useRef(new WeakMap<File, string>());
  const form = useForm({
    initialValues: { message: '', files: [] as File[] },
    validate: {
      message: (value) =>
        value.trim().length === 0
          ? 'Write a message'
          : value.length > maxMessageLength
            ? `At most ${maxMessageLength} characters`
            : null,
      files: (files) =>
        files.length > maxAttachmentsPerMessage
          ? `At most ${maxAttachmentsPerMessage} files`
          : (files.map(attachmentProblem).find((problem) => problem !== null) ?? null),
    },
  });

  const submit = form.onSubmit(async ({ message, files }) => {
    setFailure(null);
    try {
      const attachmentIds: string[] = [];
      for (const [index, file] of files.entries()) {
        setProgress(`Uploading ${file.name} (${index + 1} of ${files.length})…`);
        let id = uploaded.current.get(file);
        if (!id) {
          id = (await uploadAttachment(file, session)).id;
          uploaded.current.set(file, id);
        }
        attachmentIds.push(id);
      }
      setProgress('Sending the message…');
      const { data } = await postMessage({
        variables: { input: { disputeId, message, attachments: attachmentIds } },
      });
      const error = data?.postDisputeMessage.errors[0];
      if (error) {
        if (error.field === 'message') form.setFieldError('message', error.message);
        else setFailure(error.message);
        return;
      }
      form.reset();
      notifySuccess('Message sent.');
    } catch (thrown) {
      setFailure(thrown instanceof Error ? thrown.message : 'Sending failed; try again.');
    } finally {
      setProgress(null);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Write a message">
      <Stack gap="xs">
        {failure && (
          <Alert color="red" title="Not sent" role="alert">
            {failure}
          </Alert>
        )}
        <Textarea
          label="Message"
          description="Seen by both parties"
          autosize
          minRows={3}
          maxRows={10}
          maxLength={maxMessageLength}
          required
          {...form.getInputProps('message')}
        />
        <FileInput
          label="Attachments"
          description="PNG, JPEG, PDF or text; at most 5 files of 5 MB"
          multiple
          clearable
          accept={acceptedAttachmentTypes}
          {...form.getInputProps('files')}
        />
        <Group justify="space-between">
          <Text size="sm" c="gray.7" role="status">
            {progress ?? ''}
          </Text>
          <Button type="submit" loading={progress !== null}>
            Send message
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
