import type { SerializerFn } from 'pino';

/**
 * Errors as they may appear in logs. A failed Drizzle query's message carries its parameters
 * (emails, names, whatever the user typed), and PostgreSQL's error detail and message quote the
 * offending values. Logs keep what finds the cause (the SQL text, PostgreSQL's code, constraint,
 * table and column, the stack) and drop the values.
 */

/** Causes are followed this deep; a longer chain is cut. */
const maxCauseDepth = 4;

/** PostgreSQL error fields that name things, never values (`detail`, `where`, `hint` may quote values). */
const namingFields = ['code', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'severity'];

export function errorForLog(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const message = messageForLog(error);
  const logged: Record<string, unknown> = {
    type: error.constructor.name,
    message,
    stack: error.stack?.replace(error.message, message),
  };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of namingFields) {
    if (typeof fields[field] === 'string') logged[field] = fields[field];
  }
  if (isFailedQuery(error)) logged['query'] = error.query;
  if (typeof fields['statusCode'] === 'number') logged['statusCode'] = fields['statusCode'];
  if (error.cause !== undefined && depth < maxCauseDepth)
    logged['cause'] = errorForLog(error.cause, depth + 1);
  return logged;
}

/** For pino's `serializers`: the keys errors are logged under, here and by graphile-worker. */
export const logSerializers: Record<string, SerializerFn> = {
  err: (error: unknown) => errorForLog(error),
  error: (error: unknown) => errorForLog(error),
};

/**
 * A log message without the `params: ...` lines of failed Drizzle queries, for text that embeds
 * an error's message and stack (graphile-worker's "Failed task ... with error ..." lines).
 */
export function withoutQueryParameters(text: string): string {
  return text.replace(/^(\s*)params: .*$/gm, '$1params: [redacted]');
}

/** Drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <values>", with `query` and `params`. */
function isFailedQuery(error: Error): error is Error & { query: string } {
  const fields = error as unknown as Record<string, unknown>;
  return typeof fields['query'] === 'string' && 'params' in fields;
}

/** PostgreSQL's own errors (pg's DatabaseError): a five-character SQLSTATE and a severity. */
function isDatabaseError(error: Error): boolean {
  const fields = error as unknown as Record<string, unknown>;
  return (
    typeof fields['severity'] === 'string' &&
    typeof fields['code'] === 'string' &&
    /^[0-9A-Z]{5}$/.test(fields['code'])
  );
}

function messageForLog(error: Error): string {
  if (isFailedQuery(error)) return `Failed query: ${error.query}`;
  // PostgreSQL quotes the value after a colon: `invalid input syntax for type uuid: "<value>"`.
  if (isDatabaseError(error)) return error.message.split(': ')[0] ?? '';
  return withoutQueryParameters(error.message);
}
