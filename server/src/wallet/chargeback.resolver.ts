import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { loadUser, User } from '../auth/auth.types';
import { Role } from '../auth/roles';
import { Money } from '../graphql/money.types';
import { requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromGlobalId,
  keysetPage,
  toConnection,
  type ConnectionShape,
} from '../graphql/relay';
import { ChargebackFilter, WriteOffChargebackLossInput } from './chargeback.inputs';
import {
  Chargeback,
  ChargebackConnection,
  ChargebackWriteOff,
  WriteOffChargebackLossPayload,
} from './chargeback.types';
import { Wallet } from './wallet.types';

/**
 * Chargebacks for admins: the list to decide from, and the write-off of a lost one's wallet
 * deficit. The Chargeback type is reachable only through these admin fields.
 */
@Resolver(() => Chargeback)
export class ChargebackResolver {
  @Authorized(Role.ADMIN)
  @Query(() => ChargebackConnection, {
    description:
      'Admin only: chargebacks, most recently opened first. `filter: { status: LOST, writtenOff: false }` lists ' +
      'the ones whose wallet deficit is still to be written off (see `pendingWriteOffAmount`).',
  })
  async chargebacks(
    @Arg('filter', () => ChargebackFilter, { nullable: true }) filter: ChargebackFilter | null,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Chargeback>> {
    const { first, cursor } = keysetPage(page);
    const rows = await context.services.chargebackWriteOffs.list(
      { status: filter?.status ?? null, writtenOff: filter?.writtenOff ?? null },
      first + 1,
      cursor,
    );
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.openedAtKey, id: row.chargeback.id }),
      Chargeback.from,
      cursor !== null,
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WriteOffChargebackLossPayload, {
    description:
      "Admin only: writes off a LOST chargeback's wallet deficit to chargeback losses, with a reason; audited. " +
      "The amount is the part of the wallet's deficit this chargeback accounts for: at most the chargeback's " +
      "amount, and never the part that the wallet's still-open chargebacks may bring back. Once per chargeback " +
      '(another attempt is ALREADY_WRITTEN_OFF); the same idempotency key and input return the first write-off. ' +
      'The wallet stays WALLET_AT_RISK: the write-off settles the books, not the fraud signal; lift the flag ' +
      'separately with liftWalletFlag.',
  })
  async writeOffChargebackLoss(
    @Arg('input') input: WriteOffChargebackLossInput,
    @Ctx() context: Context,
  ): Promise<WriteOffChargebackLossPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.chargebackWriteOffs.writeOffChargebackLoss(
      viewer.userId,
      {
        chargebackId: fromGlobalId(input.chargebackId, 'Chargeback'),
        reason: input.reason,
        idempotencyKey: input.idempotencyKey,
      },
      context.meta,
    );
    if ('errors' in result) return { writeOff: null, replayed: false, errors: result.errors };
    return { writeOff: ChargebackWriteOff.from(result.writeOff), replayed: result.replayed, errors: [] };
  }

  @FieldResolver(() => User)
  async buyer(@Root() chargeback: Chargeback, @Ctx() context: Context): Promise<User> {
    return loadUser(context, chargeback.row.chargeback.buyerId);
  }

  @FieldResolver(() => Wallet, {
    description: "The buyer's wallet in the chargeback's currency: balance and flag.",
  })
  async wallet(@Root() chargeback: Chargeback, @Ctx() context: Context): Promise<Wallet> {
    const { buyerId, currency } = chargeback.row.chargeback;
    const row = await context.services.wallet.findWalletOf(buyerId, currency);
    if (!row) throw new Error(`chargeback ${chargeback.row.chargeback.id} without its wallet`);
    return Wallet.from(row, (await context.services.wallet.balance(buyerId, currency)).amount);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'What writeOffChargebackLoss would write off now (0: nothing, the wallet is not negative or its deficit ' +
      'waits on open chargebacks); null unless the chargeback is LOST and not written off.',
  })
  async pendingWriteOffAmount(
    @Root() chargeback: Chargeback,
    @Ctx() context: Context,
  ): Promise<Money | null> {
    const amount = await context.services.chargebackWriteOffs.pendingWriteOffAmount(chargeback.row);
    return amount === null ? null : Money.of({ amount, currency: chargeback.row.chargeback.currency });
  }
}

@Resolver(() => ChargebackWriteOff)
export class ChargebackWriteOffResolver {
  @FieldResolver(() => Chargeback)
  async chargeback(@Root() writeOff: ChargebackWriteOff, @Ctx() context: Context): Promise<Chargeback> {
    const row = await context.services.chargebackWriteOffs.find(writeOff.chargebackRawId);
    if (!row) throw new Error(`write-off of a missing chargeback ${writeOff.chargebackRawId}`);
    return Chargeback.from(row);
  }

  @FieldResolver(() => User, { description: 'The admin who wrote it off.' })
  async writtenOffBy(@Root() writeOff: ChargebackWriteOff, @Ctx() context: Context): Promise<User> {
    return loadUser(context, writeOff.writtenOffByRawId);
  }
}
