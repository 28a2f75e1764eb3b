/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  subscription BuyerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n': typeof types.BuyerViewerEventsDocument;
  '\n  query BuyerPaymentSettings {\n    paymentSettings {\n      publishableKey\n      emulator\n      currencies\n      minTopUp\n      maxTopUp\n    }\n  }\n': typeof types.BuyerPaymentSettingsDocument;
  '\n  fragment BuyerWalletSummary on Wallet {\n    id\n    currency\n    status\n    flaggedAt\n    flaggedReason\n    balance {\n      amount\n      currency\n    }\n  }\n': typeof types.BuyerWalletSummaryFragmentDoc;
  '\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n': typeof types.BuyerWalletHistoryEntryFragmentDoc;
  '\n  query BuyerWallet($currency: String!, $first: Int!, $after: String) {\n    myWallet(currency: $currency) {\n      ...BuyerWalletSummary\n      history(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...BuyerWalletHistoryEntry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n': typeof types.BuyerWalletDocument;
  '\n  fragment BuyerTopUpFields on TopUp {\n    id\n    status\n    failureCode\n    createdAt\n    amount {\n      amount\n      currency\n    }\n  }\n': typeof types.BuyerTopUpFieldsFragmentDoc;
  '\n  query BuyerTopUp($id: ID!) {\n    topUp(id: $id) {\n      ...BuyerTopUpFields\n    }\n  }\n': typeof types.BuyerTopUpDocument;
  '\n  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {\n    createTopUp(input: $input) {\n      clientSecret\n      replayed\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerCreateTopUpDocument;
};
const documents: Documents = {
  '\n  subscription BuyerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n':
    types.BuyerViewerEventsDocument,
  '\n  query BuyerPaymentSettings {\n    paymentSettings {\n      publishableKey\n      emulator\n      currencies\n      minTopUp\n      maxTopUp\n    }\n  }\n':
    types.BuyerPaymentSettingsDocument,
  '\n  fragment BuyerWalletSummary on Wallet {\n    id\n    currency\n    status\n    flaggedAt\n    flaggedReason\n    balance {\n      amount\n      currency\n    }\n  }\n':
    types.BuyerWalletSummaryFragmentDoc,
  '\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n':
    types.BuyerWalletHistoryEntryFragmentDoc,
  '\n  query BuyerWallet($currency: String!, $first: Int!, $after: String) {\n    myWallet(currency: $currency) {\n      ...BuyerWalletSummary\n      history(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...BuyerWalletHistoryEntry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n':
    types.BuyerWalletDocument,
  '\n  fragment BuyerTopUpFields on TopUp {\n    id\n    status\n    failureCode\n    createdAt\n    amount {\n      amount\n      currency\n    }\n  }\n':
    types.BuyerTopUpFieldsFragmentDoc,
  '\n  query BuyerTopUp($id: ID!) {\n    topUp(id: $id) {\n      ...BuyerTopUpFields\n    }\n  }\n':
    types.BuyerTopUpDocument,
  '\n  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {\n    createTopUp(input: $input) {\n      clientSecret\n      replayed\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerCreateTopUpDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription BuyerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n',
): (typeof documents)['\n  subscription BuyerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerPaymentSettings {\n    paymentSettings {\n      publishableKey\n      emulator\n      currencies\n      minTopUp\n      maxTopUp\n    }\n  }\n',
): (typeof documents)['\n  query BuyerPaymentSettings {\n    paymentSettings {\n      publishableKey\n      emulator\n      currencies\n      minTopUp\n      maxTopUp\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment BuyerWalletSummary on Wallet {\n    id\n    currency\n    status\n    flaggedAt\n    flaggedReason\n    balance {\n      amount\n      currency\n    }\n  }\n',
): (typeof documents)['\n  fragment BuyerWalletSummary on Wallet {\n    id\n    currency\n    status\n    flaggedAt\n    flaggedReason\n    balance {\n      amount\n      currency\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n',
): (typeof documents)['\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerWallet($currency: String!, $first: Int!, $after: String) {\n    myWallet(currency: $currency) {\n      ...BuyerWalletSummary\n      history(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...BuyerWalletHistoryEntry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query BuyerWallet($currency: String!, $first: Int!, $after: String) {\n    myWallet(currency: $currency) {\n      ...BuyerWalletSummary\n      history(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...BuyerWalletHistoryEntry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment BuyerTopUpFields on TopUp {\n    id\n    status\n    failureCode\n    createdAt\n    amount {\n      amount\n      currency\n    }\n  }\n',
): (typeof documents)['\n  fragment BuyerTopUpFields on TopUp {\n    id\n    status\n    failureCode\n    createdAt\n    amount {\n      amount\n      currency\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerTopUp($id: ID!) {\n    topUp(id: $id) {\n      ...BuyerTopUpFields\n    }\n  }\n',
): (typeof documents)['\n  query BuyerTopUp($id: ID!) {\n    topUp(id: $id) {\n      ...BuyerTopUpFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {\n    createTopUp(input: $input) {\n      clientSecret\n      replayed\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {\n    createTopUp(input: $input) {\n      clientSecret\n      replayed\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
