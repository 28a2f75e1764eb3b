import { Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Expected outcomes of a mutation (out of stock, wrong password) are values in its payload's
 * `errors`, each with a code from the mutation's own enum. They are never masked. Bugs and
 * infrastructure failures are thrown and masked.
 */
@InterfaceType({ description: 'A business rule the request broke. Nothing was changed.' })
export abstract class UserError {
  @Field({ description: 'A human-readable explanation, safe to show.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault, when there is one.' })
  field!: string | null;
}

export interface UserErrorValue<Code extends string> {
  code: Code;
  message: string;
  field: string | null;
}

/** Declares `<name>` (implements UserError) with `code: <name>Code!` for the given enum. */
export function UserErrorType<Code extends string>(name: string, codes: Record<string, Code>) {
  registerEnumType(codes, { name: `${name}Code` });

  @ObjectType(name, { implements: UserError })
  class ErrorType extends UserError {
    @Field(() => codes)
    code!: Code;
  }
  return ErrorType;
}

export function userError<Code extends string>(code: Code, message: string, field: string | null = null) {
  return { code, message, field } satisfies UserErrorValue<Code>;
}
