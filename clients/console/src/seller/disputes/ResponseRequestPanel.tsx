import { Blockquote, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDeadline } from '../../support/format';
import { DateTime } from '../../ui/DateTime';

/**
 * Support's request to this seller, at the top of the dispute's page: the deadline first, then
 * what support asked, then the answer form. When the deadline passes unanswered, the deadline job
 * returns the dispute to review and support may decide without the seller's side.
 */
export function ResponseRequestPanel({
  responseDueAt,
  question,
  now,
  children,
}: {
  responseDueAt: string | null;
  question: string | null;
  now: Date;
  children: ReactNode;
}) {
  const overdue = responseDueAt !== null && Date.parse(responseDueAt) < now.getTime();
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="request-heading"
      data-testid="response-request"
      style={{ borderColor: 'var(--mantine-color-orange-6)', borderWidth: 2 }}
    >
      <Stack gap="sm">
        <Title order={2} size="h3" id="request-heading">
          Support asked you to respond
        </Title>
        {responseDueAt && (
          <Text size="lg" data-testid="response-deadline">
            Respond by{' '}
            <strong>
              <DateTime value={responseDueAt} />
            </strong>{' '}
            ({formatDeadline(responseDueAt, now)})
          </Text>
        )}
        <Text size="sm">
          {overdue
            ? 'The deadline has passed: answer now. Support may already be deciding without your side of the story.'
            : 'Without your answer by then, support decides with what it has. Your answer goes to support and the buyer.'}
        </Text>
        {question && (
          <Blockquote color="orange" p="sm" cite="Support" data-testid="request-question">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {question}
            </Text>
          </Blockquote>
        )}
        {children}
      </Stack>
    </Paper>
  );
}
