/**
 * Bulk code upload, without React or the network: turning a pasted list or a file into codes that
 * keep their original line numbers, sending them to `addCodes` in chunks, and merging the chunks'
 * answers into one report whose line numbers are the seller's own (line 1 is the first line of the
 * text or file, blank lines included), whatever chunk a line travelled in.
 */

/** One upload carries at most this many codes (the server's MAX_CODES_PER_UPLOAD ceiling). */
export const maxCodesPerUpload = 10_000;

/**
 * The largest text or file read: 10,000 codes of a few dozen characters with some CSV columns fit
 * well inside; the bound keeps a wrong file (a video, a database dump) from being read into memory.
 */
export const maxUploadBytes = 5 * 1024 * 1024;

/**
 * Codes per addCodes call. The server takes up to 10,000 per call; 500 keeps each request small
 * (one short transaction, a quick retry) and gives the progress bar real steps.
 */
export const defaultChunkSize = 500;

export type CodeListFormat = 'LINES' | 'CSV';

export interface CodeListOptions {
  format: CodeListFormat;
  /** CSV only: the first non-blank row names the columns and is not a code. */
  skipHeader?: boolean;
}

/** A code and the line of the seller's text it came from (1-based). */
export interface CodeEntry {
  line: number;
  code: string;
}

export type CodeLineStatus = 'DUPLICATE' | 'INVALID';

/** A line that was not stored, and why (the server's reason, or the parser's for a malformed CSV row). */
export interface RejectedLine {
  line: number;
  code: string;
  status: CodeLineStatus;
  message: string;
}

export interface ParsedCodeList {
  /** What will be sent, in line order. */
  entries: CodeEntry[];
  /** Rows that cannot be read as a code (an unclosed CSV quote): reported, never sent. */
  rejected: RejectedLine[];
  blankLines: number;
  /** The line of the skipped CSV header, if any. */
  headerLine: number | null;
  /** The CSV delimiter used (detected from the first row), null for one code per line. */
  delimiter: string | null;
}

export type ParseOutcome = { ok: true; list: ParsedCodeList } | { ok: false; message: string };

const byteOrderMark = '\uFEFF';
const csvDelimiters = [',', ';', '\t'] as const;

export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The format a file name suggests: `.csv` is CSV, anything else one code per line. */
export function formatForFileName(fileName: string): CodeListFormat {
  return /\.csv$/i.test(fileName) ? 'CSV' : 'LINES';
}

/**
 * The delimiter of a CSV row: the one of `,` `;` and tab that occurs most outside quotes (Excel
 * writes `;` where the decimal separator is a comma). Comma when none occurs: a one-column file.
 */
export function detectCsvDelimiter(row: string): string {
  const counts = new Map<string, number>(csvDelimiters.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const character of row) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && counts.has(character)) counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  let best: string = ',';
  for (const delimiter of csvDelimiters) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

/**
 * The first field of a CSV row (RFC 4180 quoting: `"a,b"` is one field, `""` inside quotes is a
 * quote). Null when a quoted field is not closed on its row: codes never span lines, so that row
 * is malformed and guessing what the seller meant could store a wrong code.
 */
export function firstCsvField(row: string, delimiter: string): string | null {
  const start = row.length - row.trimStart().length;
  if (row[start] !== '"') {
    const end = row.indexOf(delimiter);
    return end === -1 ? row : row.slice(0, end);
  }
  let value = '';
  for (let index = start + 1; index < row.length; index += 1) {
    const character = row[index];
    if (character !== '"') {
      value += character;
    } else if (row[index + 1] === '"') {
      value += '"';
      index += 1;
    } else {
      return value;
    }
  }
  return null;
}

/** A text's lines: a byte-order mark dropped, any line ending, and no empty line after the last newline. */
function splitRows(text: string): string[] {
  const rows = (text.startsWith(byteOrderMark) ? text.slice(1) : text).split(/\r\n|\n|\r/);
  // A trailing newline ends the last line; it does not start an empty one.
  if (rows.length > 1 && rows[rows.length - 1] === '') rows.pop();
  return rows;
}

/** First fields that name a column of codes, not a code: "code", "Keys", "Product key", ... */
const headerNamePattern = /^(codes?|keys?|serials?|pins?|licen[cs]es?|product ?keys?|activation ?codes?)$/i;

/** How many rows after the first are read to compare the first row with (enough to judge, bounded). */
const headerSampleRows = 20;

/**
 * The first CSV row's first field when that row looks like a header rather than a code: a usual
 * column name ("code", "Product key"), or a field without a digit above rows whose first fields all
 * have one. Null when it looks like a code. Only a default for the form: a header sent as a code
 * would be sold, so the seller is told what was guessed and can overrule it.
 */
export function detectCsvHeader(text: string): string | null {
  // A list over the limit is refused whole (parseCodeList): there is no header to guess.
  if (text.length > maxUploadBytes) return null;
  const rows: string[] = [];
  for (const row of splitRows(text)) {
    if (row.trim() !== '') rows.push(row);
    if (rows.length > headerSampleRows) break;
  }
  const [first, ...rest] = rows;
  if (first === undefined) return null;
  const delimiter = detectCsvDelimiter(first);
  const field = firstCsvField(first, delimiter)?.trim();
  if (!field) return null;
  if (headerNamePattern.test(field)) return field;
  if (/\d/.test(field)) return null;
  const following = rest
    .map((row) => firstCsvField(row, delimiter)?.trim() ?? '')
    .filter((value) => value !== '');
  return following.length > 0 && following.every((value) => /\d/.test(value)) ? field : null;
}

/**
 * Reads a pasted list or a file's text into codes with their line numbers. One code per line, or
 * the first column of a CSV; blank lines are skipped but still counted, so line numbers match what
 * the seller sees in their editor. Codes are trimmed (the server trims them too); whether a line
 * is a valid code is the server's call, so that the rule lives in one place.
 */
export function parseCodeList(text: string, options: CodeListOptions): ParseOutcome {
  if (text.length > maxUploadBytes) {
    return {
      ok: false,
      message: `The list is ${formatByteSize(text.length)}; the limit is ${formatByteSize(maxUploadBytes)}. Split it into smaller lists.`,
    };
  }
  const rows = splitRows(text);

  const entries: CodeEntry[] = [];
  const rejected: RejectedLine[] = [];
  let blankLines = 0;
  let headerLine: number | null = null;
  let delimiter: string | null = null;

  rows.forEach((row, index) => {
    const line = index + 1;
    if (row.trim() === '') {
      blankLines += 1;
      return;
    }
    if (options.format === 'LINES') {
      entries.push({ line, code: row.trim() });
      return;
    }
    if (delimiter === null) {
      delimiter = detectCsvDelimiter(row);
      if (options.skipHeader) {
        headerLine = line;
        return;
      }
    }
    const field = firstCsvField(row, delimiter);
    if (field === null) {
      rejected.push({
        line,
        code: row.trim(),
        status: 'INVALID',
        message: 'This CSV row opens a quote that it does not close; it was not sent.',
      });
      return;
    }
    if (field.trim() === '') {
      blankLines += 1;
      return;
    }
    entries.push({ line, code: field.trim() });
  });

  if (entries.length + rejected.length > maxCodesPerUpload) {
    return {
      ok: false,
      message: `The list has ${entries.length + rejected.length} codes; one upload takes at most ${maxCodesPerUpload}. Split it into lists of at most ${maxCodesPerUpload} codes.`,
    };
  }
  return { ok: true, list: { entries, rejected, blankLines, headerLine, delimiter } };
}

/**
 * Fewer characters than this besides dashes and spaces, and the server refuses the line as INVALID
 * (server/src/catalog/code-format.ts, minCodeLength): no issued code is that short. The same rule
 * here, so the form warns of exactly the lines the upload will report (the newcomer probe: "AB-CD"
 * passed a 4-character check, then was refused).
 */
export const shortCodeLength = 5;

/**
 * The entries too short to be a code: the form asks the seller to check them before sending. They
 * are still sent as written: whether a line is a valid code is the server's call.
 */
export function shortCodeEntries(entries: readonly CodeEntry[]): CodeEntry[] {
  return entries.filter((entry) => entry.code.replace(/[\s-]+/g, '').length < shortCodeLength);
}

/** Reads a file's text as UTF-8 in the browser (FileReader: every browser, and jsdom in the tests). */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file, 'utf-8');
  });
}

/** Refuses a file over the size limit before reading it; otherwise its text. */
export async function readCodeFile(
  file: { name: string; size: number },
  read: () => Promise<string>,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  if (file.size > maxUploadBytes) {
    return {
      ok: false,
      message: `${file.name} is ${formatByteSize(file.size)}; files of up to ${formatByteSize(maxUploadBytes)} (${maxCodesPerUpload} codes) can be uploaded. Split it into smaller files.`,
    };
  }
  try {
    return { ok: true, text: await read() };
  } catch {
    return { ok: false, message: `${file.name} could not be read. Check that it is a text or CSV file.` };
  }
}

export function chunkEntries(entries: readonly CodeEntry[], chunkSize: number): CodeEntry[][] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > maxCodesPerUpload) {
    throw new Error(`chunk size must be a whole number from 1 to ${maxCodesPerUpload}, got ${chunkSize}`);
  }
  const chunks: CodeEntry[][] = [];
  for (let start = 0; start < entries.length; start += chunkSize) {
    chunks.push(entries.slice(start, start + chunkSize));
  }
  return chunks;
}

/** What addCodes answered for one chunk; `line` of a rejected line is its 1-based place in the chunk. */
export interface ChunkAnswer {
  addedCount: number;
  duplicateCount: number;
  invalidCount: number;
  rejectedLines: readonly { line: number; status: CodeLineStatus; message: string }[];
  /** The listing's stock after the chunk. */
  stock: number | null;
}

/** A chunk the server answered: stored (possibly with rejected lines), or refused whole with its reason. */
export type ChunkOutcome = { ok: true; answer: ChunkAnswer } | { ok: false; message: string };

/** Sends one chunk's codes; throws when no answer came (network, server error). */
export type SendChunk = (codes: string[]) => Promise<ChunkOutcome>;

export type UploadFailureKind = 'REFUSED' | 'NO_ANSWER' | 'STOPPED';

export interface UploadReport {
  /** Codes this upload set out to send (not counting rows the parser rejected). */
  total: number;
  /** Codes in chunks the server answered. */
  sent: number;
  addedCount: number;
  duplicateCount: number;
  invalidCount: number;
  /** Every line not stored, in line order. */
  rejected: RejectedLine[];
  stock: number | null;
  /** Codes not sent because a chunk failed or the seller stopped: what a retry sends. */
  notSent: CodeEntry[];
  failure: { kind: UploadFailureKind; message: string } | null;
}

/** The report before anything is sent: the parser's rejected rows count as invalid lines. */
export function startReport(list: Pick<ParsedCodeList, 'entries' | 'rejected'>): UploadReport {
  return {
    total: list.entries.length,
    sent: 0,
    addedCount: 0,
    duplicateCount: 0,
    invalidCount: list.rejected.length,
    rejected: [...list.rejected],
    stock: null,
    notSent: [...list.entries],
    failure: null,
  };
}

/**
 * The server's message for a repeat inside one call names the earlier line by its place in that
 * call ("This code repeats line 3."); in the seller's numbering that is another line.
 */
export function translateLineReference(message: string, chunk: readonly CodeEntry[]): string {
  return message.replace(/\bline (\d+)\b/g, (whole, position: string) => {
    const entry = chunk[Number(position) - 1];
    return entry ? `line ${entry.line}` : whole;
  });
}

/** One chunk's answer in the seller's line numbers. */
export function rejectedOfChunk(answer: ChunkAnswer, chunk: readonly CodeEntry[]): RejectedLine[] {
  return answer.rejectedLines.map((rejected) => {
    const entry = chunk[rejected.line - 1];
    if (!entry) {
      throw new Error(`addCodes reported line ${rejected.line} of a chunk of ${chunk.length}`);
    }
    return {
      line: entry.line,
      code: entry.code,
      status: rejected.status,
      message: translateLineReference(rejected.message, chunk),
    };
  });
}

function byLine(left: { line: number }, right: { line: number }): number {
  return left.line - right.line;
}

/** Adds one answered chunk to the report. */
export function mergeChunk(
  report: UploadReport,
  chunk: readonly CodeEntry[],
  answer: ChunkAnswer,
): UploadReport {
  const sentLines = new Set(chunk.map((entry) => entry.line));
  return {
    ...report,
    sent: report.sent + chunk.length,
    addedCount: report.addedCount + answer.addedCount,
    duplicateCount: report.duplicateCount + answer.duplicateCount,
    invalidCount: report.invalidCount + answer.invalidCount,
    rejected: [...report.rejected, ...rejectedOfChunk(answer, chunk)].sort(byLine),
    stock: answer.stock ?? report.stock,
    notSent: report.notSent.filter((entry) => !sentLines.has(entry.line)),
  };
}

export interface UploadProgress {
  sent: number;
  total: number;
}

export interface UploadOptions {
  send: SendChunk;
  chunkSize?: number;
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting stops before the next chunk; the chunk in flight is still answered and counted. */
  signal?: AbortSignal;
}

function describeError(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'The server did not answer.';
}

/**
 * Sends the report's `notSent` codes chunk by chunk, in line order, one chunk at a time. The first
 * chunk that fails stops the upload: what was answered before is kept, and the failed chunk and
 * every later one stay in `notSent` for a retry (calling this again with the returned report).
 */
export async function uploadCodes(start: UploadReport, options: UploadOptions): Promise<UploadReport> {
  const chunks = chunkEntries(start.notSent, options.chunkSize ?? defaultChunkSize);
  let report: UploadReport = { ...start, failure: null };
  options.onProgress?.({ sent: report.sent, total: report.total });
  for (const chunk of chunks) {
    if (options.signal?.aborted) {
      return { ...report, failure: { kind: 'STOPPED', message: 'The upload was stopped.' } };
    }
    let outcome: ChunkOutcome;
    try {
      outcome = await options.send(chunk.map((entry) => entry.code));
    } catch (error) {
      return {
        ...report,
        failure: { kind: 'NO_ANSWER', message: describeError(error) },
      };
    }
    if (!outcome.ok) return { ...report, failure: { kind: 'REFUSED', message: outcome.message } };
    report = mergeChunk(report, chunk, outcome.answer);
    options.onProgress?.({ sent: report.sent, total: report.total });
  }
  return report;
}

/**
 * Line numbers as ranges for a sentence: [3, 4, 5, 9] is "3–5 and 9". At most `maxRanges` ranges
 * are written out; the rest is counted, so a message stays readable for any upload.
 */
export function describeLineRanges(lines: readonly number[], maxRanges = 12): string {
  const sorted = [...lines].sort((left, right) => left - right);
  const ranges: string[] = [];
  let index = 0;
  while (index < sorted.length) {
    const first = sorted[index] as number;
    let last = first;
    while (sorted[index + 1] === last + 1) {
      index += 1;
      last += 1;
    }
    ranges.push(first === last ? String(first) : `${first}–${last}`);
    index += 1;
  }
  if (ranges.length === 0) return '';
  if (ranges.length > maxRanges) {
    const rest = ranges.length - maxRanges;
    return `${ranges.slice(0, maxRanges).join(', ')} and ${rest} more range${rest === 1 ? '' : 's'}`;
  }
  if (ranges.length === 1) return ranges[0] as string;
  return `${ranges.slice(0, -1).join(', ')} and ${ranges[ranges.length - 1]}`;
}

/** The not-sent lines, one code per line, for the seller to keep or upload later. */
export function notSentText(report: Pick<UploadReport, 'notSent'>): string {
  return report.notSent.map((entry) => entry.code).join('\n');
}
