import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { graphqlEndpoint } from './api-endpoint';

/**
 * The new key's secret, shown once: the server keeps only its hash. The dialog does not close on a
 * stray click or Escape; the seller closes it on purpose once the secret is stored.
 */
export function ApiKeySecretModal({
  secret,
  keyName,
  onClose,
}: {
  secret: string | null;
  keyName: string;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={secret !== null}
      onClose={onClose}
      title="Your new API key"
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
    >
      <Stack>
        <Alert color="orange" title="You will not see this secret again">
          Copy it now and store it where your system reads its secrets. CodeSale keeps only a hash of it: if
          it is lost, revoke “{keyName}” and create a new key.
        </Alert>
        <Text size="sm">
          Send it in the <Code>x-api-key</Code> header of each request to{' '}
          <Code>{graphqlEndpoint(window.location.origin)}</Code>.
        </Text>
        <Code block data-testid="api-key-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <Group justify="space-between">
          <CopyButton value={secret ?? ''}>
            {({ copied, copy }) => (
              <Button
                color={copied ? 'teal' : undefined}
                variant={copied ? 'light' : 'filled'}
                onClick={copy}
              >
                {copied ? 'Copied' : 'Copy secret'}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
