import net from 'node:net';

/**
 * One keep-alive HTTP/1.1 connection that sends prepared request bytes and reads each answer, one
 * request in flight at a time. The load generator uses it instead of node:http: on a 2-core
 * machine the client shares the CPUs with the server, and node:http's per-request cost
 * (ClientRequest, header objects, the agent) would cap a bare route's rate at the client's speed.
 * Writing a prepared Buffer and scanning the answer's head for its length costs a few
 * microseconds. Answers with Content-Length or chunked bodies are read; nothing else is needed
 * for Fastify.
 */

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

interface Pending {
  resolve: (answer: HttpAnswer) => void;
  reject: (error: Error) => void;
}

const headEnd = Buffer.from('\r\n\r\n');
/** A bounded answer: anything larger is a bug in the bench or the server. */
const maxAnswerBytes = 16 * 1024 * 1024;

export class HttpConnection {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private failure: Error | undefined;
  private readonly connected: Promise<void>;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.connected.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  /** Resolves once the TCP connection is up (a request waits for it anyway). */
  ready(): Promise<void> {
    return this.connected;
  }

  async request(bytes: Buffer): Promise<HttpAnswer> {
    await this.connected;
    if (this.failure) throw this.failure;
    if (this.pending) throw new Error('one request at a time on a connection');
    return new Promise<HttpAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.failure);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (this.buffer.length > maxAnswerBytes) {
      this.fail(new Error('answer larger than 16 MiB'));
      this.socket.destroy();
      return;
    }
    const answer = this.parse();
    if (!answer) return;
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) {
      this.fail(new Error('an answer nobody asked for'));
      return;
    }
    pending.resolve(answer);
  }

  /** The complete answer at the start of the buffer (removed from it), or undefined while incomplete. */
  private parse(): HttpAnswer | undefined {
    const end = this.buffer.indexOf(headEnd);
    if (end < 0) return undefined;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const bodyStart = end + 4;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length) {
      const bodyEnd = bodyStart + Number(length[1]);
      if (this.buffer.length < bodyEnd) return undefined;
      const body = this.buffer.subarray(bodyStart, bodyEnd);
      this.buffer = this.buffer.subarray(bodyEnd);
      return { status, body };
    }
    if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return this.parseChunked(status, bodyStart);
    if (status === 204 || status === 304) {
      this.buffer = this.buffer.subarray(bodyStart);
      return { status, body: Buffer.alloc(0) };
    }
    this.fail(new Error(`answer without a length: ${head.split('\r\n')[0]}`));
    return undefined;
  }

  private parseChunked(status: number, bodyStart: number): HttpAnswer | undefined {
    const parts: Buffer[] = [];
    let offset = bodyStart;
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n', offset);
      if (lineEnd < 0) return undefined;
      const size = parseInt(this.buffer.toString('latin1', offset, lineEnd), 16);
      if (Number.isNaN(size)) {
        this.fail(new Error('malformed chunk size'));
        return undefined;
      }
      const dataStart = lineEnd + 2;
      if (size === 0) {
        // No trailers from Fastify: the last chunk is followed by one empty line.
        if (this.buffer.length < dataStart + 2) return undefined;
        this.buffer = this.buffer.subarray(dataStart + 2);
        return { status, body: Buffer.concat(parts) };
      }
      if (this.buffer.length < dataStart + size + 2) return undefined;
      parts.push(this.buffer.subarray(dataStart, dataStart + size));
      offset = dataStart + size + 2;
    }
  }
}

/** The bytes of one POST with a JSON body and optional extra headers (cookie, CSRF token). */
export function postRequest(
  host: string,
  port: number,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Buffer {
  const payload = Buffer.from(body);
  const lines = [
    `POST ${path} HTTP/1.1`,
    `Host: ${host}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}
