import { GraphQLError } from 'graphql';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { isStaff, Role } from '../auth/roles';
import { User } from '../auth/auth.types';
import { isCurrency, supportedCurrencies } from '../domain/money';
import { OwnerOrStaff, requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromGlobalId,
  toConnection,
  type ConnectionShape,
  keysetPage,
} from '../graphql/relay';
import { entryConnection } from '../ledger/ledger.resolver';
import { LedgerEntryConnection, type LedgerEntry } from '../ledger/ledger.types';
import { CancelTopUpInput, CreateTopUpInput, LiftWalletFlagInput, ResumeTopUpInput } from './wallet.inputs';
import { LiftWalletFlagErrorCode } from './wallet.service';
import {
  CancelTopUpPayload,
  CreateTopUpPayload,
  LiftWalletFlagPayload,
  PaymentSettings,
  ResumeTopUpPayload,
  TopUp,
  TopUpConnection,
  Wallet,
  WalletConnection,
} from './wallet.types';

@Resolver(() => Wallet)
export class WalletResolver {
  @Authorized(Role.BUYER)
  @Mutation(() => CreateTopUpPayload, {
    description:
      'Starts a card top-up of the wallet: returns the Stripe client secret to confirm the payment with. ' +
      'The wallet is credited only when Stripe confirms the payment (webhook), never by this mutation.',
  })
  async createTopUp(
    @Arg('input') input: CreateTopUpInput,
    @Ctx() context: Context,
  ): Promise<CreateTopUpPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.topUps.createTopUp(viewer.userId, input);
    if ('errors' in result)
      return { topUp: null, clientSecret: null, replayed: false, errors: result.errors };
    return {
      topUp: TopUp.from(result.topUp),
      clientSecret: result.clientSecret,
      replayed: result.replayed,
      errors: [],
    };
  }

  @Authorized(Role.BUYER)
  @Mutation(() => ResumeTopUpPayload, {
    description:
      'Pays one of your unpaid top-ups (PENDING, or FAILED after a declined card) without starting a new one: returns ' +
      'its Stripe client secret again, as createTopUp did. A paid or canceled top-up, or one whose payment is being ' +
      'processed, is TOP_UP_NOT_PAYABLE. Nothing is charged by this mutation.',
  })
  async resumeTopUp(
    @Arg('input') input: ResumeTopUpInput,
    @Ctx() context: Context,
  ): Promise<ResumeTopUpPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.topUps.resumeTopUp(
      viewer.userId,
      fromGlobalId(input.topUpId, 'TopUp'),
    );
    if ('errors' in result) return { topUp: null, clientSecret: null, errors: result.errors };
    return { topUp: TopUp.from(result.topUp), clientSecret: result.clientSecret, errors: [] };
  }

  @Authorized(Role.BUYER)
  @Mutation(() => CancelTopUpPayload, {
    description:
      'Abandons one of your unpaid top-ups: its payment is canceled at Stripe (it can no longer be paid) and it no ' +
      'longer counts among the unpaid top-ups that limit new ones. A paid top-up, or one whose payment is being ' +
      'processed, is TOP_UP_NOT_CANCELLABLE. Canceling a canceled top-up answers it again.',
  })
  async cancelTopUp(
    @Arg('input') input: CancelTopUpInput,
    @Ctx() context: Context,
  ): Promise<CancelTopUpPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.topUps.cancelTopUp(
      viewer.userId,
      fromGlobalId(input.topUpId, 'TopUp'),
    );
    if ('errors' in result) return { topUp: null, errors: result.errors };
    return { topUp: TopUp.from(result.topUp), errors: [] };
  }

  @Authorized(Role.BUYER)
  @Query(() => [TopUp], {
    description:
      'Your top-ups of the last 24 hours that are not paid (PENDING or FAILED), newest first: those waiting for a ' +
      'payment count against the limit of unpaid top-ups; pay one, or cancel it with cancelTopUp.',
  })
  async myUnpaidTopUps(@Ctx() context: Context): Promise<TopUp[]> {
    const viewer = requireViewer(context);
    return (await context.services.topUps.unpaidTopUps(viewer.userId)).map((row) => TopUp.from(row));
  }

  @Query(() => PaymentSettings, {
    description:
      'The Stripe publishable key, whether it is the emulator, and the top-up limits: public facts, open to everyone.',
  })
  paymentSettings(@Ctx() context: Context): PaymentSettings {
    const { stripe, config } = context.services;
    return Object.assign(new PaymentSettings(), {
      publishableKey: stripe.emulator?.publishableKey ?? config.stripe.publishableKey ?? '',
      emulator: stripe.emulator !== null,
      currencies: [...supportedCurrencies],
      minTopUp: config.wallet.topUpMinAmount,
      maxTopUp: config.wallet.topUpMaxAmount,
      payoutCountries: [...config.payouts.connectCountries],
      platformFeeBasisPoints: config.escrow.platformFeeBasisPoints,
    });
  }

  @Authorized(Role.BUYER)
  @Query(() => Wallet, { description: "The buyer's wallet in a currency: balance, status and history." })
  async myWallet(@Arg('currency') currency: string, @Ctx() context: Context): Promise<Wallet> {
    const viewer = requireViewer(context);
    if (!isCurrency(currency)) {
      throw new GraphQLError(`Wallets are in ${supportedCurrencies.join(', ')}.`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    const row = await context.services.wallet.openWallet(viewer.userId, currency);
    const balance = await context.services.wallet.balance(viewer.userId, currency);
    return Wallet.from(row, balance.amount);
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => [Wallet], {
    description:
      "Staff only: every wallet the user opened (one per currency: their first top-up in it opens it, as does their first look at it), with its balance and status; `history` lists its entries. Empty for an id that is not a user's, or a user who never had a wallet.",
  })
  async userWallets(@Arg('userId', () => ID) userId: string, @Ctx() context: Context): Promise<Wallet[]> {
    const buyerId = fromGlobalId(userId, 'User');
    if (!buyerId) return [];
    const rows = await context.services.wallet.walletsOf(buyerId);
    return Promise.all(
      rows.map(async (row) =>
        Wallet.from(row, (await context.services.wallet.balance(row.buyerId, row.currency)).amount),
      ),
    );
  }

  @Authorized(Role.ADMIN)
  @Query(() => WalletConnection, {
    description: 'Admin only: wallets flagged WALLET_AT_RISK, most recently flagged first.',
  })
  async flaggedWallets(
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<Wallet>> {
    const { first, cursor } = keysetPage(page);
    const rows = await context.services.wallet.flaggedWallets(first + 1, cursor);
    const wallets = await Promise.all(
      rows.map(async (row) => ({
        row,
        balance: await context.services.wallet.balance(row.buyerId, row.currency),
      })),
    );
    return toConnection(
      wallets,
      first,
      ({ row }) => ({ createdAt: (row.flaggedAt ?? row.updatedAt).toISOString(), id: row.id }),
      ({ row, balance }) => Wallet.from(row, balance.amount),
      cursor !== null,
    );
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => LiftWalletFlagPayload, {
    description: "Admin only: lifts the WALLET_AT_RISK flag on the buyer's wallets, with a reason; audited.",
  })
  async liftWalletFlag(
    @Arg('input') input: LiftWalletFlagInput,
    @Ctx() context: Context,
  ): Promise<LiftWalletFlagPayload> {
    const viewer = requireViewer(context);
    const buyerId = fromGlobalId(input.buyerId, 'User');
    if (!buyerId || !(await context.loaders.user.load(buyerId))) {
      return {
        wallets: [],
        errors: [
          { code: LiftWalletFlagErrorCode.BUYER_NOT_FOUND, message: 'No such buyer.', field: 'buyerId' },
        ],
      };
    }
    const result = await context.services.wallet.liftFlag(
      viewer.userId,
      { buyerId, reason: input.reason },
      context.meta,
    );
    if ('errors' in result) return { wallets: [], errors: result.errors };
    const wallets = await Promise.all(
      result.wallets.map(async (row) =>
        Wallet.from(row, (await context.services.wallet.balance(row.buyerId, row.currency)).amount),
      ),
    );
    return { wallets, errors: [] };
  }

  @FieldResolver(() => LedgerEntryConnection, { description: "The wallet's ledger entries, newest first." })
  @UseMiddleware(OwnerOrStaff<Wallet>((wallet) => wallet.buyerRawId))
  async history(
    @Root() wallet: Wallet,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<LedgerEntry>> {
    const { ledgerAccountId } = await context.services.wallet.balance(wallet.buyerRawId, wallet.currency);
    return entryConnection(context.services.ledger, context, ledgerAccountId, page);
  }

  @FieldResolver(() => User, { nullable: true })
  @UseMiddleware(OwnerOrStaff<Wallet>((wallet) => wallet.buyerRawId))
  async buyer(@Root() wallet: Wallet, @Ctx() context: Context): Promise<User | null> {
    const row = await context.loaders.user.load(wallet.buyerRawId);
    return row ? User.from(row) : null;
  }
}

@Resolver(() => TopUp)
export class TopUpResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => TopUpConnection, {
    description:
      "Staff only: a user's top-ups in every status (paid, waiting, failed, canceled), newest first. Empty for an id that is not a user's.",
  })
  async userTopUps(
    @Arg('userId', () => ID) userId: string,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<TopUp>> {
    const { first, cursor } = keysetPage(page);
    const buyerId = fromGlobalId(userId, 'User');
    const rows = buyerId ? await context.services.topUps.topUpsOf(buyerId, first + 1, cursor) : [];
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }),
      (row) => TopUp.from(row),
      cursor !== null,
    );
  }

  @Authorized(Role.BUYER, Role.SUPPORT, Role.ADMIN)
  @Query(() => TopUp, {
    nullable: true,
    description: 'A top-up, for its buyer and staff: poll its status after paying.',
  })
  async topUp(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<TopUp | null> {
    const viewer = requireViewer(context);
    const rawId = fromGlobalId(id, 'TopUp');
    const row = rawId ? await context.services.topUps.findTopUp(context.services.database, rawId) : undefined;
    if (!row || (row.buyerId !== viewer.userId && !isStaff(viewer))) return null;
    return TopUp.from(row);
  }
}
