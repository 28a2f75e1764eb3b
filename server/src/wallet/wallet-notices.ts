import { WalletStatus } from './wallet.service';

/**
 * What a wallet's buyer is told about a hold: plain words and the next step. Never an internal or
 * Stripe id: those stay in the internal reason (`wallets.flagged_reason`, staff only) and in
 * `wallet_status_changes`. Every flag comes from a chargeback on a card top-up
 * (ChargebackService.openChargeback is the only code that sets WALLET_AT_RISK).
 */
export const chargebackHoldNotice =
  'A card payment into this wallet was disputed with your bank (a chargeback), so purchases are paused until the dispute is resolved. If you did not mean to dispute it, or want to settle it, contact support.';

export function buyerHoldNotice(status: WalletStatus): string | null {
  return status === WalletStatus.WALLET_AT_RISK ? chargebackHoldNotice : null;
}
