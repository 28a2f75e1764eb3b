import { graphql, useFragment as readFragment, type FragmentType } from '../../gql';
import type {
  SellerBankPayoutFragment,
  SellerPayoutAccountFragment,
  SellerPayoutFragment,
  SellerWithdrawalFragment,
} from '../../gql/graphql';

export const SellerPayoutAccountFields = graphql(`
  fragment SellerPayoutAccount on PayoutAccount {
    id
    status
    payoutsEnabled
    detailsSubmitted
    disabledReason
    pendingChecks {
      code
      description
    }
    requirements {
      code
      description
      overdue
    }
    updatedAt
  }
`);

export const SellerWithdrawalFields = graphql(`
  fragment SellerWithdrawal on Withdrawal {
    id
    state
    requested {
      amount
      currency
    }
    payable {
      amount
      currency
    }
    orderCount
    failureCode
    failureMessage
    createdAt
    updatedAt
    payout {
      id
      state
    }
  }
`);

export const SellerPayoutFields = graphql(`
  fragment SellerPayout on Payout {
    id
    state
    source
    amount {
      amount
      currency
    }
    reversedAmount {
      amount
      currency
    }
    orderCount
    transferAttempts
    failureCode
    failureMessage
    createdAt
    paidAt
    failedAt
  }
`);

export const SellerEarningsQuery = graphql(`
  query SellerEarnings {
    myPayoutHold
    payoutEarnings {
      currency
      earningsBalance {
        amount
        currency
      }
      available {
        amount {
          amount
          currency
        }
        orderCount
      }
      pending {
        amount {
          amount
          currency
        }
        orderCount
      }
      blocked {
        amount {
          amount
          currency
        }
        orderCount
      }
      blockedByReason {
        reason
        orderCount
        amount {
          amount
          currency
        }
      }
      inTransit {
        amount {
          amount
          currency
        }
        orderCount
      }
      paid {
        amount {
          amount
          currency
        }
        orderCount
      }
      unattributed {
        amount
        currency
      }
    }
  }
`);

/** How many of the newest sales are read for the pending earnings' dates (the API's page limit). */
export const pendingSalesReadLimit = 100;

/**
 * The newest sales' payout states and hold windows: the earnings figures carry no date, so when
 * pending money becomes available is read from the sales (pending-availability.ts).
 */
export const SellerPendingSalesQuery = graphql(`
  query SellerPendingSales($first: Int!) {
    mySales(first: $first) {
      edges {
        node {
          id
          payoutStatus {
            state
            eligibleFrom
            netAmount {
              amount
              currency
            }
          }
        }
      }
    }
  }
`);

export const SellerPayoutAccountQuery = graphql(`
  query SellerPayoutAccountStatus {
    payoutAccount {
      ...SellerPayoutAccount
    }
    paymentSettings {
      payoutCountries
    }
  }
`);

export const StartPayoutOnboardingMutation = graphql(`
  mutation StartPayoutOnboarding($input: StartPayoutOnboardingInput!) {
    startPayoutOnboarding(input: $input) {
      onboardingLink {
        url
        expiresAt
      }
      payoutAccount {
        ...SellerPayoutAccount
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const WithdrawalQuoteQuery = graphql(`
  query SellerWithdrawalQuote($amount: Int!, $currency: String!) {
    withdrawalQuote(amount: $amount, currency: $currency) {
      requested {
        amount
        currency
      }
      payable {
        amount
        currency
      }
      available {
        amount
        currency
      }
      minimum {
        amount
        currency
      }
      orderCount
    }
  }
`);

export const RequestWithdrawalMutation = graphql(`
  mutation RequestWithdrawal($input: RequestWithdrawalInput!) {
    requestWithdrawal(input: $input) {
      replayed
      withdrawal {
        ...SellerWithdrawal
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const CancelWithdrawalMutation = graphql(`
  mutation CancelWithdrawal($input: CancelWithdrawalInput!) {
    cancelWithdrawal(input: $input) {
      withdrawal {
        ...SellerWithdrawal
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const SellerWithdrawalsQuery = graphql(`
  query SellerWithdrawals($first: Int!, $after: String) {
    myWithdrawals(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...SellerWithdrawal
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SellerPayoutsQuery = graphql(`
  query SellerPayouts($first: Int!, $after: String) {
    myPayouts(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...SellerPayout
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Each change carries the payout and withdrawal as they are now: the cache updates them in place. */
export const SellerPayoutUpdatedSubscription = graphql(`
  subscription SellerPayoutUpdated {
    payoutUpdated {
      cursor
      kind
      state
      occurredAt
      payoutId
      withdrawalId
      payout {
        ...SellerPayout
      }
      withdrawal {
        ...SellerWithdrawal
      }
    }
  }
`);

/** Readers of masked fragment references (codegen's fragment masking; plain functions, not hooks). */
export function readWithdrawal(
  reference: FragmentType<typeof SellerWithdrawalFields>,
): SellerWithdrawalFragment {
  return readFragment(SellerWithdrawalFields, reference);
}

export function readPayout(reference: FragmentType<typeof SellerPayoutFields>): SellerPayoutFragment {
  return readFragment(SellerPayoutFields, reference);
}

export function readPayoutAccount(
  reference: FragmentType<typeof SellerPayoutAccountFields>,
): SellerPayoutAccountFragment {
  return readFragment(SellerPayoutAccountFields, reference);
}

export const SellerBankPayoutFields = graphql(`
  fragment SellerBankPayout on BankPayout {
    id
    amount {
      amount
      currency
    }
    status
    arrivalDate
    failureCode
    failureMessage
    createdAt
    updatedAt
  }
`);

export const SellerBankPayoutsQuery = graphql(`
  query SellerBankPayouts($first: Int!, $after: String) {
    bankPayouts(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...SellerBankPayout
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function readBankPayout(
  reference: FragmentType<typeof SellerBankPayoutFields>,
): SellerBankPayoutFragment {
  return readFragment(SellerBankPayoutFields, reference);
}
