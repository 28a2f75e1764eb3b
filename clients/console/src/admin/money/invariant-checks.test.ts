import { invariantChecks, type CurrencyInvariants } from './invariant-checks';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

function snapshot(overrides: Partial<CurrencyInvariants> = {}): CurrencyInvariants {
  return {
    currency: 'EUR',
    holds: true,
    escrow: {
      holds: true,
      heldOrders: 2,
      escrowAccountsWithBalance: 2,
      escrowBalance: eur(3_998),
      heldOrdersTotal: eur(3_998),
    },
    trialBalance: {
      holds: true,
      accountsWithBalance: 9,
      debitBalances: eur(12_500_000_000),
      creditBalances: eur(12_500_000_000),
    },
    walletFlags: {
      holds: true,
      flaggedWallets: 3,
      negativeWallets: 2,
      negativeWalletsFlagged: 1,
      negativeWalletsFlagLifted: 1,
      negativeWalletsUnflagged: 0,
    },
    ...overrides,
  };
}

describe('invariantChecks', () => {
  it('shows both figures of each check, money from minor units with its currency', () => {
    const [escrow, trialBalance, walletFlags] = invariantChecks(snapshot());

    expect(escrow!.figures).toEqual([
      { label: 'Escrow balance', value: '€39.98' },
      { label: 'Held orders', value: '€39.98' },
    ]);
    // Totals past 32 bits stay exact: 125,000,000.00 EUR.
    expect(trialBalance!.figures.map((figure) => figure.value)).toEqual([
      '€125,000,000.00',
      '€125,000,000.00',
    ]);
    expect(walletFlags!.figures).toEqual([
      { label: 'Wallets below zero', value: '2' },
      { label: 'Flagged or lifted', value: '2' },
    ]);
    expect(invariantChecks(snapshot()).every((check) => check.holds)).toBe(true);
  });

  it('takes each verdict from the server, so a broken escrow shows broken beside its two figures', () => {
    const broken = snapshot({
      holds: false,
      escrow: {
        holds: false,
        heldOrders: 2,
        escrowAccountsWithBalance: 1,
        escrowBalance: eur(1_999),
        heldOrdersTotal: eur(3_998),
      },
    });

    const [escrow, trialBalance] = invariantChecks(broken);

    expect(escrow!.holds).toBe(false);
    expect(escrow!.figures.map((figure) => figure.value)).toEqual(['€19.99', '€39.98']);
    expect(escrow!.details).toEqual(['2 orders held', '1 escrow account with money']);
    expect(trialBalance!.holds).toBe(true);
  });

  it('counts a wallet below zero that nobody flagged against the wallet check', () => {
    const [, , walletFlags] = invariantChecks(
      snapshot({
        walletFlags: {
          holds: false,
          flaggedWallets: 1,
          negativeWallets: 2,
          negativeWalletsFlagged: 1,
          negativeWalletsFlagLifted: 0,
          negativeWalletsUnflagged: 1,
        },
      }),
    );

    expect(walletFlags!.holds).toBe(false);
    expect(walletFlags!.figures.map((figure) => figure.value)).toEqual(['2', '1']);
    expect(walletFlags!.details[0]).toBe('1 wallet below zero not flagged');
  });
});
