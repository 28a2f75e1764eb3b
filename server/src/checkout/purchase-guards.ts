import { accountActive } from '../auth/auth.queries';
import type { Tx } from '../db/transaction';
import { enqueueRiskRecompute } from '../risk/risk.jobs';
import type { CheckoutGuards } from './checkout.service';
import type { OrderRow } from './escrow.service';

/**
 * The purchase's cross-area orchestration (invariant 5): what the checkout asks the auth, risk and
 * wallet authorities inside its transaction before it takes the buyer's money, and what a committed
 * purchase sets in motion. services.ts only passes these to CheckoutService.
 */

/** The wallet authority's purchase check (WalletService.assertCanPurchase): a value, never an exception. */
export interface PurchaseWalletCheck {
  assertCanPurchase(tx: Tx, buyerId: string, currency: string): Promise<{ allowed: boolean }>;
}

/** The risk authority's buyer check (RiskEnforcementService.buyerRefusal): RESTRICTED or worse, or banned. */
export interface PurchaseRiskCheck {
  buyerRefusal(tx: Tx, buyerId: string): Promise<'BUYER_BLOCKED' | null>;
}

/** The guards of every purchase: an active account the risk tier lets buy, and a wallet not on hold. */
export function purchaseGuards(wallet: PurchaseWalletCheck, risk: PurchaseRiskCheck): CheckoutGuards {
  return {
    // The account first: a disabled account is refused without asking the risk tier.
    buyerRefusal: async (tx, buyerId) =>
      (await accountRefusal(tx, buyerId)) ?? (await risk.buyerRefusal(tx, buyerId)),
    walletRefusal: async (tx, buyerId, currency) =>
      (await wallet.assertCanPurchase(tx, buyerId, currency)).allowed ? null : 'WALLET_AT_RISK',
  };
}

/** Buyer-level guard shared by every path that spends: the account must be active. */
export async function accountRefusal(tx: Tx, buyerId: string): Promise<'BUYER_BLOCKED' | null> {
  return (await accountActive(tx, buyerId)) ? null : 'BUYER_BLOCKED';
}

/**
 * The effects of a purchase, run inside its transaction once the order exists: one statement, a
 * request to recompute the buyer's risk (the score counts orders and their velocity), which exists
 * if and only if the purchase commits. The auto-release needs nothing: the held order is its own
 * schedule, read by the auto-release sweep once its window ends (escrow.jobs.ts).
 */
export function purchaseEffects(): (tx: Tx, order: OrderRow) => Promise<void> {
  return async (tx, order) => {
    await enqueueRiskRecompute(tx, order.buyerId, 'ORDER_PLACED');
  };
}
