import { Alert, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { SellerDisputeDetailFragment } from '../../gql/graphql';
import { AttachmentButton } from '../../support/dispute/AttachmentButton';
import { DateTime } from '../../ui/DateTime';
import { messageAuthor } from './dispute-labels';

/**
 * The conversation, oldest first, each message under who wrote it from the seller's side ("You",
 * the buyer by name, "Support") with its files. `highlightId` marks support's request to respond.
 */
export function DisputeThread({
  messages,
  highlightId,
}: {
  messages: SellerDisputeDetailFragment['messages'];
  highlightId: string | null;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      {failure && (
        <Alert
          color="red"
          title="Download failed"
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setFailure(null)}
        >
          {failure}
        </Alert>
      )}
      {messages.length === 0 && <Text c="dimmed">No messages yet.</Text>}
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Messages">
        {messages.map((message) => {
          const author = messageAuthor(message);
          const highlighted = message.id === highlightId;
          return (
            <Paper
              key={message.id}
              component="li"
              withBorder
              p="sm"
              data-message-id={message.id}
              data-author={author.name}
              bg={message.authorKind === 'SELLER' ? 'gray.0' : undefined}
              style={
                highlighted ? { borderColor: 'var(--mantine-color-orange-6)', borderWidth: 2 } : undefined
              }
            >
              <Group gap="xs" mb={4}>
                <Text fw={600} size="sm" data-testid="message-author">
                  {author.name}
                </Text>
                {author.role && (
                  <Badge variant="light" color="gray" size="sm">
                    {author.role}
                  </Badge>
                )}
                {highlighted && (
                  <Badge variant="light" color="orange" size="sm">
                    Request to you
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  <DateTime value={message.createdAt} />
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
          );
        })}
      </Stack>
    </Stack>
  );
}
