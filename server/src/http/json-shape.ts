import type { WebSocket } from 'ws';

/**
 * The shape of a JSON text, checked before it is parsed. `JSON.parse` is cheap on long strings and
 * costly on structure: 8 MiB of nested arrays (`[[[[...]]]]`) held the event loop for ~0.7 s, and
 * 8 MiB of empty objects (`[{},{},...]`) took ~350 MB of heap once parsed. No request of ours needs
 * more than a few levels, a few objects and a few thousand values (a code upload is one array of at
 * most MAX_CODES_PER_UPLOAD strings), so a text beyond these bounds is refused unparsed. The scan
 * jumps from quote to quote over strings: ~1.5 ms for a 7 MB upload of 10,000 codes.
 */
export interface JsonShapeLimits {
  /** Objects and arrays inside one another. */
  maxDepth: number;
  /** Objects and arrays in all. */
  maxContainers: number;
  /** Values in all (strings, numbers, literals, objects and arrays), counted by their separators. */
  maxValues: number;
}

export const requestJsonLimits: JsonShapeLimits = { maxDepth: 64, maxContainers: 10_000, maxValues: 100_000 };

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const openBracket = 0x5b;
const closeBrace = 0x7d;
const closeBracket = 0x5d;
const comma = 0x2c;

/**
 * Why `text` is refused, in words for the client, or null when it is within the limits. It does not
 * validate the JSON: the parser that runs next does (an unterminated string is left to it).
 */
export function jsonShapeRefusal(text: string, limits: JsonShapeLimits = requestJsonLimits): string | null {
  let depth = 0;
  let containers = 0;
  let values = 1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === quote) {
      const end = closingQuote(text, index);
      if (end < 0) return null;
      index = end;
    } else if (code === openBrace || code === openBracket) {
      depth += 1;
      containers += 1;
      if (depth > limits.maxDepth) {
        return `The JSON nests objects and arrays deeper than ${limits.maxDepth} levels; a GraphQL request needs a few.`;
      }
      if (containers > limits.maxContainers) {
        return `The JSON holds more than ${limits.maxContainers} objects and arrays; send fewer at a time.`;
      }
    } else if (code === closeBrace || code === closeBracket) {
      depth -= 1;
    } else if (code === comma) {
      values += 1;
      if (values > limits.maxValues) {
        return `The JSON holds more than ${limits.maxValues} values; send fewer at a time.`;
      }
    }
  }
  return null;
}

/** The index of the quote that ends the string opened at `open` (one not escaped), or -1. */
function closingQuote(text: string, open: number): number {
  let candidate = open;
  for (;;) {
    candidate = text.indexOf('"', candidate + 1);
    if (candidate < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(candidate - 1 - backslashes) === backslash) backslashes += 1;
    if (backslashes % 2 === 0) return candidate;
  }
}

/** graphql-ws's close code for a message it cannot take (CloseCode.BadRequest). */
const badRequestCloseCode = 4400;

/**
 * Checks each message of a graphql-ws socket as HTTP bodies are checked, before graphql-ws parses
 * it: a message beyond the limits closes the socket with 4400 and its reason, as graphql-ws closes
 * on a message it cannot parse, and reaches no listener. Installed on `connection`, before
 * graphql-ws adds its own message listener; ws hands every message through `emit`.
 */
export function screenSocketMessages(socket: WebSocket, limits: JsonShapeLimits = requestJsonLimits): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'message') {
      const refusal = jsonShapeRefusal(String(args[0]), limits);
      if (refusal) {
        // A close reason is at most 123 bytes.
        socket.close(badRequestCloseCode, Buffer.from(refusal).subarray(0, 123).toString());
        return false;
      }
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}
