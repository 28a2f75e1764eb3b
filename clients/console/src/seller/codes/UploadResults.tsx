import {
  Alert,
  Badge,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { describeLineRanges, notSentText, type CodeLineStatus, type UploadReport } from './code-upload';

/** Rejected lines shown per page: an upload of 10,000 bad lines stays a readable page. */
const linesPerPage = 100;

type StatusFilter = CodeLineStatus | 'ALL';

function Figure({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {typeof value === 'number' ? value.toLocaleString() : value}
      </Text>
    </Stack>
  );
}

function downloadText(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * An upload's outcome: counts, the listing's new stock, every line not stored with the server's
 * reason under the seller's own line numbers, and, when it stopped early, exactly which lines were
 * not sent with a way to send them.
 */
export function UploadResults({
  report,
  onRetry,
  retrying,
}: {
  report: UploadReport;
  onRetry: () => void;
  retrying: boolean;
}) {
  const [filter, setFilter] = useState<StatusFilter>('ALL');
  const [page, setPage] = useState(1);
  const shown = useMemo(
    () => (filter === 'ALL' ? report.rejected : report.rejected.filter((line) => line.status === filter)),
    [report, filter],
  );
  const pageCount = Math.max(1, Math.ceil(shown.length / linesPerPage));
  const pageLines = shown.slice((page - 1) * linesPerPage, page * linesPerPage);
  const notSentLines = report.notSent.map((entry) => entry.line);

  return (
    <Stack data-testid="upload-results">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label="Added" value={report.addedCount} testId="upload-added" />
        <Figure label="Duplicates" value={report.duplicateCount} testId="upload-duplicates" />
        <Figure label="Invalid" value={report.invalidCount} testId="upload-invalid" />
        <Figure label="Not sent" value={report.notSent.length} testId="upload-not-sent" />
        <Figure label="Stock now" value={report.stock ?? '—'} testId="upload-stock" />
      </SimpleGrid>

      {report.failure && (
        <Alert
          color={report.failure.kind === 'STOPPED' ? 'yellow' : 'red'}
          title={report.failure.kind === 'STOPPED' ? 'Upload stopped' : 'Upload interrupted'}
          role="alert"
        >
          <Stack gap="xs">
            {report.failure.kind !== 'STOPPED' && <Text size="sm">{report.failure.message}</Text>}
            <Text size="sm">
              {report.sent > 0
                ? `The ${report.sent.toLocaleString()} codes sent before were processed and are counted above. `
                : 'Nothing was stored. '}
              {notSentLines.length === 1 ? 'Line ' : 'Lines '}
              <strong data-testid="upload-not-sent-lines">{describeLineRanges(notSentLines)}</strong>
              {` (${notSentLines.length.toLocaleString()} code${notSentLines.length === 1 ? '' : 's'}) ${
                notSentLines.length === 1 ? 'was' : 'were'
              } not sent.`}
            </Text>
            <Group>
              <Button size="xs" onClick={onRetry} loading={retrying}>
                Send the {notSentLines.length.toLocaleString()} lines not sent
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => downloadText('codes-not-sent.txt', notSentText(report))}
              >
                Download them
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      {report.rejected.length > 0 ? (
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={600} id="rejected-lines-heading">
              Lines not stored ({report.rejected.length.toLocaleString()})
            </Text>
            <SegmentedControl
              size="xs"
              aria-label="Show lines"
              value={filter}
              onChange={(value) => {
                setFilter(value as StatusFilter);
                setPage(1);
              }}
              data={[
                { value: 'ALL', label: 'All' },
                { value: 'DUPLICATE', label: `Duplicates (${report.duplicateCount})` },
                { value: 'INVALID', label: `Invalid (${report.invalidCount})` },
              ]}
            />
          </Group>
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing={4} aria-labelledby="rejected-lines-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Line</Table.Th>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col" w={120}>
                    Result
                  </Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pageLines.map((line) => (
                  <Table.Tr key={line.line} data-testid="rejected-line">
                    <Table.Td>{line.line}</Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm" maw={320} style={{ wordBreak: 'break-all' }}>
                        {line.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={line.status === 'DUPLICATE' ? 'orange' : 'red'} variant="light">
                        {line.status === 'DUPLICATE' ? 'Duplicate' : 'Invalid'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{line.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pageCount > 1 && (
            <Pagination
              total={pageCount}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              getItemProps={(item) => ({ 'aria-label': `Page ${item} of rejected lines` })}
            />
          )}
        </Stack>
      ) : (
        report.sent > 0 && (
          <Text size="sm" c="dimmed">
            Every line sent was stored.
          </Text>
        )
      )}
    </Stack>
  );
}
