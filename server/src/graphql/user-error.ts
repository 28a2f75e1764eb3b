import { Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';

/**
 * GraphQL's view of the user errors services return (shared/user-error.ts): the `UserError`
 * interface and one error type per mutation with its own code enum.
 */
@InterfaceType({ description: 'A business rule the request broke. Nothing was changed.' })
export abstract class UserError {
  @Field({ description: 'A human-readable explanation, safe to show.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault, when there is one.' })
  field!: string | null;
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
