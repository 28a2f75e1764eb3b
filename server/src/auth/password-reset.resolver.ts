import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { UserErrorType } from '../graphql/user-error';
import { passwordWorkRefusedError } from './auth.resolver';
import { RequestPasswordResetErrorCode, ResetPasswordErrorCode } from './password-reset.service';

const RequestPasswordResetError = UserErrorType('RequestPasswordResetError', RequestPasswordResetErrorCode);
const ResetPasswordError = UserErrorType('ResetPasswordError', ResetPasswordErrorCode);

@InputType()
class RequestPasswordResetInput {
  @Field({ description: "The account's email address." })
  email!: string;
}

@ObjectType()
class RequestPasswordResetPayload {
  @Field({
    description:
      'True when the request was taken: if an account has this email, a link to choose a new password is on its way to it. The answer is the same whether an account has the email or not.',
  })
  accepted!: boolean;

  @Field(() => [RequestPasswordResetError])
  errors!: InstanceType<typeof RequestPasswordResetError>[];
}

@InputType()
class ResetPasswordInput {
  @Field({ description: 'The token of the mailed link (what follows `#token=`).' })
  token!: string;

  @Field({ description: '10 to 256 characters.' })
  newPassword!: string;
}

@ObjectType()
class ResetPasswordPayload {
  @Field({ description: 'True when the password was set.' })
  reset!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The account's email, to sign in with the new password; null when refused.",
  })
  email!: string | null;

  @Field(() => [ResetPasswordError])
  errors!: InstanceType<typeof ResetPasswordError>[];
}

@Resolver()
export class PasswordResetResolver {
  @Mutation(() => RequestPasswordResetPayload, {
    description:
      'Mails a link to choose a new password to the account with this email, if there is one (the answer does not say). The link works once, for PASSWORD_RESET_LINK_MINUTES (30 by default). Limited per address (TOO_MANY_REQUESTS) and in mails per account per hour (beyond it, accepted and nothing is sent). UNAVAILABLE when the installation sends no mail.',
  })
  async requestPasswordReset(
    @Arg('input') input: RequestPasswordResetInput,
    @Ctx() context: Context,
  ): Promise<RequestPasswordResetPayload> {
    const result = await context.services.passwordReset.requestReset(input.email, context.meta);
    if ('errors' in result) return { accepted: false, errors: result.errors };
    return { accepted: true, errors: [] };
  }

  @Mutation(() => ResetPasswordPayload, {
    description:
      "Sets a new password with a mailed link's token. It signs out every session of the account, revokes its API keys, spends the account's other links and clears its failed sign-ins; it does not sign in (logIn with the email answered). INVALID_LINK for a used, replaced or unknown token, EXPIRED_LINK past its time.",
  })
  async resetPassword(
    @Arg('input') input: ResetPasswordInput,
    @Ctx() context: Context,
  ): Promise<ResetPasswordPayload> {
    const result = await context.services.passwordReset.reset(input, context.meta);
    if ('refused' in result) throw passwordWorkRefusedError(result.refused, context);
    if ('errors' in result) return { reset: false, email: null, errors: result.errors };
    return { reset: true, email: result.email, errors: [] };
  }
}
