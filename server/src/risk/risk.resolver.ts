import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromGlobalId,
  toConnection,
  type ConnectionShape,
  keysetPage,
} from '../graphql/relay';
import { ClearRiskOverrideInput, OverrideRiskTierInput } from './risk.inputs';
import { riskProfile, tierChanges } from './risk.queries';
import {
  ClearRiskOverridePayload,
  OverrideRiskTierPayload,
  RiskProfile,
  RiskRole,
  RiskTierChange,
  RiskTierChangeConnection,
} from './risk.types';

@Resolver(() => RiskProfile)
export class RiskResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => RiskProfile, {
    nullable: true,
    description:
      "Staff only: a user's risk in one role (score, factors, tier, override, tier history). Null for an unknown user.",
  })
  async riskProfile(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => RiskRole) role: RiskRole,
    @Ctx() context: Context,
  ): Promise<RiskProfile | null> {
    const rawId = fromGlobalId(userId, 'User');
    if (!rawId) return null;
    const view = await riskProfile(context.services.database, rawId, role);
    return view ? RiskProfile.from(view) : null;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => OverrideRiskTierPayload, {
    description:
      "Admin only: puts a user's role in a tier whatever the score, until expiresAt (required, at most a year away); audited.",
  })
  async overrideRiskTier(
    @Arg('input') input: OverrideRiskTierInput,
    @Ctx() context: Context,
  ): Promise<OverrideRiskTierPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.riskOverrides.overrideTier(
      viewer.userId,
      {
        userId: fromGlobalId(input.userId, 'User'),
        role: input.role,
        tier: input.tier,
        reason: input.reason,
        expiresAt: input.expiresAt,
      },
      context.meta,
    );
    if ('errors' in result) return { riskProfile: null, errors: result.errors };
    return { riskProfile: RiskProfile.from(result.profile), errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ClearRiskOverridePayload, {
    description: "Admin only: ends a user's override now; the computed tier is in force again. Audited.",
  })
  async clearRiskOverride(
    @Arg('input') input: ClearRiskOverrideInput,
    @Ctx() context: Context,
  ): Promise<ClearRiskOverridePayload> {
    const viewer = requireViewer(context);
    const result = await context.services.riskOverrides.clearOverride(
      viewer.userId,
      { userId: fromGlobalId(input.userId, 'User'), role: input.role, reason: input.reason },
      context.meta,
    );
    if ('errors' in result) return { riskProfile: null, errors: result.errors };
    return { riskProfile: RiskProfile.from(result.profile), errors: [] };
  }

  @FieldResolver(() => RiskTierChangeConnection, { description: 'Changes of this tier, newest first.' })
  async tierChanges(
    @Root() profile: RiskProfile,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<RiskTierChange>> {
    const { first, cursor } = keysetPage(page);
    const rows = await tierChanges(
      context.services.database,
      profile.userRawId,
      profile.role,
      first + 1,
      cursor,
    );
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }),
      (row) => RiskTierChange.from(row),
      cursor !== null,
    );
  }
}
