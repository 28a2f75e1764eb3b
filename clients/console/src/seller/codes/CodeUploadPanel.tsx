import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import {
  describeLineRanges,
  detectCsvHeader,
  formatByteSize,
  formatForFileName,
  maxCodesPerUpload,
  maxUploadBytes,
  parseCodeList,
  readCodeFile,
  readFileText,
  shortCodeEntries,
  shortCodeLength,
  type CodeListFormat,
} from './code-upload';
import { UploadResults } from './UploadResults';
import { useCodeUpload } from './use-code-upload';

type Source = 'PASTE' | 'FILE';

/** How many parsed codes the preview names, so the seller sees what the parser took as a code. */
const previewCount = 3;

/** Which lines are too short to look like codes, and what to do: they are sent unless removed. */
function shortCodesText(entries: readonly { line: number; code: string }[]): string {
  const one = entries.length === 1;
  const shown = entries
    .slice(0, previewCount)
    .map((entry) => `“${entry.code}”`)
    .join(', ');
  return `Line${one ? '' : 's'} ${describeLineRanges(entries.map((entry) => entry.line))} ${
    one ? 'holds' : 'hold'
  } fewer than ${shortCodeLength} characters besides dashes and spaces (${shown}${entries.length > previewCount ? ', ...' : ''}): no code is that short, and CodeSale refuses ${
    one ? 'it' : 'them'
  }. Check ${one ? 'that the line holds' : 'that the lines hold'} a whole code.`;
}

/**
 * Bulk code upload for one listing: paste a list or pick a text or CSV file (read in the browser),
 * see how many codes it holds, send them in chunks with a progress bar, then read the per-line
 * results.
 */
export function CodeUploadPanel({ listingId }: { listingId: string }) {
  const upload = useCodeUpload(listingId);
  const [source, setSource] = useState<Source>('PASTE');
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileText, setFileText] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [format, setFormat] = useState<CodeListFormat>('LINES');
  // The seller's answer to "the first row is a header"; null follows what the first row looks like.
  const [headerChoice, setHeaderChoice] = useState<boolean | null>(null);

  const text = source === 'PASTE' ? pasted : (fileText ?? '');
  // Parsing 10,000 lines on each keystroke is cheap, but never block typing for it.
  const deferredText = useDeferredValue(text);
  const detectedHeader = useMemo(
    () => (format === 'CSV' ? detectCsvHeader(deferredText) : null),
    [deferredText, format],
  );
  const skipHeader = headerChoice ?? detectedHeader !== null;
  const parsed = useMemo(
    () => parseCodeList(deferredText, { format, skipHeader }),
    [deferredText, format, skipHeader],
  );
  const codeCount = parsed.ok ? parsed.list.entries.length : 0;
  const shortCodes = parsed.ok ? shortCodeEntries(parsed.list.entries) : [];

  const chooseFile = async (chosen: File | null) => {
    setFile(chosen);
    setFileText(null);
    setFileError(null);
    setHeaderChoice(null);
    if (!chosen) return;
    setFormat(formatForFileName(chosen.name));
    const read = await readCodeFile(chosen, () => readFileText(chosen));
    if (read.ok) setFileText(read.text);
    else setFileError(read.message);
  };

  const start = () => {
    if (parsed.ok && codeCount > 0) void upload.start(parsed.list);
  };

  // Once every code was sent, the list is done with: the box empties (the report stays), so the
  // same codes are not sent again by a second click, only to come back as duplicates.
  const report = upload.report;
  const everythingSent =
    report !== null && !upload.uploading && report.notSent.length === 0 && !report.failure;
  useEffect(() => {
    if (!everythingSent) return;
    setPasted('');
    setFile(null);
    setFileText(null);
    setHeaderChoice(null);
  }, [everythingSent]);

  const progress = upload.progress;
  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          Upload codes
        </Title>
        <Text size="sm" c="dimmed">
          One code per line, or a CSV whose first column holds the codes. Up to{' '}
          {maxCodesPerUpload.toLocaleString()} codes and {formatByteSize(maxUploadBytes)} per upload; blank
          lines are skipped. Results name the lines as numbered in your list.
        </Text>
        <Tabs value={source} onChange={(value) => setSource((value as Source | null) ?? 'PASTE')}>
          <Tabs.List>
            <Tabs.Tab value="PASTE">Paste codes</Tabs.Tab>
            <Tabs.Tab value="FILE">From a file</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="PASTE" pt="sm">
            <Textarea
              label="Codes"
              description="One code per line."
              autosize
              minRows={4}
              maxRows={12}
              value={pasted}
              onChange={(event) => setPasted(event.currentTarget.value)}
              disabled={upload.uploading}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
          </Tabs.Panel>
          <Tabs.Panel value="FILE" pt="sm">
            <FileInput
              label="Code file"
              description={`A .txt or .csv file, at most ${formatByteSize(maxUploadBytes)}.`}
              placeholder="Choose a file"
              accept=".txt,.csv,text/plain,text/csv"
              value={file}
              onChange={(chosen) => void chooseFile(chosen)}
              clearable
              clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
              disabled={upload.uploading}
              error={fileError}
              data-testid="code-file-input"
            />
          </Tabs.Panel>
        </Tabs>

        <Group align="flex-end">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="code-format-label">
              Format
            </Text>
            <SegmentedControl
              aria-labelledby="code-format-label"
              value={format}
              onChange={(value) => setFormat(value as CodeListFormat)}
              disabled={upload.uploading}
              data={[
                { value: 'LINES', label: 'One code per line' },
                { value: 'CSV', label: 'CSV, first column' },
              ]}
            />
          </Stack>
          {format === 'CSV' && (
            <Checkbox
              label="The first row is a header"
              checked={skipHeader}
              onChange={(event) => setHeaderChoice(event.currentTarget.checked)}
              disabled={upload.uploading}
            />
          )}
        </Group>

        {!parsed.ok ? (
          <Alert color="red" role="alert" title="This list cannot be uploaded">
            {parsed.message}
          </Alert>
        ) : (
          text.trim() !== '' && (
            <Text size="sm" data-testid="upload-summary">
              {codeCount.toLocaleString()} code{codeCount === 1 ? '' : 's'} to send
              {parsed.list.blankLines > 0 &&
                `, ${parsed.list.blankLines.toLocaleString()} blank line${parsed.list.blankLines === 1 ? '' : 's'} skipped`}
              {parsed.list.headerLine !== null && `, header on line ${parsed.list.headerLine} skipped`}
              {parsed.list.rejected.length > 0 &&
                `, ${parsed.list.rejected.length} malformed CSV row${parsed.list.rejected.length === 1 ? '' : 's'} not sent`}
              {codeCount > 0 &&
                ` · first: ${parsed.list.entries
                  .slice(0, previewCount)
                  .map((entry) => entry.code)
                  .join(', ')}`}
            </Text>
          )
        )}
        {shortCodes.length > 0 && (
          <Alert color="orange" title="Check these lines" data-testid="upload-short-codes">
            {shortCodesText(shortCodes)}
          </Alert>
        )}
        {parsed.ok && skipHeader && detectedHeader !== null && text.trim() !== '' && (
          <Text size="sm" data-testid="upload-header-notice">
            The first row, “{detectedHeader}”, looks like a header: it is not sent. Uncheck if it is a code.
          </Text>
        )}

        <Group>
          <Button
            onClick={start}
            disabled={!parsed.ok || codeCount === 0 || upload.uploading}
            loading={upload.uploading}
          >
            Upload{' '}
            {codeCount > 0 ? `${codeCount.toLocaleString()} code${codeCount === 1 ? '' : 's'}` : 'codes'}
          </Button>
          {upload.uploading && (
            <Button variant="default" onClick={upload.stop}>
              Stop after this chunk
            </Button>
          )}
        </Group>

        {progress && (upload.uploading || upload.report) && (
          <Stack gap={4}>
            <Progress value={percent} aria-label="Upload progress" size="lg" animated={upload.uploading} />
            <Text size="sm" aria-live="polite" data-testid="upload-progress-text">
              {upload.uploading ? 'Sending: ' : 'Sent: '}
              {progress.sent.toLocaleString()} of {progress.total.toLocaleString()} codes ({percent}%)
            </Text>
          </Stack>
        )}

        {upload.report && !upload.uploading && (
          <UploadResults
            report={upload.report}
            onRetry={() => void upload.retry()}
            retrying={upload.uploading}
          />
        )}
      </Stack>
    </Paper>
  );
}
