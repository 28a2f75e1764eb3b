'use client';

import { Alert, Button, Group, Stack, Title } from '@mantine/core';
import { AnchorLink } from '../components/links';

/** Anything a page did not handle itself: say so, offer to try again, nothing changed. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>Something went wrong</Title>
      <Alert color="red" title="This page could not be shown" role="alert">
        Nothing has changed in your account or wallet. Try again; if it keeps failing, come back in a few
        minutes.
      </Alert>
      <Group>
        <Button onClick={reset}>Try again</Button>
        <AnchorLink href="/">Back to the catalog</AnchorLink>
      </Group>
    </Stack>
  );
}
