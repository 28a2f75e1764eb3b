import { Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { exampleRequest, graphqlEndpoint } from './api-endpoint';

/**
 * How a partner's system reaches the API with a key: the endpoint as this browser sees it, the
 * header, a first request, and where the guide is. The guide (docs/API.md) is not served by
 * CodeSale: the panel names it and its section rather than linking to it.
 */
export function ApiEndpointPanel() {
  const endpoint = graphqlEndpoint(window.location.origin);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="api-endpoint-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="api-endpoint-title">
          Using the API
        </Title>
        <Text size="sm">
          Send each request as a <Code>POST</Code> of JSON to this endpoint, with the key in the{' '}
          <Code>x-api-key</Code> header (no cookies needed):
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="api-endpoint" style={{ wordBreak: 'break-all' }}>
            {endpoint}
          </Code>
          <CopyButton value={endpoint}>
            {({ copied, copy }) => (
              <Button variant="default" size="compact-sm" onClick={copy}>
                {copied ? 'Copied' : 'Copy URL'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">For example, with a key that reads your catalog:</Text>
        <Code block data-testid="api-example" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {exampleRequest(endpoint)}
        </Code>
        <Text size="sm" data-testid="api-docs">
          What each scope reaches, the rate limit and more examples: section 10, “API keys and scopes
          (partners)”, of the API guide (<Code>docs/API.md</Code> in the CodeSale repository).
        </Text>
      </Stack>
    </Paper>
  );
}
