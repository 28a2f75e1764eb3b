import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { registerEnumType } from 'type-graphql';
import type { Tx } from '../db/transaction';
import { insertEvent } from '../events/pubsub';

/** Events about the signed-in user's own account, pushed to their open clients. */
export const viewerEventsTopic = 'VIEWER_EVENTS';

export enum ViewerEventKind {
  API_KEY_CREATED = 'API_KEY_CREATED',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
  WALLET_CHANGED = 'WALLET_CHANGED',
  TOP_UP_UPDATED = 'TOP_UP_UPDATED',
  ORDER_UPDATED = 'ORDER_UPDATED',
  SALE_UPDATED = 'SALE_UPDATED',
  DISPUTE_UPDATED = 'DISPUTE_UPDATED',
}
registerEnumType(ViewerEventKind, {
  name: 'ViewerEventKind',
  valuesConfig: {
    API_KEY_CREATED: { description: 'subjectId: the new ApiKey.' },
    API_KEY_REVOKED: { description: 'subjectId: the revoked ApiKey.' },
    WALLET_CHANGED: {
      description:
        "subjectId: the viewer's Wallet. Its balance or status changed (top-up credit, purchase, refund, chargeback, flag, lift).",
    },
    TOP_UP_UPDATED: { description: "subjectId: the viewer's TopUp. It was credited or its payment failed." },
    ORDER_UPDATED: {
      description:
        'subjectId: an Order the viewer bought. It was placed, released (confirmed or at the end of protection), refunded or disputed.',
    },
    SALE_UPDATED: {
      description:
        'subjectId: an Order the viewer sold. It was placed, released (confirmed or at the end of protection), refunded or disputed.',
    },
    DISPUTE_UPDATED: {
      description:
        'subjectId: a Dispute the viewer is a party to (its buyer or its seller). It was opened, moved to another state (a request to respond, an answer, a decision) or got a message; `disputeUpdated` carries the details.',
    },
  },
});

/** The node type each kind's subject is (its global id's type). */
export const viewerEventSubjectType: Record<ViewerEventKind, string> = {
  API_KEY_CREATED: 'ApiKey',
  API_KEY_REVOKED: 'ApiKey',
  WALLET_CHANGED: 'Wallet',
  TOP_UP_UPDATED: 'TopUp',
  ORDER_UPDATED: 'Order',
  SALE_UPDATED: 'Order',
  DISPUTE_UPDATED: 'Dispute',
};

export interface ViewerEventPayload {
  kind: `${ViewerEventKind}`;
  /** The raw id of the object the event is about. */
  subjectId: string;
}

/**
 * Publishes a viewer event to `userId`'s own `viewerEvents` subscriptions, if `tx` commits. Any
 * area may call it inside the transaction that makes the change (it writes only the event row):
 * the wallet (top-ups, balance and status), checkout (orders and sales), disputes (their parties).
 */
export async function publishViewerEvent(
  tx: Tx,
  userId: string,
  kind: `${ViewerEventKind}`,
  subjectId: string,
): Promise<void> {
  await insertEvent(tx, viewerEventsTopic, { kind, subjectId } satisfies ViewerEventPayload, userId);
}

/**
 * SQL for a statement that publishes viewer events as one of its steps (a data-modifying CTE): an
 * INSERT of the rows publishViewerEvent (insertEvent) writes, one per object of `payloads` (a jsonb
 * array of ViewerEventPayload, published in array order; JSON nulls are skipped), for `userId`,
 * only when `when` holds. The checkout's purchase and settlement statements publish this way.
 * Like every event, each row exists only if the transaction commits, and is numbered at the commit.
 */
export function insertViewerEventsSql(input: { userId: SQLWrapper; payloads: SQLWrapper; when: SQL }): SQL {
  return sql`insert into events (topic, scope_id, payload)
    select ${viewerEventsTopic}, ${input.userId}, event.payload
      from jsonb_array_elements(${input.payloads}) with ordinality as event (payload, position)
     where ${input.when} and jsonb_typeof(event.payload) = 'object'
     order by event.position`;
}
