/** A typed user error of a mutation payload (errors { code message field }). */
export interface PayloadError {
  code: string;
  message: string;
  field?: string | null;
}

/**
 * Splits a payload's errors into those shown on a field of the form and the rest, shown above it.
 * Field names are the input's (email, password, displayName). A refusal that names no error at all
 * (no payload result, no errors) shows `fallback` above the form, when given.
 */
export function splitFieldErrors<Field extends string>(
  errors: ReadonlyArray<PayloadError>,
  fields: ReadonlyArray<Field>,
  fallback?: string,
): { fields: Partial<Record<Field, string>>; form: string[] } {
  const byField: Partial<Record<Field, string>> = {};
  const form: string[] = [];
  for (const error of errors) {
    const field = fields.find((name) => name === error.field);
    if (field && !byField[field]) byField[field] = error.message;
    else form.push(error.message);
  }
  if (errors.length === 0 && fallback) form.push(fallback);
  return { fields: byField, form };
}
