import { splitFieldErrors } from './field-errors';

it('puts errors on their fields and the rest above the form', () => {
  const result = splitFieldErrors(
    [
      { code: 'EMAIL_TAKEN', message: 'An account with this email exists.', field: 'email' },
      { code: 'WEAK_PASSWORD', message: 'Use at least 12 characters.', field: 'password' },
      { code: 'TOO_MANY_ATTEMPTS', message: 'Wait a minute.', field: null },
      { code: 'X', message: 'Unknown field.', field: 'somethingElse' },
    ],
    ['email', 'password', 'displayName'] as const,
  );
  expect(result.fields).toEqual({
    email: 'An account with this email exists.',
    password: 'Use at least 12 characters.',
  });
  expect(result.form).toEqual(['Wait a minute.', 'Unknown field.']);
});

test('a refusal without errors shows the fallback above the form; errors replace it', () => {
  const fields = ['email', 'password'] as const;
  expect(splitFieldErrors([], fields, 'Signing in failed.')).toEqual({
    fields: {},
    form: ['Signing in failed.'],
  });
  expect(
    splitFieldErrors(
      [{ code: 'BAD', message: 'Wrong password.', field: 'password' }],
      fields,
      'Signing in failed.',
    ),
  ).toEqual({ fields: { password: 'Wrong password.' }, form: [] });
});
