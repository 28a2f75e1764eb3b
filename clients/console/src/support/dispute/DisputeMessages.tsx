import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { actorKindLabels } from '../dispute-labels';
import { formatDateTime } from '../../ui/date-time';
import { AttachmentButton } from './AttachmentButton';

/** The conversation, oldest first, with each message's files. */
export function DisputeMessages({ messages }: { messages: DisputeDetailFragment['messages'] }) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      {failure && (
        <Alert
          color="red.9"
          title="Download failed"
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setFailure(null)}
        >
          {failure}
        </Alert>
      )}
      {messages.length === 0 && <Text c="gray.7">No messages yet.</Text>}
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Messages">
        {messages.map((message) => (
          <Paper key={message.id} component="li" withBorder p="sm" data-message-id={message.id}>
            <Group gap="xs" mb={4}>
              <Text fw={600} size="sm">
                {message.author.displayName}
              </Text>
              <Badge variant="filled" color="gray.7" size="sm">
                {actorKindLabels[message.authorKind]}
              </Badge>
              <Text size="xs" c="gray.7">
                {formatDateTime(message.createdAt)}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {message.body}
            </Text>
            {message.attachments.length > 0 && (
              <Group gap="xs" mt="xs">
                {message.attachments.map((attachment) => (
                  <AttachmentButton key={attachment.id} attachment={attachment} onFailure={setFailure} />
                ))}
              </Group>
            )}
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

export function MessagesSection({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="messages-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="messages-heading">
          Messages
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
