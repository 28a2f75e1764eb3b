import { graphql } from '../gql';

/** How top-ups are paid here: the emulator's test-card form or Stripe Elements, and the limits. */
export const PaymentSettingsQuery = graphql(`
  query BuyerPaymentSettings {
    paymentSettings {
      publishableKey
      emulator
      currencies
      minTopUp
      maxTopUp
    }
  }
`);

export const WalletSummaryFragment = graphql(`
  fragment BuyerWalletSummary on Wallet {
    id
    currency
    status
    flaggedAt
    flaggedReason
    balance {
      amount
      currency
    }
  }
`);

export const WalletHistoryEntryFragment = graphql(`
  fragment BuyerWalletHistoryEntry on LedgerEntry {
    id
    kind
    createdAt
    orderId
    order {
      id
      listing {
        id
        title
      }
    }
    amount {
      amount
      currency
    }
    balanceAfter {
      amount
      currency
    }
  }
`);

export const MyWalletQuery = graphql(`
  query BuyerWallet($currency: String!, $first: Int!, $after: String) {
    myWallet(currency: $currency) {
      ...BuyerWalletSummary
      history(first: $first, after: $after) {
        edges {
          cursor
          node {
            ...BuyerWalletHistoryEntry
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const TopUpFieldsFragment = graphql(`
  fragment BuyerTopUpFields on TopUp {
    id
    status
    failureCode
    createdAt
    amount {
      amount
      currency
    }
  }
`);

export const TopUpQuery = graphql(`
  query BuyerTopUp($id: ID!) {
    topUp(id: $id) {
      ...BuyerTopUpFields
    }
  }
`);

export const CreateTopUpMutation = graphql(`
  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {
    createTopUp(input: $input) {
      clientSecret
      replayed
      topUp {
        ...BuyerTopUpFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ResumeTopUpMutation = graphql(`
  mutation BuyerResumeTopUp($input: ResumeTopUpInput!) {
    resumeTopUp(input: $input) {
      clientSecret
      topUp {
        ...BuyerTopUpFields
      }
      errors {
        code
        message
      }
    }
  }
`);

export const CancelTopUpMutation = graphql(`
  mutation BuyerCancelTopUp($input: CancelTopUpInput!) {
    cancelTopUp(input: $input) {
      topUp {
        ...BuyerTopUpFields
      }
      errors {
        code
        message
      }
    }
  }
`);

export const UnpaidTopUpsQuery = graphql(`
  query BuyerUnpaidTopUps {
    myUnpaidTopUps {
      ...BuyerTopUpFields
    }
  }
`);
