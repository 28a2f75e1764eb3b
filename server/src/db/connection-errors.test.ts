import { logConnectionError } from './pool';

/** A pooled client's lost connection: a server shutdown is a one-line warning, anything else an error. */
describe('logConnectionError', () => {
  const logged = () => {
    const lines: { level: string; fields: object; message: string }[] = [];
    const log = {
      warn: (fields: object, message: string) => lines.push({ level: 'warn', fields, message }),
      error: (fields: object, message: string) => lines.push({ level: 'error', fields, message }),
    };
    return { lines, log };
  };
  const pgError = (code: string | undefined) =>
    Object.assign(new Error('terminating connection due to administrator command'), {
      code,
      // pg attaches the client to some errors: several KB that must not reach the log.
      client: { connectionParameters: { password: 'secret' }, queue: new Array(100).fill('x') },
    });

  it('logs a connection the server ended (57P01) as a warning with its code and message only', () => {
    const { lines, log } = logged();
    logConnectionError(log, pgError('57P01'), 'database client error');
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: {
          err: {
            type: 'Error',
            code: '57P01',
            message: 'terminating connection due to administrator command',
          },
        },
        message: 'database client error',
      },
    ]);
  });

  it('logs any other lost connection as an error, still without the client', () => {
    const { lines, log } = logged();
    logConnectionError(log, pgError(undefined), 'idle database client error');
    expect(lines.map((line) => line.level)).toEqual(['error']);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
