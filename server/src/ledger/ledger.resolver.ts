import { and, asc, eq, gt } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { User } from '../auth/auth.types';
import { Role, isStaff } from '../auth/roles';
import { mayReadOrder } from '../checkout/checkout.resolver';
import { Order } from '../checkout/checkout.types';
import { LedgerAccountKind, sellerEarnings } from '../domain/posting-rules';
import { withTransaction } from '../db/transaction';
import { isCurrency } from '../domain/money';
import { forbidden, requireViewer } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromGlobalId,
  type ConnectionShape,
  clampPageSize,
  malformedCursor,
} from '../graphql/relay';
import type { LedgerService } from './ledger.service';
import { ledgerAccounts } from './ledger.tables';
import { LedgerAccount, LedgerAccountConnection, LedgerEntry, LedgerEntryConnection } from './ledger.types';

/** Ledger entries page by their global sequence number, newest first. */
export async function entryConnection(
  ledger: LedgerService,
  context: Context,
  accountId: string | null,
  page: ConnectionArguments,
): Promise<ConnectionShape<LedgerEntry>> {
  const first = clampPageSize(page.first);
  const before = page.after ? Number(Buffer.from(page.after, 'base64url').toString('utf8')) : null;
  if (before !== null && (!Number.isSafeInteger(before) || before < 1)) throw malformedCursor();
  const rows = accountId ? await ledger.entries(context.services.database, accountId, first + 1, before) : [];
  const edges = rows.slice(0, first).map((row) => ({
    cursor: Buffer.from(String(row.id), 'utf8').toString('base64url'),
    node: LedgerEntry.from(row),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: before !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

@Resolver(() => LedgerAccount)
export class LedgerResolver {
  @Authorized(Role.SELLER)
  @Query(() => LedgerAccount, {
    description: "The seller's earnings account in a currency: released orders less fees.",
  })
  async myEarnings(@Arg('currency') currency: string, @Ctx() context: Context): Promise<LedgerAccount> {
    const viewer = requireViewer(context);
    if (!isCurrency(currency))
      throw new GraphQLError('Unsupported currency.', { extensions: { code: 'BAD_USER_INPUT' } });
    const ref = sellerEarnings(viewer.userId, currency);
    const ledger = context.services.ledger;
    const account = await ledger.findAccount(context.services.database, ref);
    if (account) return LedgerAccount.from(account);
    // Before the first sale in the currency: the account is opened now, empty, so that it has its id
    // and owner (a placeholder without them read as one account for every currency in a client's
    // cache: the attacker probe). One per seller and supported currency, at most.
    return LedgerAccount.from(
      await withTransaction(context.services.database, (tx) => ledger.ensureAccount(tx, ref)),
    );
  }

  @Authorized(Role.ADMIN)
  @Query(() => LedgerAccount, { nullable: true, description: 'Admin only: any ledger account.' })
  async ledgerAccount(
    @Arg('id', () => ID) id: string,
    @Ctx() context: Context,
  ): Promise<LedgerAccount | null> {
    const rawId = fromGlobalId(id, 'LedgerAccount');
    if (!rawId) return null;
    const [row] = await context.services.database
      .select()
      .from(ledgerAccounts)
      .where(eq(ledgerAccounts.id, rawId));
    return row ? LedgerAccount.from(row) : null;
  }

  @Authorized(Role.ADMIN)
  @Query(() => LedgerAccountConnection, {
    description: 'Admin only: ledger accounts of a kind, in id order.',
  })
  async ledgerAccounts(
    @Arg('kind', () => LedgerAccountKind) kind: LedgerAccountKind,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<LedgerAccount>> {
    const first = clampPageSize(page.first);
    const after = page.after
      ? fromGlobalId(Buffer.from(page.after, 'base64url').toString('utf8'), 'LedgerAccount')
      : null;
    if (page.after && !after) throw malformedCursor();
    const rows = await context.services.database
      .select()
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.kind, kind), after ? gt(ledgerAccounts.id, after) : undefined))
      .orderBy(asc(ledgerAccounts.id))
      .limit(first + 1);
    const edges = rows.slice(0, first).map((row) => {
      const node = LedgerAccount.from(row);
      return { cursor: Buffer.from(node.id, 'utf8').toString('base64url'), node };
    });
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @FieldResolver(() => User, {
    nullable: true,
    description:
      "The user whose account it is (a buyer's wallet, a seller's earnings); null for escrow and platform accounts. For staff and the owner.",
  })
  async owner(@Root() account: LedgerAccount, @Ctx() context: Context): Promise<User | null> {
    const viewer = requireViewer(context);
    if (!account.ownerRawId || (account.ownerRawId !== viewer.userId && !isStaff(viewer))) return null;
    const row = await context.loaders.user.load(account.ownerRawId);
    return row ? User.from(row) : null;
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description: 'The order an escrow account holds the price of; null for other accounts. Staff only.',
  })
  async order(@Root() account: LedgerAccount, @Ctx() context: Context): Promise<Order | null> {
    const viewer = requireViewer(context);
    if (!account.orderRawId || !isStaff(viewer)) return null;
    const row = await context.loaders.order.load(account.orderRawId);
    return row ? Order.from(row) : null;
  }

  @FieldResolver(() => LedgerEntryConnection, { description: "The account's entries, newest first." })
  async entries(
    @Root() account: LedgerAccount,
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<LedgerEntry>> {
    const viewer = requireViewer(context);
    const [row] = account.rawId
      ? await context.services.database
          .select()
          .from(ledgerAccounts)
          .where(eq(ledgerAccounts.id, account.rawId))
      : [];
    if (row && row.ownerUserId !== viewer.userId && !isStaff(viewer)) throw forbidden();
    return entryConnection(context.services.ledger, context, row?.id ?? null, page);
  }
}

@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @FieldResolver(() => Order, {
    nullable: true,
    description:
      'The order the movement belongs to (what was bought, sold or refunded), for whoever may read the order: its buyer, its seller and staff; null otherwise.',
  })
  async order(@Root() entry: LedgerEntry, @Ctx() context: Context): Promise<Order | null> {
    const viewer = requireViewer(context);
    if (!entry.orderRawId) return null;
    const row = await context.loaders.order.load(entry.orderRawId);
    return row && mayReadOrder(viewer, row) ? Order.from(row) : null;
  }
}
