import { Field, InputType } from 'type-graphql';

@InputType()
export class StartPayoutOnboardingInput {
  @Field(() => String, {
    nullable: true,
    description:
      'The country of the new account (ISO 3166-1 alpha-2, one of PAYOUT_CONNECT_COUNTRIES); the platform default when omitted. Ignored once the account exists.',
  })
  country?: string | null;
}
