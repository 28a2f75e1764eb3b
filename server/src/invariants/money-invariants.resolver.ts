import { GraphQLError } from 'graphql';
import {
  Authorized,
  Ctx,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { forbidden } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import type { MoneyInvariantsSnapshot } from './money-invariants.service';
import { MoneyInvariants } from './money-invariants.types';
import { TooManySnapshotSubscribers } from './snapshot-feed';

/** Admins through a browser session: API keys never hold ADMIN, and are refused here besides. */
function isSessionAdmin(viewer: Viewer | null): boolean {
  return viewer !== null && viewer.via === 'session' && hasRole(viewer, Role.ADMIN);
}

/**
 * The admins' live money invariant panel. Both fields read the same shared snapshot
 * (`services.moneyInvariantsFeed`): however many admins look, one computation per burst of changes.
 */
@Resolver(() => MoneyInvariants)
export class MoneyInvariantsResolver {
  @Authorized(Role.ADMIN)
  @Query(() => MoneyInvariants, {
    description:
      'Admin only: escrow against the orders held, debits against credits, wallet flags, per currency, from one consistent snapshot with every change committed before the request.',
  })
  async moneyInvariants(@Ctx() context: Context): Promise<MoneyInvariants> {
    if (!isSessionAdmin(context.viewer)) throw forbidden();
    return MoneyInvariants.from(await context.services.moneyInvariantsFeed.current());
  }

  @Authorized(Role.ADMIN)
  @Subscription(() => MoneyInvariants, {
    subscribe: ({ context }: SubscribeResolverData<unknown, object, Context>) => {
      if (!isSessionAdmin(context.viewer)) throw forbidden();
      try {
        return context.services.moneyInvariantsFeed.subscribe();
      } catch (error) {
        if (!(error instanceof TooManySnapshotSubscribers)) throw error;
        throw new GraphQLError('Too many money invariant panels are open on this server: try again later.', {
          extensions: { code: 'SERVER_BUSY' },
        });
      }
    },
    description:
      'Admin only: the money invariants now, then a fresh snapshot each time money moves or a wallet flag changes (woken by the database on commit, never by polling). Bursts are coalesced: at most one snapshot per MONEY_INVARIANTS_MIN_INTERVAL_MS, the last one always after the last change. A slow client receives the newest snapshot and skips those it had no time for.',
  })
  moneyInvariantsChanged(
    @Root() snapshot: MoneyInvariantsSnapshot,
    @Ctx() context: Context,
  ): MoneyInvariants {
    // Checked again per snapshot, like every subscription's event.
    if (!isSessionAdmin(context.viewer)) throw forbidden();
    return MoneyInvariants.from(snapshot);
  }
}
