import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';

/**
 * A page that fails to load or to draw takes only itself down: the navigation around it stays,
 * and the page says what happened and what to do. The usual cause is a page's code chunk that did
 * not arrive (the server restarting, the network dropping, a new build since this tab opened); a
 * reload fetches it again. `resetKey` (the path) clears the failure when the user navigates away.
 */
export class PageErrorBoundary extends Component<
  { resetKey: string; children: ReactNode },
  { failure: Error | null; failedAt: string | null }
> {
  override state: { failure: Error | null; failedAt: string | null } = { failure: null, failedAt: null };

  static getDerivedStateFromError(failure: Error) {
    return { failure };
  }

  static getDerivedStateFromProps(
    props: { resetKey: string },
    state: { failure: Error | null; failedAt: string | null },
  ) {
    if (state.failure && state.failedAt === null) return { failedAt: props.resetKey };
    if (state.failure && state.failedAt !== props.resetKey) return { failure: null, failedAt: null };
    return null;
  }

  override render() {
    const { failure } = this.state;
    if (!failure) return this.props.children;
    const chunk = isChunkLoadFailure(failure);
    return (
      <Alert color="red" role="alert" title={chunk ? 'This page could not be loaded' : 'This page failed'}>
        <Stack gap="sm">
          <Text size="sm">
            {chunk
              ? 'Part of the console did not arrive from the server: it may have restarted, or the connection dropped. Reload the page; your session is kept.'
              : 'Something went wrong while showing this page. Reload it; if it fails again, tell support what you were doing.'}
          </Text>
          <Group>
            <Button onClick={() => window.location.reload()}>Reload the page</Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
}

/** A dynamic import that failed: each browser words it its own way. */
export function isChunkLoadFailure(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|Loading chunk|module script/i.test(
    error.message,
  );
}
