import { Alert, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from './links';

/** The page's data could not be fetched because the API is down: say so, and what to do. */
export function ApiUnavailable({ retryHref, what }: { retryHref: string; what: string }) {
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>CodeSale is not answering</Title>
      <Alert color="orange" title={`We could not load ${what}`} role="alert">
        <Stack gap="xs">
          <Text size="sm">
            The CodeSale service did not respond. Nothing has changed in your account or wallet. Wait a
            moment, then <AnchorLink href={retryHref}>try again</AnchorLink>.
          </Text>
          <Text size="sm">
            Running CodeSale yourself? Start the API (<code>npm start</code>) and check that the buyer
            app&apos;s <code>CODESALE_API_URL</code> points at it.
          </Text>
        </Stack>
      </Alert>
    </Stack>
  );
}
