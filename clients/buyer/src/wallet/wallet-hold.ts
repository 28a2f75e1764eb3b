/**
 * What a buyer is told about a wallet on hold (WALLET_AT_RISK), on the wallet page and in Buy's
 * refusal: the same words in both places.
 *
 * Every hold comes from a chargeback on a card top-up, and the hold stays while the chargeback is
 * open and after the bank decided it for the buyer (LOST); a chargeback decided for CodeSale (WON)
 * puts the money back and lifts the hold by itself unless another chargeback holds the wallet, and
 * only CodeSale's team lifts a hold otherwise (liftWalletFlag). The API does not tell the buyer
 * which of those it is (`Wallet.status` is WALLET_AT_RISK in both, and `chargebacks` is for
 * admins), so every sentence here is true in both cases. No support channel is named: the app has
 * none to offer.
 */
export const walletHoldNotice = {
  title: 'Your wallet is on hold',
  explanation: [
    'A card payment that added money to your wallet was disputed with your bank (a chargeback), and the bank took that money back. While your wallet is on hold, you cannot buy or add money.',
    "If your bank is still deciding and decides for CodeSale, the money comes back to your wallet and the hold lifts by itself (unless another of your payments is disputed too). If your bank decided for you, you keep the money, and the hold stays until CodeSale's team decides to lift it.",
    'If you did not mean to dispute the payment and your bank is still deciding, you can ask your bank to withdraw the dispute; your bank can tell you where it stands. You can still open your orders and reveal their codes.',
  ],
} as const;
