import { graphql } from '../../gql';

/**
 * The live invariant panel's only source: the current snapshot at once, then a fresh one each
 * time money moves or a wallet flag changes (the database wakes the server on commit).
 */
export const MoneyInvariantsChangedSubscription = graphql(`
  subscription AdminMoneyInvariantsChanged {
    moneyInvariantsChanged {
      holds
      checkedAt
      currencies {
        currency
        holds
        escrow {
          holds
          heldOrders
          escrowAccountsWithBalance
          escrowBalance {
            amount
            currency
          }
          heldOrdersTotal {
            amount
            currency
          }
        }
        trialBalance {
          holds
          accountsWithBalance
          debitBalances {
            amount
            currency
          }
          creditBalances {
            amount
            currency
          }
        }
        walletFlags {
          holds
          flaggedWallets
          negativeWallets
          negativeWalletsFlagged
          negativeWalletsFlagLifted
          negativeWalletsUnflagged
        }
      }
    }
  }
`);
