import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { KeysetCursor } from '../graphql/relay';
import { orders } from './checkout.tables';
import type { OrderRow } from './escrow.service';

/** Orders of one buyer or one seller, newest first, after a keyset cursor. */
export async function listOrders(
  database: Database,
  party: { buyerId: string } | { sellerId: string },
  limit: number,
  after: KeysetCursor | null,
): Promise<OrderRow[]> {
  const partyCondition =
    'buyerId' in party ? eq(orders.buyerId, party.buyerId) : eq(orders.sellerId, party.sellerId);
  return database
    .select()
    .from(orders)
    .where(
      and(
        partyCondition,
        after
          ? or(
              lt(orders.createdAt, new Date(after.createdAt)),
              and(eq(orders.createdAt, new Date(after.createdAt)), lt(orders.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

export async function findOrder(database: Database, orderId: string): Promise<OrderRow | undefined> {
  const [order] = await database.select().from(orders).where(eq(orders.id, orderId));
  return order;
}
