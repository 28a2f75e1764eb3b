import { Stack, Text } from '@mantine/core';

/** The paragraphs of walletHoldNotice (or of a refusal that gives them), as the wallet page and Buy show them. */
export function HoldExplanation({ paragraphs }: { paragraphs: readonly string[] }) {
  return (
    <Stack gap={4} data-testid="hold-explanation">
      {paragraphs.map((paragraph) => (
        <Text size="sm" key={paragraph}>
          {paragraph}
        </Text>
      ))}
    </Stack>
  );
}
