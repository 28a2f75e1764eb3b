import { WalletStatus } from './wallet.service';

/**
 * What a wallet's buyer is told about a hold: plain words and the next step. Never an internal or
 * Stripe id: those stay in the internal reason (`wallets.flagged_reason`, staff only) and in
 * `wallet_status_changes`. Every flag comes from a chargeback on a card top-up
 * (ChargebackService.openChargeback is the only code that sets WALLET_AT_RISK).
 */
export const chargebackHoldNotice =
  'A card payment into this wallet was disputed with your bank (a chargeback), and the bank took the money back, so purchases are paused while the hold lasts. If the bank decides for CodeSale, the money comes back and the hold lifts by itself; if it decided for you, the hold stays until CodeSale lifts it. If the dispute was a mistake and is still open, ask your bank to withdraw it. Your orders and their codes stay available.';

export function buyerHoldNotice(status: WalletStatus): string | null {
  return status === WalletStatus.WALLET_AT_RISK ? chargebackHoldNotice : null;
}
