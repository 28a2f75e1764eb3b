import { Field, Int, ObjectType } from 'type-graphql';
import type {
  CurrencyInvariants as CurrencyInvariantsValue,
  EscrowCheck,
  TrialBalanceCheck,
  WalletFlagCheck,
} from '../domain/money-invariants';
import { MoneyTotal } from '../graphql/money.types';
import { maxExaminedNegativeWallets, type MoneyInvariantsSnapshot } from './money-invariants.service';

@ObjectType({
  description:
    "Escrow: the ESCROW ledger accounts together hold exactly the prices of the orders held in escrow, one account with money per held order. Broken: the ledger and the orders' escrow status disagree (`verifyEscrowMirrors` finds the order).",
})
export class EscrowInvariant {
  @Field()
  holds!: boolean;

  @Field(() => MoneyTotal, { description: 'All ESCROW ledger accounts of the currency, added up.' })
  escrowBalance!: MoneyTotal;

  @Field(() => MoneyTotal, { description: 'The prices of the orders held in escrow, added up.' })
  heldOrdersTotal!: MoneyTotal;

  @Field(() => Int, { description: 'Orders held in escrow.' })
  heldOrders!: number;

  @Field(() => Int, { description: 'ESCROW accounts that hold money.' })
  escrowAccountsWithBalance!: number;

  static from(check: EscrowCheck, currency: string): EscrowInvariant {
    return Object.assign(new EscrowInvariant(), {
      holds: check.holds,
      escrowBalance: MoneyTotal.of({ amount: check.escrowBalance, currency }),
      heldOrdersTotal: MoneyTotal.of({ amount: check.heldOrdersTotal, currency }),
      heldOrders: check.heldOrders,
      escrowAccountsWithBalance: check.escrowAccountsWithBalance,
    });
  }
}

@ObjectType({
  description:
    'The trial balance: the debit balances of all ledger accounts equal their credit balances (all balances add up to zero). It holds when every posting balanced and every cached balance equals its entries; `npm run ledger:verify` names the transaction or account when it does not.',
})
export class TrialBalanceInvariant {
  @Field()
  holds!: boolean;

  @Field(() => MoneyTotal, {
    description:
      'Negative balances, added up and negated: money received through Stripe (STRIPE_CLEARING), wallet deficits, chargeback losses.',
  })
  debitBalances!: MoneyTotal;

  @Field(() => MoneyTotal, {
    description:
      'Positive balances, added up: what the platform owes (wallets, escrow, seller earnings, payouts in transit) and its fees.',
  })
  creditBalances!: MoneyTotal;

  @Field(() => Int, {
    description:
      'Ledger accounts of the currency whose balance is not zero (an account at zero is on neither side).',
  })
  accountsWithBalance!: number;

  static from(check: TrialBalanceCheck, currency: string): TrialBalanceInvariant {
    return Object.assign(new TrialBalanceInvariant(), {
      holds: check.holds,
      debitBalances: MoneyTotal.of({ amount: check.debitBalances, currency }),
      creditBalances: MoneyTotal.of({ amount: check.creditBalances, currency }),
      accountsWithBalance: check.accountsWithBalance,
    });
  }
}

@ObjectType({
  description: `Wallet flags: only a chargeback takes a wallet below zero, and a chargeback flags it WALLET_AT_RISK, so every wallet below zero is flagged, or its flag was lifted by an admin (a decision, counted apart). Broken: a wallet below zero that nobody flagged. Also broken when more than ${maxExaminedNegativeWallets} wallets are below zero (not all were examined).`,
})
export class WalletFlagInvariant {
  @Field()
  holds!: boolean;

  @Field(() => Int, { description: 'Wallets flagged WALLET_AT_RISK (below zero or not).' })
  flaggedWallets!: number;

  @Field(() => Int, { description: 'Wallets with a negative balance.' })
  negativeWallets!: number;

  @Field(() => Int, { description: 'Wallets below zero and flagged WALLET_AT_RISK.' })
  negativeWalletsFlagged!: number;

  @Field(() => Int, { description: 'Wallets below zero whose flag an admin lifted (liftWalletFlag).' })
  negativeWalletsFlagLifted!: number;

  @Field(() => Int, {
    description: 'Wallets below zero that are not flagged and were not lifted by an admin.',
  })
  negativeWalletsUnflagged!: number;

  static from(check: WalletFlagCheck): WalletFlagInvariant {
    return Object.assign(new WalletFlagInvariant(), check);
  }
}

@ObjectType({ description: "One currency's money invariants." })
export class CurrencyMoneyInvariants {
  @Field({ description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;

  @Field({ description: 'All three checks hold.' })
  holds!: boolean;

  @Field(() => EscrowInvariant)
  escrow!: EscrowInvariant;

  @Field(() => TrialBalanceInvariant)
  trialBalance!: TrialBalanceInvariant;

  @Field(() => WalletFlagInvariant)
  walletFlags!: WalletFlagInvariant;

  static from(value: CurrencyInvariantsValue): CurrencyMoneyInvariants {
    return Object.assign(new CurrencyMoneyInvariants(), {
      currency: value.currency,
      holds: value.holds,
      escrow: EscrowInvariant.from(value.escrow, value.currency),
      trialBalance: TrialBalanceInvariant.from(value.trialBalance, value.currency),
      walletFlags: WalletFlagInvariant.from(value.walletFlags),
    });
  }
}

@ObjectType({
  description:
    'Admin only: the money invariants, every figure read from one consistent snapshot of the database (one read-only REPEATABLE READ transaction), per currency.',
})
export class MoneyInvariants {
  @Field({ description: "The database's time when the snapshot was taken." })
  checkedAt!: Date;

  @Field({ description: 'Every check of every currency holds.' })
  holds!: boolean;

  @Field(() => [CurrencyMoneyInvariants], {
    description: 'Each currency that has a ledger account, a held order or a wallet flag, in currency order.',
  })
  currencies!: CurrencyMoneyInvariants[];

  static from(snapshot: MoneyInvariantsSnapshot): MoneyInvariants {
    return Object.assign(new MoneyInvariants(), {
      checkedAt: snapshot.checkedAt,
      holds: snapshot.holds,
      currencies: snapshot.currencies.map((currency) => CurrencyMoneyInvariants.from(currency)),
    });
  }
}
