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
  '\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n            badge\n            completedSales\n          }\n          images {\n            id\n            alt\n            width\n            height\n            url(width: 640)\n            srcSet\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.CatalogDocument;
  '\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      version\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n        badge\n        completedSales\n      }\n      images {\n        id\n        alt\n        width\n        height\n        url(width: 1280)\n        srcSet\n      }\n    }\n  }\n': typeof types.ListingPageDocument;
  '\n  mutation PurchaseListing($input: PurchaseListingInput!) {\n    purchaseListing(input: $input) {\n      order {\n        id\n      }\n      replayed\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.PurchaseListingDocument;
  '\n  query PurchaseWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.PurchaseWalletDocument;
  '\n  fragment BuyerDispute on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    decidedAt\n    timeline {\n      version\n      action\n      note\n    }\n    requestedParty\n    responseDueAt\n    order {\n      id\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n': typeof types.BuyerDisputeFragmentDoc;
  '\n  query BuyerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...BuyerDispute\n    }\n  }\n': typeof types.BuyerDisputeDocument;
  '\n  subscription BuyerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...BuyerDispute\n      }\n    }\n  }\n': typeof types.BuyerDisputeUpdatedDocument;
  '\n  mutation BuyerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerPostDisputeMessageDocument;
  '\n  mutation BuyerOpenDispute($input: OpenDisputeInput!) {\n    openDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerOpenDisputeDocument;
  '\n  query BuyerDisputesAwaitingAnswer {\n    myDisputes(first: 100) {\n      edges {\n        node {\n          id\n          state\n          requestedParty\n          buyer {\n            id\n          }\n        }\n      }\n    }\n  }\n': typeof types.BuyerDisputesAwaitingAnswerDocument;
  '\n  query BuyerDisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n': typeof types.BuyerDisputeAttachmentUrlDocument;
  '\n  query BuyerSessionCheck {\n    myOrders(first: 1) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n': typeof types.BuyerSessionCheckDocument;
  '\n  mutation BuyerWithdrawDispute($input: WithdrawDisputeInput!) {\n    withdrawDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerWithdrawDisputeDocument;
  '\n  subscription BuyerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n': typeof types.BuyerViewerEventsDocument;
  '\n  fragment BuyerOrderSummary on Order {\n    id\n    createdAt\n    escrowStatus\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    price {\n      amount\n      currency\n    }\n    listing {\n      id\n      title\n      platform\n      region\n      kind\n    }\n    dispute {\n      id\n      state\n      version\n      requestedParty\n      responseDueAt\n    }\n  }\n': typeof types.BuyerOrderSummaryFragmentDoc;
  '\n  query BuyerOrders($first: Int!, $after: String) {\n    myOrders(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...BuyerOrderSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.BuyerOrdersDocument;
  '\n  query BuyerOrder($id: ID!) {\n    order(id: $id) {\n      ...BuyerOrderSummary\n    }\n  }\n': typeof types.BuyerOrderDocument;
  '\n  mutation BuyerRevealCode($input: OrderInput!) {\n    revealCode(input: $input) {\n      code\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerRevealCodeDocument;
  '\n  mutation BuyerConfirmDelivery($input: OrderInput!) {\n    confirmDelivery(input: $input) {\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerConfirmDeliveryDocument;
  '\n  mutation BuyerLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerLogInDocument;
  '\n  mutation BuyerSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerSignUpDocument;
  '\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ChangePasswordDocument;
  '\n  mutation BuyerRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerRequestPasswordResetDocument;
  '\n  mutation BuyerResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerResetPasswordDocument;
  '\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      userAgent\n      address\n      current\n    }\n  }\n': typeof types.MySessionsDocument;
  '\n  mutation RevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      session {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RevokeSessionDocument;
  '\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n': typeof types.ViewerDocument;
  '\n  query HeaderWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      status\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.HeaderWalletDocument;
  '\n  mutation BuyerLogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      loggedOut\n    }\n  }\n': typeof types.BuyerLogOutDocument;
  '\n  query BuyerPaymentSettings {\n    paymentSettings {\n      publishableKey\n      emulator\n      currencies\n      minTopUp\n      maxTopUp\n    }\n  }\n': typeof types.BuyerPaymentSettingsDocument;
  '\n  fragment BuyerWalletSummary on Wallet {\n    id\n    currency\n    status\n    flaggedAt\n    flaggedReason\n    balance {\n      amount\n      currency\n    }\n  }\n': typeof types.BuyerWalletSummaryFragmentDoc;
  '\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n': typeof types.BuyerWalletHistoryEntryFragmentDoc;
  '\n  query BuyerWallet($currency: String!, $first: Int!, $after: String) {\n    myWallet(currency: $currency) {\n      ...BuyerWalletSummary\n      history(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...BuyerWalletHistoryEntry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n': typeof types.BuyerWalletDocument;
  '\n  fragment BuyerTopUpFields on TopUp {\n    id\n    status\n    failureCode\n    createdAt\n    amount {\n      amount\n      currency\n    }\n  }\n': typeof types.BuyerTopUpFieldsFragmentDoc;
  '\n  query BuyerTopUp($id: ID!) {\n    topUp(id: $id) {\n      ...BuyerTopUpFields\n    }\n  }\n': typeof types.BuyerTopUpDocument;
  '\n  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {\n    createTopUp(input: $input) {\n      clientSecret\n      replayed\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.BuyerCreateTopUpDocument;
  '\n  mutation BuyerResumeTopUp($input: ResumeTopUpInput!) {\n    resumeTopUp(input: $input) {\n      clientSecret\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n': typeof types.BuyerResumeTopUpDocument;
  '\n  mutation BuyerCancelTopUp($input: CancelTopUpInput!) {\n    cancelTopUp(input: $input) {\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n': typeof types.BuyerCancelTopUpDocument;
  '\n  query BuyerUnpaidTopUps {\n    myUnpaidTopUps {\n      ...BuyerTopUpFields\n    }\n  }\n': typeof types.BuyerUnpaidTopUpsDocument;
};
const documents: Documents = {
  '\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n            badge\n            completedSales\n          }\n          images {\n            id\n            alt\n            width\n            height\n            url(width: 640)\n            srcSet\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.CatalogDocument,
  '\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      version\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n        badge\n        completedSales\n      }\n      images {\n        id\n        alt\n        width\n        height\n        url(width: 1280)\n        srcSet\n      }\n    }\n  }\n':
    types.ListingPageDocument,
  '\n  mutation PurchaseListing($input: PurchaseListingInput!) {\n    purchaseListing(input: $input) {\n      order {\n        id\n      }\n      replayed\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.PurchaseListingDocument,
  '\n  query PurchaseWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.PurchaseWalletDocument,
  '\n  fragment BuyerDispute on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    decidedAt\n    timeline {\n      version\n      action\n      note\n    }\n    requestedParty\n    responseDueAt\n    order {\n      id\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n':
    types.BuyerDisputeFragmentDoc,
  '\n  query BuyerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...BuyerDispute\n    }\n  }\n':
    types.BuyerDisputeDocument,
  '\n  subscription BuyerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...BuyerDispute\n      }\n    }\n  }\n':
    types.BuyerDisputeUpdatedDocument,
  '\n  mutation BuyerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerPostDisputeMessageDocument,
  '\n  mutation BuyerOpenDispute($input: OpenDisputeInput!) {\n    openDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerOpenDisputeDocument,
  '\n  query BuyerDisputesAwaitingAnswer {\n    myDisputes(first: 100) {\n      edges {\n        node {\n          id\n          state\n          requestedParty\n          buyer {\n            id\n          }\n        }\n      }\n    }\n  }\n':
    types.BuyerDisputesAwaitingAnswerDocument,
  '\n  query BuyerDisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n':
    types.BuyerDisputeAttachmentUrlDocument,
  '\n  query BuyerSessionCheck {\n    myOrders(first: 1) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n':
    types.BuyerSessionCheckDocument,
  '\n  mutation BuyerWithdrawDispute($input: WithdrawDisputeInput!) {\n    withdrawDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerWithdrawDisputeDocument,
  '\n  subscription BuyerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n':
    types.BuyerViewerEventsDocument,
  '\n  fragment BuyerOrderSummary on Order {\n    id\n    createdAt\n    escrowStatus\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    price {\n      amount\n      currency\n    }\n    listing {\n      id\n      title\n      platform\n      region\n      kind\n    }\n    dispute {\n      id\n      state\n      version\n      requestedParty\n      responseDueAt\n    }\n  }\n':
    types.BuyerOrderSummaryFragmentDoc,
  '\n  query BuyerOrders($first: Int!, $after: String) {\n    myOrders(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...BuyerOrderSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.BuyerOrdersDocument,
  '\n  query BuyerOrder($id: ID!) {\n    order(id: $id) {\n      ...BuyerOrderSummary\n    }\n  }\n':
    types.BuyerOrderDocument,
  '\n  mutation BuyerRevealCode($input: OrderInput!) {\n    revealCode(input: $input) {\n      code\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerRevealCodeDocument,
  '\n  mutation BuyerConfirmDelivery($input: OrderInput!) {\n    confirmDelivery(input: $input) {\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerConfirmDeliveryDocument,
  '\n  mutation BuyerLogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerLogInDocument,
  '\n  mutation BuyerSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerSignUpDocument,
  '\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.ChangePasswordDocument,
  '\n  mutation BuyerRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerRequestPasswordResetDocument,
  '\n  mutation BuyerResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerResetPasswordDocument,
  '\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      userAgent\n      address\n      current\n    }\n  }\n':
    types.MySessionsDocument,
  '\n  mutation RevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      session {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.RevokeSessionDocument,
  '\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n':
    types.ViewerDocument,
  '\n  query HeaderWallet($currency: String!) {\n    myWallet(currency: $currency) {\n      id\n      status\n      balance {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.HeaderWalletDocument,
  '\n  mutation BuyerLogOut($input: LogOutInput!) {\n    logOut(input: $input) {\n      loggedOut\n    }\n  }\n':
    types.BuyerLogOutDocument,
  '\n  query BuyerPaymentSettings {\n    paymentSettings {\n      publishableKey\n      emulator\n      currencies\n      minTopUp\n      maxTopUp\n    }\n  }\n':
    types.BuyerPaymentSettingsDocument,
  '\n  fragment BuyerWalletSummary on Wallet {\n    id\n    currency\n    status\n    flaggedAt\n    flaggedReason\n    balance {\n      amount\n      currency\n    }\n  }\n':
    types.BuyerWalletSummaryFragmentDoc,
  '\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n':
    types.BuyerWalletHistoryEntryFragmentDoc,
  '\n  query BuyerWallet($currency: String!, $first: Int!, $after: String) {\n    myWallet(currency: $currency) {\n      ...BuyerWalletSummary\n      history(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            ...BuyerWalletHistoryEntry\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n':
    types.BuyerWalletDocument,
  '\n  fragment BuyerTopUpFields on TopUp {\n    id\n    status\n    failureCode\n    createdAt\n    amount {\n      amount\n      currency\n    }\n  }\n':
    types.BuyerTopUpFieldsFragmentDoc,
  '\n  query BuyerTopUp($id: ID!) {\n    topUp(id: $id) {\n      ...BuyerTopUpFields\n    }\n  }\n':
    types.BuyerTopUpDocument,
  '\n  mutation BuyerCreateTopUp($input: CreateTopUpInput!) {\n    createTopUp(input: $input) {\n      clientSecret\n      replayed\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.BuyerCreateTopUpDocument,
  '\n  mutation BuyerResumeTopUp($input: ResumeTopUpInput!) {\n    resumeTopUp(input: $input) {\n      clientSecret\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n':
    types.BuyerResumeTopUpDocument,
  '\n  mutation BuyerCancelTopUp($input: CancelTopUpInput!) {\n    cancelTopUp(input: $input) {\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n':
    types.BuyerCancelTopUpDocument,
  '\n  query BuyerUnpaidTopUps {\n    myUnpaidTopUps {\n      ...BuyerTopUpFields\n    }\n  }\n':
    types.BuyerUnpaidTopUpsDocument,
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
  source: '\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n            badge\n            completedSales\n          }\n          images {\n            id\n            alt\n            width\n            height\n            url(width: 640)\n            srcSet\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {\n    listings(filter: $filter, sort: $sort, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          platform\n          region\n          kind\n          stock\n          price {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n            badge\n            completedSales\n          }\n          images {\n            id\n            alt\n            width\n            height\n            url(width: 640)\n            srcSet\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      version\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n        badge\n        completedSales\n      }\n      images {\n        id\n        alt\n        width\n        height\n        url(width: 1280)\n        srcSet\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ListingPage($id: ID!) {\n    listing(id: $id) {\n      id\n      version\n      title\n      description\n      platform\n      region\n      kind\n      stock\n      status\n      createdAt\n      price {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n        badge\n        completedSales\n      }\n      images {\n        id\n        alt\n        width\n        height\n        url(width: 1280)\n        srcSet\n      }\n    }\n  }\n'];
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
  source: '\n  fragment BuyerDispute on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    decidedAt\n    timeline {\n      version\n      action\n      note\n    }\n    requestedParty\n    responseDueAt\n    order {\n      id\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment BuyerDispute on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    decidedAt\n    timeline {\n      version\n      action\n      note\n    }\n    requestedParty\n    responseDueAt\n    order {\n      id\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...BuyerDispute\n    }\n  }\n',
): (typeof documents)['\n  query BuyerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...BuyerDispute\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription BuyerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...BuyerDispute\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription BuyerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...BuyerDispute\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerOpenDispute($input: OpenDisputeInput!) {\n    openDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerOpenDispute($input: OpenDisputeInput!) {\n    openDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerDisputesAwaitingAnswer {\n    myDisputes(first: 100) {\n      edges {\n        node {\n          id\n          state\n          requestedParty\n          buyer {\n            id\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query BuyerDisputesAwaitingAnswer {\n    myDisputes(first: 100) {\n      edges {\n        node {\n          id\n          state\n          requestedParty\n          buyer {\n            id\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerDisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n',
): (typeof documents)['\n  query BuyerDisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerSessionCheck {\n    myOrders(first: 1) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n',
): (typeof documents)['\n  query BuyerSessionCheck {\n    myOrders(first: 1) {\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerWithdrawDispute($input: WithdrawDisputeInput!) {\n    withdrawDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerWithdrawDispute($input: WithdrawDisputeInput!) {\n    withdrawDispute(input: $input) {\n      dispute {\n        ...BuyerDispute\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
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
  source: '\n  fragment BuyerOrderSummary on Order {\n    id\n    createdAt\n    escrowStatus\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    price {\n      amount\n      currency\n    }\n    listing {\n      id\n      title\n      platform\n      region\n      kind\n    }\n    dispute {\n      id\n      state\n      version\n      requestedParty\n      responseDueAt\n    }\n  }\n',
): (typeof documents)['\n  fragment BuyerOrderSummary on Order {\n    id\n    createdAt\n    escrowStatus\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    price {\n      amount\n      currency\n    }\n    listing {\n      id\n      title\n      platform\n      region\n      kind\n    }\n    dispute {\n      id\n      state\n      version\n      requestedParty\n      responseDueAt\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerOrders($first: Int!, $after: String) {\n    myOrders(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...BuyerOrderSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query BuyerOrders($first: Int!, $after: String) {\n    myOrders(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...BuyerOrderSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerOrder($id: ID!) {\n    order(id: $id) {\n      ...BuyerOrderSummary\n    }\n  }\n',
): (typeof documents)['\n  query BuyerOrder($id: ID!) {\n    order(id: $id) {\n      ...BuyerOrderSummary\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerRevealCode($input: OrderInput!) {\n    revealCode(input: $input) {\n      code\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerRevealCode($input: OrderInput!) {\n    revealCode(input: $input) {\n      code\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerConfirmDelivery($input: OrderInput!) {\n    confirmDelivery(input: $input) {\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerConfirmDelivery($input: OrderInput!) {\n    confirmDelivery(input: $input) {\n      order {\n        ...BuyerOrderSummary\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
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
  source: '\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      userAgent\n      address\n      current\n    }\n  }\n',
): (typeof documents)['\n  query MySessions {\n    mySessions {\n      id\n      createdAt\n      userAgent\n      address\n      current\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      session {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RevokeSession($input: RevokeSessionInput!) {\n    revokeSession(input: $input) {\n      session {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
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
  source: '\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n',
): (typeof documents)['\n  fragment BuyerWalletHistoryEntry on LedgerEntry {\n    id\n    kind\n    createdAt\n    orderId\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n    amount {\n      amount\n      currency\n    }\n    balanceAfter {\n      amount\n      currency\n    }\n  }\n'];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerResumeTopUp($input: ResumeTopUpInput!) {\n    resumeTopUp(input: $input) {\n      clientSecret\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerResumeTopUp($input: ResumeTopUpInput!) {\n    resumeTopUp(input: $input) {\n      clientSecret\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation BuyerCancelTopUp($input: CancelTopUpInput!) {\n    cancelTopUp(input: $input) {\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation BuyerCancelTopUp($input: CancelTopUpInput!) {\n    cancelTopUp(input: $input) {\n      topUp {\n        ...BuyerTopUpFields\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query BuyerUnpaidTopUps {\n    myUnpaidTopUps {\n      ...BuyerTopUpFields\n    }\n  }\n',
): (typeof documents)['\n  query BuyerUnpaidTopUps {\n    myUnpaidTopUps {\n      ...BuyerTopUpFields\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
