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
  '\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.CatalogDocument;
  '\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n    }\n  }\n': typeof types.ListingPageDocument;
  '\n  mutation PurchaseListing($input: PurchaseListingInput!) {\n    purchaseListing(input: $input) {\n      order {\n        id\n      }\n      replayed\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.PurchaseListingDocument;
  '\n  query PurchaseWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.PurchaseWalletDocument;
  '\n  mutation BuyerLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerLogInDocument;
  '\n  mutation BuyerSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerSignUpDocument;
  '\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n': typeof types.ViewerDocument;
  '\n  query HeaderWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      status\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.HeaderWalletDocument;
  '\n  mutation BuyerLogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      loggedOut\n    }\n  }\n': typeof types.BuyerLogOutDocument;
};
const documents: Documents = {
  '\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.CatalogDocument,
  '\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n    }\n  }\n':
    types.ListingPageDocument,
  '\n  mutation PurchaseListing($input: PurchaseListingInput!) {\n    purchaseListing(input: $input) {\n      order {\n        id\n      }\n      replayed\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.PurchaseListingDocument,
  '\n  query PurchaseWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.PurchaseWalletDocument,
  '\n  mutation BuyerLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerLogInDocument,
  '\n  mutation BuyerSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerSignUpDocument,
  '\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n':
    types.ViewerDocument,
  '\n  query HeaderWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      status\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.HeaderWalletDocument,
  '\n  mutation BuyerLogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      loggedOut\n    }\n  }\n':
    types.BuyerLogOutDocument,
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
  source: '\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation PurchaseListing($input: PurchaseListingInput!) {\n    purchaseListing(input: $input) {\n      order {\n        id\n      }\n      replayed\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation PurchaseListing($input: PurchaseListingInput!) {\n    purchaseListing(input: $input) {\n      order {\n        id\n      }\n      replayed\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query PurchaseWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n',
): (typeof documents)['\n  query PurchaseWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n',
): (typeof documents)['\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query HeaderWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      status\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n',
): (typeof documents)['\n  query HeaderWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      status\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerLogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      loggedOut\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerLogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      loggedOut\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
