import http from 'node:http';

/**
 * POSTs to `path` announcing a body of `announcedBytes` and sending only its first kilobyte, then
 * waits for the answer: a route that answers before reading the body (a refusal from the headers
 * alone) answers; one that waits for the whole body would not, and the test times out.
 */
export function answerWithoutTheBody(
  baseUrl: string,
  path: string,
  announcedBytes: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { error?: string } }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': announcedBytes, ...headers },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
      });
    });
    request.on('error', reject);
    request.write(Buffer.alloc(1024));
  });
}
