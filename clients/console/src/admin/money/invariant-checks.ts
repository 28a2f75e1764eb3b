import { formatMoney } from '@codesale/client-shared';
import type { AdminMoneyInvariantsChangedSubscription } from '../../gql/graphql';

export type CurrencyInvariants =
  AdminMoneyInvariantsChangedSubscription['moneyInvariantsChanged']['currencies'][number];

export interface InvariantFigure {
  label: string;
  value: string;
}

/** One check as the panel shows it: the two figures that must agree, and whether they do. */
export interface InvariantCheck {
  key: 'escrow' | 'trial-balance' | 'wallet-flags';
  title: string;
  /** What must be true, in words. */
  rule: string;
  holds: boolean;
  figures: readonly [InvariantFigure, InvariantFigure];
  details: readonly string[];
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The three checks of one currency, each with both its figures. Whether a check holds is the
 * server's verdict (it compares the exact totals from one snapshot); the panel never re-derives it.
 */
export function invariantChecks(invariants: CurrencyInvariants): InvariantCheck[] {
  const { escrow, trialBalance, walletFlags } = invariants;
  const accountedFor = walletFlags.negativeWalletsFlagged + walletFlags.negativeWalletsFlagLifted;
  return [
    {
      key: 'escrow',
      title: 'Escrow against held orders',
      rule: 'The escrow accounts hold exactly the prices of the orders held in escrow.',
      holds: escrow.holds,
      figures: [
        { label: 'Escrow balance', value: formatMoney(escrow.escrowBalance) },
        { label: 'Held orders', value: formatMoney(escrow.heldOrdersTotal) },
      ],
      details: [
        plural(escrow.heldOrders, 'order held', 'orders held'),
        plural(escrow.escrowAccountsWithBalance, 'escrow account with money', 'escrow accounts with money'),
      ],
    },
    {
      key: 'trial-balance',
      title: 'Debits against credits',
      rule: 'The debit balances of all ledger accounts equal their credit balances.',
      holds: trialBalance.holds,
      figures: [
        { label: 'Debit balances', value: formatMoney(trialBalance.debitBalances) },
        { label: 'Credit balances', value: formatMoney(trialBalance.creditBalances) },
      ],
      details: [
        plural(trialBalance.accountsWithBalance, 'account with a balance', 'accounts with a balance'),
      ],
    },
    {
      key: 'wallet-flags',
      title: 'Wallet flags',
      rule: 'Every wallet below zero is flagged WALLET_AT_RISK, or an admin lifted its flag.',
      holds: walletFlags.holds,
      figures: [
        { label: 'Wallets below zero', value: String(walletFlags.negativeWallets) },
        { label: 'Flagged or lifted', value: String(accountedFor) },
      ],
      details: [
        plural(
          walletFlags.negativeWalletsUnflagged,
          'wallet below zero not flagged',
          'wallets below zero not flagged',
        ),
        `${walletFlags.negativeWalletsFlagged} flagged, ${walletFlags.negativeWalletsFlagLifted} lifted by an admin`,
        plural(walletFlags.flaggedWallets, 'wallet flagged in all', 'wallets flagged in all'),
      ],
    },
  ];
}
