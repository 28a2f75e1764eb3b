import { Alert, Button, Group, Text } from '@mantine/core';
import { errorMessage } from '../../ui/error-message';

/** A query that failed: what happened, and a way to try again. */
export function QueryFailure({ what, error, retry }: { what: string; error: unknown; retry?: () => void }) {
  return (
    <Alert color="red" title={`Could not load ${what}`} role="alert">
      <Group justify="space-between" align="center">
        <Text size="sm">{errorMessage(error)}</Text>
        {retry && (
          <Button size="xs" variant="white" color="red" onClick={retry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
