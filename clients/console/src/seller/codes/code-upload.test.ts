import {
  chunkEntries,
  describeLineRanges,
  detectCsvDelimiter,
  detectCsvHeader,
  firstCsvField,
  formatForFileName,
  maxCodesPerUpload,
  maxUploadBytes,
  notSentText,
  parseCodeList,
  readCodeFile,
  readFileText,
  shortCodeEntries,
  startReport,
  translateLineReference,
  uploadCodes,
  type ChunkOutcome,
  type CodeEntry,
  type ParsedCodeList,
  type UploadProgress,
} from './code-upload';

function parsed(
  text: string,
  options: Parameters<typeof parseCodeList>[1] = { format: 'LINES' },
): ParsedCodeList {
  const outcome = parseCodeList(text, options);
  if (!outcome.ok) throw new Error(`expected a list, got: ${outcome.message}`);
  return outcome.list;
}

function codesOf(count: number, prefix = 'CODE'): string {
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1).padStart(5, '0')}`).join(
    '\n',
  );
}

/**
 * A stand-in for addCodes that behaves as the server does: it stores each code once (case and
 * separators folded), reports a repeat inside one call by the earlier line's place in that call,
 * and numbers rejected lines from 1 within the call.
 */
function fakeServer(
  options: { failOnCall?: number; refuseOnCall?: number; invalid?: (code: string) => boolean } = {},
) {
  const stored = new Set<string>();
  const calls: string[][] = [];
  const send = async (codes: string[]): Promise<ChunkOutcome> => {
    calls.push(codes);
    if (calls.length === options.failOnCall) throw new TypeError('Failed to fetch');
    if (calls.length === options.refuseOnCall) {
      return { ok: false, message: 'A listing holds at most 100000 available codes.' };
    }
    const rejectedLines: { line: number; status: 'DUPLICATE' | 'INVALID'; message: string }[] = [];
    const firstInCall = new Map<string, number>();
    let addedCount = 0;
    codes.forEach((code, index) => {
      const line = index + 1;
      const key = code.replace(/[\s-]+/g, '').toUpperCase();
      if (options.invalid?.(code)) {
        rejectedLines.push({
          line,
          status: 'INVALID',
          message: 'A code holds printable ASCII characters only.',
        });
      } else if (firstInCall.has(key)) {
        rejectedLines.push({
          line,
          status: 'DUPLICATE',
          message: `This code repeats line ${firstInCall.get(key)}.`,
        });
      } else if (stored.has(key)) {
        rejectedLines.push({ line, status: 'DUPLICATE', message: 'This code is already in this listing.' });
      } else {
        firstInCall.set(key, line);
        stored.add(key);
        addedCount += 1;
      }
    });
    return {
      ok: true,
      answer: {
        addedCount,
        duplicateCount: rejectedLines.filter((line) => line.status === 'DUPLICATE').length,
        invalidCount: rejectedLines.filter((line) => line.status === 'INVALID').length,
        rejectedLines,
        stock: stored.size,
      },
    };
  };
  return { send, calls, stored };
}

describe('shortCodeEntries', () => {
  it('picks the lines with fewer than 5 characters besides dashes and spaces, as the server refuses them, counting characters, not bytes', () => {
    const entries: CodeEntry[] = [
      { line: 1, code: 'HK-0001' },
      { line: 2, code: 'x' },
      { line: 3, code: '1234' },
      { line: 4, code: '12345' },
      { line: 5, code: 'ÄÖÜ' },
      // (the newcomer probe: five characters with its dash, four without: the server refused it)
      { line: 6, code: 'AB-CD' },
      { line: 7, code: 'AB-CDE' },
    ];
    expect(shortCodeEntries(entries)).toEqual([
      { line: 2, code: 'x' },
      { line: 3, code: '1234' },
      { line: 5, code: 'ÄÖÜ' },
      { line: 6, code: 'AB-CD' },
    ]);
    expect(shortCodeEntries(entries.slice(0, 1))).toEqual([]);
  });
});

describe('parseCodeList', () => {
  it('given one code per line, when parsed, then each code keeps its 1-based line and is trimmed', () => {
    const list = parsed('AAAA-1111\n  BBBB-2222  \nCCCC-3333');
    expect(list.entries).toEqual([
      { line: 1, code: 'AAAA-1111' },
      { line: 2, code: 'BBBB-2222' },
      { line: 3, code: 'CCCC-3333' },
    ]);
  });

  it('given blank and whitespace-only lines, when parsed, then they are skipped but still counted in the numbering', () => {
    const list = parsed('\nAAAA\n   \n\t\nBBBB\n\n');
    expect(list.entries).toEqual([
      { line: 2, code: 'AAAA' },
      { line: 5, code: 'BBBB' },
    ]);
    expect(list.blankLines).toBe(4);
  });

  it('given Windows and old Mac line endings and a byte-order mark, when parsed, then lines split the same way', () => {
    const list = parsed('\uFEFFAAAA\r\nBBBB\rCCCC\r\n');
    expect(list.entries.map((entry) => entry)).toEqual([
      { line: 1, code: 'AAAA' },
      { line: 2, code: 'BBBB' },
      { line: 3, code: 'CCCC' },
    ]);
  });

  it('given a list of codes, when parsed as lines, then commas stay part of the code', () => {
    expect(parsed('AB,CD').entries).toEqual([{ line: 1, code: 'AB,CD' }]);
  });

  it('given a CSV, when parsed, then only the first column is the code', () => {
    const list = parsed('AAAA-1111,Steam,2025-01-01\nBBBB-2222,Steam,2025-01-02', { format: 'CSV' });
    expect(list.entries).toEqual([
      { line: 1, code: 'AAAA-1111' },
      { line: 2, code: 'BBBB-2222' },
    ]);
    expect(list.delimiter).toBe(',');
  });

  it('given a CSV with a header row the seller marked, when parsed, then the header is not a code and numbering is unchanged', () => {
    const list = parsed('\ncode,platform\nAAAA,Steam\n\nBBBB,Steam', { format: 'CSV', skipHeader: true });
    expect(list.headerLine).toBe(2);
    expect(list.entries).toEqual([
      { line: 3, code: 'AAAA' },
      { line: 5, code: 'BBBB' },
    ]);
  });

  it('given a semicolon CSV (Excel in comma-decimal locales), when parsed, then the delimiter is detected', () => {
    const list = parsed('AAAA;19,99;Steam\nBBBB;19,99;Steam', { format: 'CSV' });
    expect(list.delimiter).toBe(';');
    expect(list.entries.map((entry) => entry.code)).toEqual(['AAAA', 'BBBB']);
  });

  it('given quoted CSV fields, when parsed, then quotes are removed, delimiters inside them kept and doubled quotes unescaped', () => {
    const list = parsed('"AB,CD",x\n"E""F",y\n  "GH"  ,z', { format: 'CSV' });
    expect(list.entries.map((entry) => entry.code)).toEqual(['AB,CD', 'E"F', 'GH']);
  });

  it('given a CSV row whose quote never closes, when parsed, then it is reported invalid with its line and never sent', () => {
    const list = parsed('AAAA,x\n"BBBB,y\nCCCC,z', { format: 'CSV' });
    expect(list.entries.map((entry) => entry.line)).toEqual([1, 3]);
    expect(list.rejected).toEqual([
      { line: 2, code: '"BBBB,y', status: 'INVALID', message: expect.stringContaining('does not close') },
    ]);
  });

  it('given a CSV row with an empty first column, when parsed, then it is skipped as blank', () => {
    const list = parsed('AAAA,x\n,y\n"",z', { format: 'CSV' });
    expect(list.entries).toEqual([{ line: 1, code: 'AAAA' }]);
    expect(list.blankLines).toBe(2);
  });

  it('given exactly 10,000 codes among blank lines, when parsed, then it is accepted', () => {
    const text = codesOf(maxCodesPerUpload).replace(/\n/g, '\n\n');
    const list = parsed(text);
    expect(list.entries).toHaveLength(maxCodesPerUpload);
    expect(list.entries.at(-1)?.line).toBe(2 * maxCodesPerUpload - 1);
  });

  it('given 10,001 codes, when parsed, then it is refused with the count and the limit', () => {
    const outcome = parseCodeList(codesOf(maxCodesPerUpload + 1), { format: 'LINES' });
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('10001 codes') });
    expect(outcome.ok ? '' : outcome.message).toContain(`at most ${maxCodesPerUpload}`);
  });

  it('given a text over the size limit, when parsed, then it is refused before splitting', () => {
    const outcome = parseCodeList('A'.repeat(maxUploadBytes + 1), { format: 'LINES' });
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('the limit is 5.0 MB') });
  });

  it('given an empty text, when parsed, then there is nothing to send', () => {
    expect(parsed('').entries).toEqual([]);
    expect(parsed('\n\n').entries).toEqual([]);
  });
});

describe('detectCsvHeader', () => {
  it('given a first row that names the codes column, when detected, then that name is returned', () => {
    expect(detectCsvHeader('code\nAAAA-1111\nBBBB-2222')).toBe('code');
    expect(detectCsvHeader('\uFEFF\n  Product Key ;platform\nAAAA;Steam')).toBe('Product Key');
    for (const name of [
      'Codes',
      'KEY',
      'serials',
      'pin',
      'License',
      'licences',
      'productkey',
      'Activation code',
    ]) {
      expect(detectCsvHeader(`${name},note\nAAAA-1111,x`)).toBe(name);
    }
    expect(detectCsvHeader('"code","note"\nAAAA,x')).toBe('code');
  });

  it('given a first field without a digit above fields that all have one, when detected, then it is a header', () => {
    expect(detectCsvHeader('Steam keys batch,note\nHK-0001,x\n\nHK-0002,y')).toBe('Steam keys batch');
    expect(detectCsvHeader('keycode\tregion\nAAAA-1111\tEU')).toBe('keycode');
  });

  it('given a first row that looks like a code, when detected, then there is no header', () => {
    expect(detectCsvHeader('AAAA-1111,note\nBBBB-2222,x')).toBeNull();
    // No digit anywhere: nothing tells a header from a code.
    expect(detectCsvHeader('ABCD-EFGH\nIJKL-MNOP')).toBeNull();
    expect(detectCsvHeader('ABCD-EFGH\nIJKL-0001\nMNOP-QRST')).toBeNull();
    // One row alone is a code, unless it is a column name.
    expect(detectCsvHeader('ABCD-EFGH')).toBeNull();
  });

  it('given an empty text or an empty first field, when detected, then there is no header', () => {
    expect(detectCsvHeader('')).toBeNull();
    expect(detectCsvHeader('\n\n')).toBeNull();
    expect(detectCsvHeader(',note\nAAAA-1111,x')).toBeNull();
  });

  it('given the detected header as the seller leaves it checked, when parsed, then it is not sent', () => {
    const text = 'code\nAAAA-1111\nBBBB-2222';
    const list = parsed(text, { format: 'CSV', skipHeader: detectCsvHeader(text) !== null });
    expect(list.headerLine).toBe(1);
    expect(list.entries.map((entry) => entry.code)).toEqual(['AAAA-1111', 'BBBB-2222']);
  });
});

describe('CSV helpers', () => {
  it('detectCsvDelimiter ignores delimiters inside quotes and defaults to a comma', () => {
    expect(detectCsvDelimiter('"a;b;c",d')).toBe(',');
    expect(detectCsvDelimiter('a\tb\tc')).toBe('\t');
    expect(detectCsvDelimiter('ABCD')).toBe(',');
  });

  it('firstCsvField takes the whole row when there is no delimiter', () => {
    expect(firstCsvField('ABCD', ',')).toBe('ABCD');
  });

  it('formatForFileName reads .csv as CSV and anything else as lines', () => {
    expect(formatForFileName('codes.CSV')).toBe('CSV');
    expect(formatForFileName('codes.txt')).toBe('LINES');
    expect(formatForFileName('codes')).toBe('LINES');
  });
});

describe('readCodeFile', () => {
  it('given a file over the limit, when read, then it is refused with its size and the limit, without reading it', async () => {
    const read = jest.fn();
    const outcome = await readCodeFile({ name: 'codes.csv', size: maxUploadBytes + 1 }, read);
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('codes.csv is 5.0 MB') });
    expect(read).not.toHaveBeenCalled();
  });

  it('given a text file, when read, then its text comes back', async () => {
    const file = new File(['AAAA\nBBBB'], 'codes.txt', { type: 'text/plain' });
    expect(await readCodeFile(file, () => readFileText(file))).toEqual({ ok: true, text: 'AAAA\nBBBB' });
  });

  it('given a file that cannot be read, when read, then the seller is told plainly', async () => {
    const outcome = await readCodeFile({ name: 'x.txt', size: 3 }, () => Promise.reject(new Error('gone')));
    expect(outcome).toEqual({
      ok: false,
      message: 'x.txt could not be read. Check that it is a text or CSV file.',
    });
  });
});

describe('chunkEntries', () => {
  it('splits in order into chunks of the size, the last one shorter', () => {
    const entries = parsed(codesOf(1_201)).entries;
    const chunks = chunkEntries(entries, 500);
    expect(chunks.map((chunk) => chunk.length)).toEqual([500, 500, 201]);
    expect(chunks.flat()).toEqual(entries);
  });

  it('refuses a chunk size the server would refuse', () => {
    expect(() => chunkEntries([], 0)).toThrow();
    expect(() => chunkEntries([], maxCodesPerUpload + 1)).toThrow();
  });
});

describe('translateLineReference', () => {
  it("rewrites a chunk position into the seller's line", () => {
    const chunk: CodeEntry[] = [
      { line: 501, code: 'A' },
      { line: 503, code: 'B' },
    ];
    expect(translateLineReference('This code repeats line 2.', chunk)).toBe('This code repeats line 503.');
    expect(translateLineReference('This code is already on CodeSale.', chunk)).toBe(
      'This code is already on CodeSale.',
    );
  });
});

describe('uploadCodes', () => {
  it('given 1,000 codes with blank lines, duplicates and invalid ones, when uploaded in chunks of 500, then results carry the original line numbers across chunks', async () => {
    // Line 1 and 1,000 hold the same code in different chunks; line 3 repeats line 2 inside chunk 1;
    // a blank line shifts every later line by one; the code on line 700 is invalid.
    const lines = codesOf(1_000).split('\n');
    lines[2] = lines[1] as string;
    lines[999] = (lines[0] as string).toLowerCase();
    lines[699] = 'bad\u00e9code';
    lines.splice(10, 0, '');
    const list = parsed(lines.join('\n'));
    expect(list.entries).toHaveLength(1_000);
    const server = fakeServer({ invalid: (code) => code.includes('\u00e9') });
    const progress: UploadProgress[] = [];

    const report = await uploadCodes(startReport(list), {
      send: server.send,
      chunkSize: 500,
      onProgress: (step) => progress.push(step),
    });

    expect(server.calls.map((call) => call.length)).toEqual([500, 500]);
    expect(progress).toEqual([
      { sent: 0, total: 1_000 },
      { sent: 500, total: 1_000 },
      { sent: 1_000, total: 1_000 },
    ]);
    expect(report.rejected).toEqual([
      { line: 3, code: 'CODE-00002', status: 'DUPLICATE', message: 'This code repeats line 2.' },
      { line: 701, code: 'bad\u00e9code', status: 'INVALID', message: expect.any(String) },
      {
        line: 1_001,
        code: 'code-00001',
        status: 'DUPLICATE',
        message: 'This code is already in this listing.',
      },
    ]);
    expect(report).toMatchObject({
      total: 1_000,
      sent: 1_000,
      addedCount: 997,
      duplicateCount: 2,
      invalidCount: 1,
      stock: 997,
      notSent: [],
      failure: null,
    });
  });

  it("given a repeat inside a later chunk, when merged, then its message names the seller's line, not the chunk position", async () => {
    const list = parsed(['A1', 'A2', 'B1', 'B1'].join('\n'));
    const report = await uploadCodes(startReport(list), { send: fakeServer().send, chunkSize: 2 });
    expect(report.rejected).toEqual([
      { line: 4, code: 'B1', status: 'DUPLICATE', message: 'This code repeats line 3.' },
    ]);
  });

  it('given the parser rejected a row, when the rest is uploaded, then that row counts as invalid among the results', async () => {
    const list = parsed('AAAA\n"BBBB\nCCCC', { format: 'CSV' });
    const report = await uploadCodes(startReport(list), { send: fakeServer().send });
    expect(report.invalidCount).toBe(1);
    expect(report.addedCount).toBe(2);
    expect(report.rejected.map((line) => line.line)).toEqual([2]);
  });

  it('given the third chunk gets no answer, when uploading, then it stops, keeps the first two chunks and lists exactly the lines not sent', async () => {
    const list = parsed(codesOf(1_200).replace('CODE-00001\n', 'CODE-00001\n\n'));
    const server = fakeServer({ failOnCall: 3 });

    const report = await uploadCodes(startReport(list), { send: server.send, chunkSize: 500 });

    expect(server.calls).toHaveLength(3);
    expect(report.failure).toEqual({
      kind: 'NO_ANSWER',
      message: 'Failed to fetch',
    });
    expect(report).toMatchObject({ total: 1_200, sent: 1_000, addedCount: 1_000, stock: 1_000 });
    expect(report.notSent).toHaveLength(200);
    // 1,000 codes sent took lines 1 to 1,001 (line 2 is blank): the rest starts at line 1,002.
    expect(describeLineRanges(report.notSent.map((entry) => entry.line))).toBe('1002–1201');
    expect(notSentText(report).split('\n')[0]).toBe('CODE-01001');
  });

  it('given a failed upload, when retried with its report, then only the lines not sent go and the results add up', async () => {
    const list = parsed(codesOf(1_200));
    const server = fakeServer({ failOnCall: 2 });
    const failed = await uploadCodes(startReport(list), { send: server.send, chunkSize: 500 });
    expect(failed.notSent[0]?.line).toBe(501);

    const retried = await uploadCodes(failed, { send: server.send, chunkSize: 500 });

    expect(server.calls.slice(2).map((call) => call[0])).toEqual(['CODE-00501', 'CODE-01001']);
    expect(retried).toMatchObject({
      total: 1_200,
      sent: 1_200,
      addedCount: 1_200,
      notSent: [],
      failure: null,
      stock: 1_200,
    });
  });

  it('given the server refuses a chunk whole (a user error), when uploading, then its message is kept and nothing after it is sent', async () => {
    const list = parsed(codesOf(30));
    const server = fakeServer({ refuseOnCall: 2 });
    const report = await uploadCodes(startReport(list), { send: server.send, chunkSize: 10 });
    expect(server.calls).toHaveLength(2);
    expect(report.failure).toEqual({
      kind: 'REFUSED',
      message: 'A listing holds at most 100000 available codes.',
    });
    expect(report.notSent.map((entry) => entry.line)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 11),
    );
  });

  it('given the seller stops, when the chunk in flight is answered, then it counts and the rest is not sent', async () => {
    const list = parsed(codesOf(30));
    const controller = new AbortController();
    const server = fakeServer();
    const report = await uploadCodes(startReport(list), {
      send: async (codes) => {
        controller.abort();
        return server.send(codes);
      },
      chunkSize: 10,
      signal: controller.signal,
    });
    expect(server.calls).toHaveLength(1);
    expect(report.failure?.kind).toBe('STOPPED');
    expect(report.sent).toBe(10);
    expect(report.notSent[0]?.line).toBe(11);
  });

  it('given an answer naming a line outside the chunk, when merged, then it fails loudly rather than mislabel a line', async () => {
    const list = parsed('AAAA');
    const send = async (): Promise<ChunkOutcome> => ({
      ok: true,
      answer: {
        addedCount: 0,
        duplicateCount: 1,
        invalidCount: 0,
        rejectedLines: [{ line: 2, status: 'DUPLICATE', message: 'x' }],
        stock: 0,
      },
    });
    await expect(uploadCodes(startReport(list), { send })).rejects.toThrow('line 2 of a chunk of 1');
  });
});

describe('describeLineRanges', () => {
  it('writes runs as ranges and joins the last with "and"', () => {
    expect(describeLineRanges([9, 3, 4, 5])).toBe('3–5 and 9');
    expect(describeLineRanges([1, 3, 5])).toBe('1, 3 and 5');
    expect(describeLineRanges([7])).toBe('7');
    expect(describeLineRanges([])).toBe('');
  });

  it('stops writing out ranges at the limit and counts the rest', () => {
    expect(describeLineRanges([1, 3, 5, 7, 9], 2)).toBe('1, 3 and 3 more ranges');
  });
});
