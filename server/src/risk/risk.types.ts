import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { RiskFactor as RiskFactorValue } from '../domain/risk-scoring';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import { ClearRiskOverrideErrorCode, OverrideRiskTierErrorCode } from './risk.errors';
import type { RiskProfileView, TierChangeRow } from './risk.queries';

/** GraphQL mirrors of domain/risk-scoring.ts's unions (type-graphql needs enums). */
export enum RiskTier {
  NORMAL = 'NORMAL',
  WARNING = 'WARNING',
  AT_RISK = 'AT_RISK',
  RESTRICTED = 'RESTRICTED',
  BANNED = 'BANNED',
}
registerEnumType(RiskTier, {
  name: 'RiskTier',
  description:
    'Ascending severity. The tier in force is the admin override until it expires, else the computed tier.',
  valuesConfig: {
    NORMAL: { description: 'No restriction.' },
    WARNING: { description: 'Buyer: fewer disputes may be open at once.' },
    AT_RISK: { description: 'Seller: payouts are held. Buyer: no new dispute (by default).' },
    RESTRICTED: { description: 'Seller: listings hidden and not for sale. Buyer: no purchase.' },
    BANNED: {
      description:
        'No transaction of any kind (purchase, top-up, listing change, dispute); sessions revoked.',
    },
  },
});

export enum RiskRole {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
}
registerEnumType(RiskRole, {
  name: 'RiskRole',
  description: 'Each role a user holds is scored and tiered on its own.',
});

export enum RiskTierChangeCause {
  RECOMPUTE = 'RECOMPUTE',
  OVERRIDE_SET = 'OVERRIDE_SET',
  OVERRIDE_CLEARED = 'OVERRIDE_CLEARED',
  OVERRIDE_EXPIRED = 'OVERRIDE_EXPIRED',
}
registerEnumType(RiskTierChangeCause, {
  name: 'RiskTierChangeCause',
  valuesConfig: {
    RECOMPUTE: { description: 'A new score moved the computed tier (fromTier -> toTier).' },
    OVERRIDE_SET: { description: 'An admin set an override (the tier in force moved fromTier -> toTier).' },
    OVERRIDE_CLEARED: { description: 'An admin cleared the override: the computed tier is in force again.' },
    OVERRIDE_EXPIRED: { description: 'The override expired: the computed tier is in force again.' },
  },
});

@ObjectType({ description: 'One input of a risk score and the points it added.' })
export class RiskFactor {
  @Field({
    description: 'chargebacks, disputesLost, disputesLostRatio, refundRatio, accountAge or velocity.',
  })
  name!: string;

  @Field(() => Int, { description: 'A count, a ratio in basis points (ratios), or days (accountAge).' })
  value!: number;

  @Field(() => Int, { description: 'Points added to the score; never negative.' })
  contribution!: number;

  static from(value: RiskFactorValue): RiskFactor {
    return Object.assign(new RiskFactor(), {
      name: value.name,
      value: value.value,
      contribution: value.contribution,
    });
  }
}

@ObjectType({ description: "An admin's decision that replaces the computed tier until it expires." })
export class RiskOverride {
  @Field(() => RiskTier)
  tier!: RiskTier;

  @Field()
  reason!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => ID, { description: 'The admin (a User id) who set it.' })
  setById!: string;

  @Field()
  setAt!: Date;
}

@ObjectType({ implements: Node, description: "A user's risk in one role: score, tier in force, override." })
export class RiskProfile extends Node {
  userRawId!: string;

  @Field(() => ID, { description: 'The user (a User id).' })
  userId!: string;

  @Field(() => RiskRole)
  role!: RiskRole;

  @Field(() => RiskTier, {
    description: 'The tier in force now: the override while it lasts, else the computed tier.',
  })
  tier!: RiskTier;

  @Field(() => RiskTier, { description: 'The tier of the latest score (NORMAL when never scored).' })
  computedTier!: RiskTier;

  @Field(() => Int, { description: '0 to 1000; 0 when never scored.' })
  score!: number;

  @Field(() => Int, { nullable: true, description: 'The scoring version of the latest score.' })
  scoringVersion!: number | null;

  @Field(() => [RiskFactor])
  factors!: RiskFactor[];

  @Field(() => Date, {
    nullable: true,
    description: 'When the history behind the latest score was collected.',
  })
  computedAt!: Date | null;

  @Field(() => RiskOverride, { nullable: true, description: 'The override in force, if any.' })
  override!: RiskOverride | null;

  static from(view: RiskProfileView): RiskProfile {
    return Object.assign(new RiskProfile(), {
      id: toGlobalId('RiskProfile', `${view.userId}:${view.role}`),
      userRawId: view.userId,
      userId: toGlobalId('User', view.userId),
      role: view.role as RiskRole,
      tier: view.tier as RiskTier,
      computedTier: view.computedTier as RiskTier,
      score: view.score,
      scoringVersion: view.scoringVersion,
      factors: view.factors.map((factor) => RiskFactor.from(factor)),
      computedAt: view.computedAt,
      override: view.override
        ? Object.assign(new RiskOverride(), {
            tier: view.override.tier as RiskTier,
            reason: view.override.reason,
            expiresAt: view.override.expiresAt,
            setById: toGlobalId('User', view.override.setBy),
            setAt: view.override.setAt,
          })
        : null,
    });
  }
}

@ObjectType({ implements: Node, description: 'One change of a risk tier; append-only.' })
export class RiskTierChange extends Node {
  @Field(() => RiskTierChangeCause)
  cause!: RiskTierChangeCause;

  @Field(() => RiskTier)
  fromTier!: RiskTier;

  @Field(() => RiskTier)
  toTier!: RiskTier;

  @Field(() => RiskTier, { description: 'The tier in force right after the change.' })
  effectiveTier!: RiskTier;

  @Field(() => Int)
  score!: number;

  @Field(() => [RiskFactor])
  factors!: RiskFactor[];

  @Field(() => Int, { nullable: true })
  scoringVersion!: number | null;

  @Field({ description: "The recompute's trigger (CHARGEBACK_OPENED, ...) or the admin's reason." })
  reason!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The admin (a User id); null for a recompute or an expiry.',
  })
  actorId!: string | null;

  @Field(() => Date, { nullable: true, description: 'OVERRIDE_SET: when the override ends.' })
  overrideExpiresAt!: Date | null;

  @Field()
  createdAt!: Date;

  static from(row: TierChangeRow): RiskTierChange {
    return Object.assign(new RiskTierChange(), {
      id: toGlobalId('RiskTierChange', row.id),
      cause: row.cause as RiskTierChangeCause,
      fromTier: row.fromTier as RiskTier,
      toTier: row.toTier as RiskTier,
      effectiveTier: row.effectiveTier as RiskTier,
      score: row.score,
      factors: row.factors.map((factor) => RiskFactor.from(factor)),
      scoringVersion: row.scoringVersion,
      reason: row.reason,
      actorId: row.actorUserId ? toGlobalId('User', row.actorUserId) : null,
      overrideExpiresAt: row.overrideExpiresAt,
      createdAt: row.createdAt,
    });
  }
}

export const RiskTierChangeConnection = Connection(RiskTierChange, 'RiskTierChange');

export const OverrideRiskTierError = UserErrorType('OverrideRiskTierError', OverrideRiskTierErrorCode);
export const ClearRiskOverrideError = UserErrorType('ClearRiskOverrideError', ClearRiskOverrideErrorCode);

@ObjectType()
export class OverrideRiskTierPayload {
  @Field(() => RiskProfile, { nullable: true })
  riskProfile!: RiskProfile | null;

  @Field(() => [OverrideRiskTierError])
  errors!: InstanceType<typeof OverrideRiskTierError>[];
}

@ObjectType()
export class ClearRiskOverridePayload {
  @Field(() => RiskProfile, { nullable: true })
  riskProfile!: RiskProfile | null;

  @Field(() => [ClearRiskOverrideError])
  errors!: InstanceType<typeof ClearRiskOverrideError>[];
}
