import { errorForLog, withoutQueryParameters } from './log-redaction';

/** The shape of pg's DatabaseError: the fields PostgreSQL sends back, on an Error. */
function databaseError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', ...fields });
}

/** The shape of Drizzle's DrizzleQueryError. */
function failedQuery(query: string, params: unknown[], cause: Error): Error {
  return Object.assign(new Error(`Failed query: ${query}\nparams: ${params.join(',')}`), {
    query,
    params,
    cause,
  });
}

describe('errorForLog', () => {
  it('keeps the SQL, the PostgreSQL code and the names it gives; drops parameters, detail and quoted values', () => {
    // given a failed query whose parameters and PostgreSQL error carry an email
    const cause = databaseError('invalid input syntax for type uuid: "ada@example.test"', {
      code: '22P02',
      detail: 'Key (email)=(ada@example.test) already exists.',
      where: "unnamed portal parameter $1 = 'ada@example.test'",
      routine: 'string_to_uuid',
    });
    const error = failedQuery('select * from users where id = $1', ['ada@example.test'], cause);

    // when it is made loggable
    const logged = errorForLog(error) as Record<string, any>;

    // then what finds the cause is there, and the email is nowhere
    expect(logged).toMatchObject({
      message: 'Failed query: select * from users where id = $1',
      query: 'select * from users where id = $1',
      cause: { message: 'invalid input syntax for type uuid', code: '22P02', routine: 'string_to_uuid' },
    });
    expect(logged['stack']).toContain('Failed query: select * from users where id = $1');
    expect(JSON.stringify(logged)).not.toContain('ada@example.test');
  });

  it('stops following causes after a few levels', () => {
    // given an error that is its own cause
    const error = new Error('loop');
    (error as { cause?: unknown }).cause = error;

    // then the logged chain ends
    let depth = 0;
    for (let logged = errorForLog(error) as { cause?: unknown }; logged.cause; depth++) {
      logged = logged.cause as { cause?: unknown };
    }
    expect(depth).toBeLessThan(10);
  });

  it('passes values that are not errors through', () => {
    expect(errorForLog('text')).toBe('text');
  });
});

describe('withoutQueryParameters', () => {
  it('redacts the params line of a failed query quoted in a log message', () => {
    const message =
      "Failed task 7 (risk.recompute, 3.10ms, attempt 1 of 5) with error 'Failed query: select 1\nparams: ada@example.test,42':\n  Error: Failed query: select 1\n  params: ada@example.test,42\n      at run";
    expect(withoutQueryParameters(message)).not.toContain('ada@example.test');
    expect(withoutQueryParameters(message)).toContain('Failed query: select 1');
  });
});
