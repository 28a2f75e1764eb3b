import { globalIdType, isGlobalId, isRawId } from '../../ui/global-id';

/**
 * What the support lookup shows, kept in the address so that a lookup can be shared, reloaded and
 * gone back to: a customer (`?userId=`) or an order (`?orderId=`), never both.
 */
export type LookupTarget = { kind: 'user'; userId: string } | { kind: 'order'; orderId: string } | null;

export const lookupBasePath = '/support/lookup';

export function lookupPath(target: NonNullable<LookupTarget>): string {
  const parameters =
    target.kind === 'user'
      ? new URLSearchParams({ userId: target.userId })
      : new URLSearchParams({ orderId: target.orderId });
  return `${lookupBasePath}?${parameters.toString()}`;
}

/** The target in the address; an order wins when both are given (an order names its two parties). */
export function readLookupTarget(parameters: URLSearchParams): LookupTarget {
  const orderId = parameters.get('orderId')?.trim();
  if (orderId) return { kind: 'order', orderId };
  const userId = parameters.get('userId')?.trim();
  if (userId) return { kind: 'user', userId };
  return null;
}

export function validateOrderId(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '')
    return 'Paste the order id (from the buyer’s receipt, a dispute or a customer’s orders).';
  if (isRawId(trimmed)) return null;
  if (!isGlobalId(trimmed)) {
    return 'An order id is letters, digits, - and _ only: check what was pasted.';
  }
  const type = globalIdType(trimmed);
  if (type === 'User') return 'That is a user’s id: find the customer with it above.';
  if (type && type !== 'Order') return `That is the id of a ${type.toLowerCase()}, not of an order.`;
  return null;
}
