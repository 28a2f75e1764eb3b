import { Field, ID, InputType } from 'type-graphql';
import { RiskRole, RiskTier } from './risk.types';

@InputType()
export class OverrideRiskTierInput {
  @Field(() => ID, { description: 'The user (a User id) whose tier is overridden.' })
  userId!: string;

  @Field(() => RiskRole)
  role!: RiskRole;

  @Field(() => RiskTier, { description: 'The tier in force until expiresAt, whatever the score.' })
  tier!: RiskTier;

  @Field({
    description: 'Why; 3 to 500 printable characters. Recorded in the audit log and the tier history.',
  })
  reason!: string;

  @Field({ description: 'In the future, at most RISK_OVERRIDE_MAX_DAYS (365 by default) from now.' })
  expiresAt!: Date;
}

@InputType()
export class ClearRiskOverrideInput {
  @Field(() => ID, { description: 'The user (a User id) whose override ends now.' })
  userId!: string;

  @Field(() => RiskRole)
  role!: RiskRole;

  @Field({
    description: 'Why; 3 to 500 printable characters. Recorded in the audit log and the tier history.',
  })
  reason!: string;
}
