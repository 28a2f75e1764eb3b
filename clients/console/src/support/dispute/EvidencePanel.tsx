import { Badge, Code, Group, Paper, ScrollArea, Spoiler, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { DisputeDetailFragment } from '../../gql/graphql';
import { formatDateTime } from '../../ui/date-time';

type Evidence = NonNullable<DisputeDetailFragment['evidence']>;
type HashCheck = 'checking' | 'matches' | 'differs' | 'unavailable';

/** SHA-256 of the snapshot's text, hex, as the server computes it over the canonical JSON. */
async function sha256Hex(text: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The immutable evidence snapshot taken when the dispute opened: its schema version, its hash, and
 * the content. The console hashes the content itself and says whether it matches the stored hash.
 */
export function EvidencePanel({ evidence }: { evidence: Evidence | null | undefined }) {
  const [check, setCheck] = useState<HashCheck>('checking');
  useEffect(() => {
    if (!evidence) return;
    let current = true;
    setCheck('checking');
    sha256Hex(evidence.json)
      .then((hash) => {
        if (current)
          setCheck(hash === null ? 'unavailable' : hash === evidence.sha256 ? 'matches' : 'differs');
      })
      .catch(() => current && setCheck('unavailable'));
    return () => {
      current = false;
    };
  }, [evidence]);
  const pretty = useMemo(() => {
    if (!evidence) return '';
    try {
      return JSON.stringify(JSON.parse(evidence.json), null, 2);
    } catch {
      return evidence.json;
    }
  }, [evidence]);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="evidence-heading">
      <Stack gap="xs">
        <Title order={2} size="h4" id="evidence-heading">
          Evidence snapshot
        </Title>
        {!evidence ? (
          <Text c="gray.7">No snapshot was taken for this dispute.</Text>
        ) : (
          <>
            <Text size="sm">
              Schema version <strong data-testid="evidence-schema-version">{evidence.schemaVersion}</strong>,
              taken {formatDateTime(evidence.createdAt)}
            </Text>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>
                SHA-256
              </Text>
              <Code style={{ wordBreak: 'break-all' }} data-testid="evidence-sha256">
                {evidence.sha256}
              </Code>
            </Group>
            <Group gap="xs">
              {check === 'matches' && (
                <Badge color="teal.9" variant="filled">
                  Hash matches the content
                </Badge>
              )}
              {check === 'differs' && (
                <Badge color="red.9" variant="filled">
                  Hash does not match the content
                </Badge>
              )}
              {check === 'checking' && <Text size="sm">Checking the hash…</Text>}
              {check === 'unavailable' && <Text size="sm">This browser cannot check the hash here.</Text>}
            </Group>
            <Spoiler maxHeight={0} showLabel="Show the snapshot" hideLabel="Hide the snapshot">
              <ScrollArea.Autosize
                mah={420}
                type="auto"
                viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Evidence snapshot content' }}
              >
                <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {pretty}
                </Code>
              </ScrollArea.Autosize>
            </Spoiler>
          </>
        )}
      </Stack>
    </Paper>
  );
}
