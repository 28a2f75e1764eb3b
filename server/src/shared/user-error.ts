/**
 * Expected outcomes of a mutation (out of stock, wrong password) are values: a code from the
 * mutation's own enum, a message safe to show, and the input field at fault. They are never
 * masked. Bugs and infrastructure failures are thrown and masked. (GraphQL's view of these values
 * is graphql/user-error.ts; services know only this file.)
 */
export interface UserErrorValue<Code extends string> {
  code: Code;
  message: string;
  field: string | null;
}

/** A result, or the rules it broke. */
export type Refusable<Value, Code extends string> = Value | { errors: UserErrorValue<Code>[] };

export function userError<Code extends string>(code: Code, message: string, field: string | null = null) {
  return { code, message, field } satisfies UserErrorValue<Code>;
}

/**
 * A broken business rule inside a transaction: thrown so that the transaction rolls back, then
 * turned back into a value by `catchRefusal`. The one refusal mechanism of every service.
 */
export class Refusal<Code extends string = string> extends Error {
  constructor(readonly error: UserErrorValue<Code>) {
    super(error.code);
    this.name = 'Refusal';
  }
}

/** Throws the refusal of `code`: `refuse(PurchaseListingErrorCode.OUT_OF_STOCK, 'This listing is out of stock.')`. */
export function refuse<Code extends string>(code: Code, message: string, field: string | null = null): never {
  throw new Refusal(userError(code, message, field));
}

/**
 * Runs `work` (usually a whole transaction); a Refusal it throws becomes `{ errors: [...] }`.
 * `Code` is the mutation's enum: every `refuse` inside `work` names one of its codes.
 */
export async function catchRefusal<Value, Code extends string>(
  work: () => Promise<Value>,
): Promise<Refusable<Value, Code>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) return { errors: [error.error as UserErrorValue<Code>] };
    throw error;
  }
}
