/**
 * The money invariants the admins' panel shows, as plain rules over figures read from one
 * consistent snapshot of the database (`invariants/money-invariants.service.ts` reads them).
 * Each check keeps the figures on both sides, so a broken one says by how much.
 */

/** One currency's ledger figures, from the cached balances of every account. */
export interface LedgerFigures {
  currency: string;
  /** Accounts whose balance is not zero (the others add nothing). */
  accountsWithBalance: number;
  /** Positive balances added up. */
  creditBalances: number;
  /** Negative balances added up, negated. */
  debitBalances: number;
  escrowBalance: number;
  escrowAccountsWithBalance: number;
  negativeWallets: number;
}

/** One currency's orders held in escrow. */
export interface HeldOrderFigures {
  currency: string;
  heldOrders: number;
  total: number;
}

/** How a wallet stands with respect to its flag: WALLET_AT_RISK now, lifted by an admin (the last change of its status), or neither. */
export type WalletFlagStanding = 'FLAGGED' | 'LIFTED_BY_ADMIN' | 'UNFLAGGED';

export interface MoneyInvariantFigures {
  ledger: readonly LedgerFigures[];
  heldOrders: readonly HeldOrderFigures[];
  /** Wallets flagged WALLET_AT_RISK, by currency. */
  flaggedWallets: ReadonlyMap<string, number>;
  /** The wallets below zero that were examined (at most a bounded number), each with its standing. */
  negativeWallets: readonly { currency: string; standing: WalletFlagStanding }[];
}

/** The escrow accounts hold exactly the prices of the orders held in escrow, one account per order. */
export interface EscrowCheck {
  holds: boolean;
  escrowBalance: number;
  heldOrdersTotal: number;
  heldOrders: number;
  escrowAccountsWithBalance: number;
}

/**
 * The trial balance: debit balances equal credit balances, i.e. all balances add up to zero. True
 * when every posting balanced and every cached balance equals its entries; false when either broke.
 */
export interface TrialBalanceCheck {
  holds: boolean;
  debitBalances: number;
  creditBalances: number;
  accountsWithBalance: number;
}

/**
 * Only a chargeback takes a wallet below zero, and a chargeback flags it: every wallet below zero
 * is flagged, unless an admin lifted its flag (a decision, counted apart).
 */
export interface WalletFlagCheck {
  holds: boolean;
  flaggedWallets: number;
  negativeWallets: number;
  negativeWalletsFlagged: number;
  negativeWalletsFlagLifted: number;
  negativeWalletsUnflagged: number;
}

export interface CurrencyInvariants {
  currency: string;
  holds: boolean;
  escrow: EscrowCheck;
  trialBalance: TrialBalanceCheck;
  walletFlags: WalletFlagCheck;
}

/** Every currency any figure names, in currency order, each with its three checks. */
export function checkMoneyInvariants(figures: MoneyInvariantFigures): CurrencyInvariants[] {
  const currencies = new Set<string>([
    ...figures.ledger.map((row) => row.currency),
    ...figures.heldOrders.map((row) => row.currency),
    ...figures.flaggedWallets.keys(),
    ...figures.negativeWallets.map((wallet) => wallet.currency),
  ]);
  return [...currencies].sort().map((currency) => {
    const ledger = figures.ledger.find((row) => row.currency === currency);
    const held = figures.heldOrders.find((row) => row.currency === currency);
    const escrow = escrowCheck(ledger, held);
    const trialBalance = trialBalanceCheck(ledger);
    const walletFlags = walletFlagCheck(
      ledger?.negativeWallets ?? 0,
      figures.flaggedWallets.get(currency) ?? 0,
      figures.negativeWallets.filter((wallet) => wallet.currency === currency),
    );
    return {
      currency,
      holds: escrow.holds && trialBalance.holds && walletFlags.holds,
      escrow,
      trialBalance,
      walletFlags,
    };
  });
}

function escrowCheck(ledger: LedgerFigures | undefined, held: HeldOrderFigures | undefined): EscrowCheck {
  const escrowBalance = ledger?.escrowBalance ?? 0;
  const escrowAccountsWithBalance = ledger?.escrowAccountsWithBalance ?? 0;
  const heldOrdersTotal = held?.total ?? 0;
  const heldOrders = held?.heldOrders ?? 0;
  return {
    // Counts as well as amounts: one order's escrow too high and another's too low would add up.
    holds: escrowBalance === heldOrdersTotal && escrowAccountsWithBalance === heldOrders,
    escrowBalance,
    heldOrdersTotal,
    heldOrders,
    escrowAccountsWithBalance,
  };
}

function trialBalanceCheck(ledger: LedgerFigures | undefined): TrialBalanceCheck {
  const debitBalances = ledger?.debitBalances ?? 0;
  const creditBalances = ledger?.creditBalances ?? 0;
  return {
    holds: debitBalances === creditBalances,
    debitBalances,
    creditBalances,
    accountsWithBalance: ledger?.accountsWithBalance ?? 0,
  };
}

function walletFlagCheck(
  negativeWallets: number,
  flaggedWallets: number,
  examined: readonly { standing: WalletFlagStanding }[],
): WalletFlagCheck {
  const count = (standing: WalletFlagStanding) =>
    examined.filter((wallet) => wallet.standing === standing).length;
  const negativeWalletsUnflagged = count('UNFLAGGED');
  return {
    // A wallet below zero that was not examined (past the bound) is not known to be flagged.
    holds: negativeWalletsUnflagged === 0 && examined.length === negativeWallets,
    flaggedWallets,
    negativeWallets,
    negativeWalletsFlagged: count('FLAGGED'),
    negativeWalletsFlagLifted: count('LIFTED_BY_ADMIN'),
    negativeWalletsUnflagged,
  };
}
