import { checkMoneyInvariants, type LedgerFigures, type MoneyInvariantFigures } from './money-invariants';

/** The invariant rules over plain figures, without a database (money-invariants.test.ts reads real ones). */

const balancedLedger = (currency: string, overrides: Partial<LedgerFigures> = {}): LedgerFigures => ({
  currency,
  accountsWithBalance: 3,
  creditBalances: 1_500,
  debitBalances: 1_500,
  escrowBalance: 500,
  escrowAccountsWithBalance: 1,
  negativeWallets: 0,
  ...overrides,
});

const figures = (overrides: Partial<MoneyInvariantFigures> = {}): MoneyInvariantFigures => ({
  ledger: [balancedLedger('EUR')],
  heldOrders: [{ currency: 'EUR', heldOrders: 1, total: 500 }],
  flaggedWallets: new Map(),
  negativeWallets: [],
  ...overrides,
});

describe('checkMoneyInvariants', () => {
  it('holds for books that agree, and names every currency any figure has, in order', () => {
    const [gbp, usd] = checkMoneyInvariants(
      figures({
        ledger: [],
        heldOrders: [],
        flaggedWallets: new Map([
          ['USD', 2],
          ['GBP', 0],
        ]),
      }),
    );
    expect([gbp!.currency, usd!.currency]).toEqual(['GBP', 'USD']);
    expect(usd).toMatchObject({ holds: true, walletFlags: { flaggedWallets: 2 } });
    expect(checkMoneyInvariants(figures())).toMatchObject([{ currency: 'EUR', holds: true }]);
  });

  it('fails the escrow check when the amounts agree but the number of orders does not', () => {
    // two escrow accounts of 250 each for one held order of 500: a mistake in each that adds up
    const [eur] = checkMoneyInvariants(
      figures({ ledger: [balancedLedger('EUR', { escrowAccountsWithBalance: 2 })] }),
    );
    expect(eur!.escrow).toEqual({
      holds: false,
      escrowBalance: 500,
      heldOrdersTotal: 500,
      heldOrders: 1,
      escrowAccountsWithBalance: 2,
    });
    expect(eur!.holds).toBe(false);
  });

  it('fails the escrow check for held orders with no ledger at all, and the trial balance when the sides differ', () => {
    const [eur, usd] = checkMoneyInvariants(
      figures({
        ledger: [balancedLedger('USD', { debitBalances: 1_499 })],
        heldOrders: [{ currency: 'EUR', heldOrders: 2, total: 900 }],
      }),
    );
    expect(eur!.escrow).toMatchObject({ holds: false, escrowBalance: 0, heldOrdersTotal: 900 });
    expect(usd!.trialBalance).toEqual({
      holds: false,
      debitBalances: 1_499,
      creditBalances: 1_500,
      accountsWithBalance: 3,
    });
  });

  it('holds the wallet check for flagged or admin-lifted wallets below zero, not for an unflagged one or one not examined', () => {
    const check = (negativeWallets: number, standings: ('FLAGGED' | 'LIFTED_BY_ADMIN' | 'UNFLAGGED')[]) =>
      checkMoneyInvariants(
        figures({
          ledger: [balancedLedger('EUR', { negativeWallets })],
          negativeWallets: standings.map((standing) => ({ currency: 'EUR', standing })),
        }),
      )[0]!.walletFlags;
    expect(check(2, ['FLAGGED', 'LIFTED_BY_ADMIN'])).toMatchObject({
      holds: true,
      negativeWalletsFlagged: 1,
      negativeWalletsFlagLifted: 1,
    });
    expect(check(2, ['FLAGGED', 'UNFLAGGED'])).toMatchObject({ holds: false, negativeWalletsUnflagged: 1 });
    // three below zero, two examined (the bound): the third is not known to be flagged
    expect(check(3, ['FLAGGED', 'FLAGGED'])).toMatchObject({ holds: false, negativeWalletsUnflagged: 0 });
  });
});
