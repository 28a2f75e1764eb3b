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
  '\n  mutation AccountChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      revokedApiKeys\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AccountChangePasswordDocument;
  '\n  query AdminAuditLog($first: Int!, $after: String, $actorId: ID, $subjectId: ID, $action: String) {\n    auditLog(first: $first, after: $after, actorId: $actorId, subjectId: $subjectId, action: $action) {\n      edges {\n        cursor\n        node {\n          id\n          action\n          subjectType\n          subjectId\n          subjectGlobalId\n          details\n          reason\n          requestId\n          address\n          createdAt\n          actor {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.AdminAuditLogDocument;
  '\n  query AdminAuditActor($search: String!) {\n    users(search: $search) {\n      id\n      email\n    }\n  }\n': typeof types.AdminAuditActorDocument;
  '\n  query AdminLedgerAccount($id: ID!, $first: Int!, $after: String) {\n    ledgerAccount(id: $id) {\n      id\n      kind\n      ownerId\n      orderId\n      owner {\n        id\n        displayName\n        email\n      }\n      order {\n        id\n        listing {\n          id\n          title\n        }\n      }\n      balance {\n        amount\n        currency\n      }\n      entries(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            kind\n            orderId\n            createdAt\n            amount {\n              amount\n              currency\n            }\n            balanceAfter {\n              amount\n              currency\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n': typeof types.AdminLedgerAccountDocument;
  '\n  query AdminLedgerAccounts($kind: LedgerAccountKind!, $first: Int!, $after: String) {\n    ledgerAccounts(kind: $kind, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          kind\n          ownerId\n          orderId\n          owner {\n            id\n            displayName\n            email\n          }\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n          balance {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.AdminLedgerAccountsDocument;
  '\n  subscription AdminMoneyInvariantsChanged {\n    moneyInvariantsChanged {\n      holds\n      checkedAt\n      currencies {\n        currency\n        holds\n        escrow {\n          holds\n          heldOrders\n          escrowAccountsWithBalance\n          escrowBalance {\n            amount\n            currency\n          }\n          heldOrdersTotal {\n            amount\n            currency\n          }\n        }\n        trialBalance {\n          holds\n          accountsWithBalance\n          debitBalances {\n            amount\n            currency\n          }\n          creditBalances {\n            amount\n            currency\n          }\n        }\n        walletFlags {\n          holds\n          flaggedWallets\n          negativeWallets\n          negativeWalletsFlagged\n          negativeWalletsFlagLifted\n          negativeWalletsUnflagged\n        }\n      }\n    }\n  }\n': typeof types.AdminMoneyInvariantsChangedDocument;
  '\n  query AdminPayoutHolds($sellerId: ID!) {\n    user(id: $sellerId) {\n      id\n      displayName\n      email\n      roles\n    }\n    payoutHolds(sellerId: $sellerId) {\n      id\n      active\n      reason\n      setAt\n      setBy {\n        id\n        displayName\n      }\n      liftReason\n      liftedAt\n      liftedBy {\n        id\n        displayName\n      }\n    }\n  }\n': typeof types.AdminPayoutHoldsDocument;
  '\n  mutation AdminSetPayoutHold($input: SetPayoutHoldInput!) {\n    setPayoutHold(input: $input) {\n      hold {\n        id\n        active\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminSetPayoutHoldDocument;
  '\n  mutation AdminLiftPayoutHold($input: LiftPayoutHoldInput!) {\n    liftPayoutHold(input: $input) {\n      hold {\n        id\n        active\n        liftReason\n        liftedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminLiftPayoutHoldDocument;
  '\n  query AdminPayoutReconciliation {\n    payoutReconciliation {\n      id\n      clean\n      trigger\n      startedAt\n      finishedAt\n      payoutsChecked\n      transfersChecked\n      discrepancyCount\n      stripeApi\n      discrepancies {\n        kind\n        message\n        payoutId\n        stripeTransferId\n        expected\n        actual\n        expectedAmount {\n          amount\n          currency\n        }\n        actualAmount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n': typeof types.AdminPayoutReconciliationDocument;
  '\n  mutation AdminRunPayoutReconciliation {\n    runPayoutReconciliation {\n      reconciliation {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminRunPayoutReconciliationDocument;
  '\n  query AdminStuckPayouts($first: Int!) {\n    stuckPayouts(first: $first) {\n      edges {\n        node {\n          id\n          state\n          source\n          createdAt\n          orderCount\n          transferAttempts\n          lastError\n          amount {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n': typeof types.AdminStuckPayoutsDocument;
  '\n  mutation AdminRedrivePayout($input: RedrivePayoutInput!) {\n    redrivePayout(input: $input) {\n      outcome\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminRedrivePayoutDocument;
  '\n  subscription AdminPayoutFeed($after: String) {\n    payoutFeed(after: $after) {\n      cursor\n      kind\n      state\n      occurredAt\n      failureCode\n      payoutId\n      withdrawalId\n      amount {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n    }\n  }\n': typeof types.AdminPayoutFeedDocument;
  '\n  query AdminRiskProfile($role: RiskRole!, $userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n    }\n    riskProfile(role: $role, userId: $userId) {\n      id\n      ...RiskProfileDetails\n    }\n  }\n': typeof types.AdminRiskProfileDocument;
  '\n  fragment RiskProfileDetails on RiskProfile {\n    id\n    userId\n    role\n    score\n    tier\n    computedTier\n    computedAt\n    scoringVersion\n    factors {\n      name\n      value\n      contribution\n    }\n    override {\n      tier\n      reason\n      setAt\n      setById\n      expiresAt\n    }\n    tierChanges(first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          cause\n          fromTier\n          toTier\n          effectiveTier\n          score\n          reason\n          actorId\n          overrideExpiresAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n': typeof types.RiskProfileDetailsFragmentDoc;
  '\n  mutation AdminOverrideRiskTier($input: OverrideRiskTierInput!) {\n    overrideRiskTier(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminOverrideRiskTierDocument;
  '\n  mutation AdminClearRiskOverride($input: ClearRiskOverrideInput!) {\n    clearRiskOverride(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminClearRiskOverrideDocument;
  '\n  query AdminRiskActor($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n    }\n  }\n': typeof types.AdminRiskActorDocument;
  '\n  query AdminFindUsers($search: String!) {\n    users(search: $search) {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n': typeof types.AdminFindUsersDocument;
  '\n  mutation AdminCreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) {\n      user {\n        id\n        displayName\n        email\n        roles\n        createdAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminCreateStaffUserDocument;
  '\n  mutation AdminResetStaffPassword($input: ResetStaffPasswordInput!) {\n    resetStaffPassword(input: $input) {\n      user {\n        id\n        passwordExpiresAt\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n': typeof types.AdminResetStaffPasswordDocument;
  '\n  query AdminStaffList {\n    staffMembers(includeDisabled: true) {\n      id\n      displayName\n      email\n      roles\n      status\n      createdAt\n      passwordExpiresAt\n    }\n  }\n': typeof types.AdminStaffListDocument;
  '\n  mutation AdminSetStaffAccountStatus($input: SetStaffAccountStatusInput!) {\n    setStaffAccountStatus(input: $input) {\n      user {\n        id\n        status\n      }\n      changed\n      disputesReturned\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminSetStaffAccountStatusDocument;
  '\n  query AdminStaffPageUser($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n      passwordExpiresAt\n      status\n    }\n  }\n': typeof types.AdminStaffPageUserDocument;
  '\n  query AdminFlaggedWallets($first: Int!, $after: String) {\n    flaggedWallets(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          currency\n          status\n          flaggedAt\n          flaggedReason\n          flaggedInternalReason\n          balance {\n            amount\n            currency\n          }\n          buyer {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.AdminFlaggedWalletsDocument;
  '\n  mutation AdminLiftWalletFlag($input: LiftWalletFlagInput!) {\n    liftWalletFlag(input: $input) {\n      wallets {\n        id\n        status\n        flaggedAt\n        flaggedReason\n        flaggedInternalReason\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AdminLiftWalletFlagDocument;
  '\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n': typeof types.LogOutDocument;
  '\n  fragment SellerApiKey on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n': typeof types.SellerApiKeyFragmentDoc;
  '\n  query SellerApiKeys($first: Int!, $after: String) {\n    myApiKeys(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerApiKey\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerApiKeysDocument;
  '\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      secret\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.CreateApiKeyDocument;
  '\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RevokeApiKeyDocument;
  '\n  mutation AddCodes($input: AddCodesInput!) {\n    addCodes(input: $input) {\n      addedCount\n      duplicateCount\n      invalidCount\n      rejectedLines {\n        line\n        status\n        message\n      }\n      listing {\n        id\n        stock\n        version\n        updatedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AddCodesDocument;
  '\n  fragment SellerDisputeRow on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n  }\n': typeof types.SellerDisputeRowFragmentDoc;
  '\n  fragment SellerDisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      price {\n        amount\n        currency\n      }\n      listing {\n        id\n        title\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n': typeof types.SellerDisputeDetailFragmentDoc;
  '\n  query SellerDisputes($first: Int!, $after: String) {\n    myDisputes(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerDisputeRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerDisputesDocument;
  '\n  query SellerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...SellerDisputeRow\n      ...SellerDisputeDetail\n    }\n  }\n': typeof types.SellerDisputeDocument;
  '\n  subscription SellerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n    }\n  }\n': typeof types.SellerDisputeUpdatedDocument;
  '\n  mutation SellerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.SellerPostDisputeMessageDocument;
  '\n  fragment SellerListing on Listing {\n    id\n    title\n    description\n    kind\n    platform\n    region\n    price {\n      amount\n      currency\n    }\n    status\n    stock\n    version\n    createdAt\n    updatedAt\n    images {\n      id\n      alt\n      url(width: 320)\n    }\n  }\n': typeof types.SellerListingFragmentDoc;
  '\n  query SellerListings($first: Int!, $after: String, $filter: MyListingsFilter) {\n    myListings(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...SellerListing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerListingsDocument;
  '\n  query SellerListingById($id: ID!) {\n    listing(id: $id) {\n      ...SellerListing\n      seller {\n        id\n      }\n    }\n  }\n': typeof types.SellerListingByIdDocument;
  '\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.CreateListingDocument;
  '\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.UpdateListingDocument;
  '\n  mutation SetListingImages($input: SetListingImagesInput!) {\n    setListingImages(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.SetListingImagesDocument;
  '\n  mutation PauseListing($input: PauseListingInput!) {\n    pauseListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.PauseListingDocument;
  '\n  mutation ActivateListing($input: ActivateListingInput!) {\n    activateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ActivateListingDocument;
  '\n  mutation ArchiveListing($input: ArchiveListingInput!) {\n    archiveListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ArchiveListingDocument;
  '\n  query ListingFee {\n    paymentSettings {\n      platformFeeBasisPoints\n    }\n  }\n': typeof types.ListingFeeDocument;
  '\n  fragment SellerPayoutAccount on PayoutAccount {\n    id\n    status\n    payoutsEnabled\n    detailsSubmitted\n    disabledReason\n    pendingChecks {\n      code\n      description\n    }\n    requirements {\n      code\n      description\n      overdue\n    }\n    updatedAt\n  }\n': typeof types.SellerPayoutAccountFragmentDoc;
  '\n  fragment SellerWithdrawal on Withdrawal {\n    id\n    state\n    requested {\n      amount\n      currency\n    }\n    payable {\n      amount\n      currency\n    }\n    orderCount\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n    payout {\n      id\n      state\n    }\n  }\n': typeof types.SellerWithdrawalFragmentDoc;
  '\n  fragment SellerPayout on Payout {\n    id\n    state\n    source\n    amount {\n      amount\n      currency\n    }\n    reversedAmount {\n      amount\n      currency\n    }\n    orderCount\n    transferAttempts\n    failureCode\n    failureMessage\n    createdAt\n    paidAt\n    failedAt\n  }\n': typeof types.SellerPayoutFragmentDoc;
  '\n  query SellerEarnings {\n    myPayoutHold\n    payoutEarnings {\n      currency\n      earningsBalance {\n        amount\n        currency\n      }\n      available {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      pending {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blocked {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blockedByReason {\n        reason\n        orderCount\n        amount {\n          amount\n          currency\n        }\n      }\n      inTransit {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      paid {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      unattributed {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.SellerEarningsDocument;
  '\n  query SellerPendingSales($first: Int!) {\n    mySales(first: $first) {\n      edges {\n        node {\n          id\n          payoutStatus {\n            state\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n': typeof types.SellerPendingSalesDocument;
  '\n  query SellerPayoutAccountStatus {\n    payoutAccount {\n      ...SellerPayoutAccount\n    }\n    paymentSettings {\n      payoutCountries\n    }\n  }\n': typeof types.SellerPayoutAccountStatusDocument;
  '\n  mutation StartPayoutOnboarding($input: StartPayoutOnboardingInput!) {\n    startPayoutOnboarding(input: $input) {\n      onboardingLink {\n        url\n        expiresAt\n      }\n      payoutAccount {\n        ...SellerPayoutAccount\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.StartPayoutOnboardingDocument;
  '\n  query SellerWithdrawalQuote($amount: Int!, $currency: String!) {\n    withdrawalQuote(amount: $amount, currency: $currency) {\n      requested {\n        amount\n        currency\n      }\n      payable {\n        amount\n        currency\n      }\n      available {\n        amount\n        currency\n      }\n      minimum {\n        amount\n        currency\n      }\n      orderCount\n    }\n  }\n': typeof types.SellerWithdrawalQuoteDocument;
  '\n  mutation RequestWithdrawal($input: RequestWithdrawalInput!) {\n    requestWithdrawal(input: $input) {\n      replayed\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RequestWithdrawalDocument;
  '\n  mutation CancelWithdrawal($input: CancelWithdrawalInput!) {\n    cancelWithdrawal(input: $input) {\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.CancelWithdrawalDocument;
  '\n  query SellerWithdrawals($first: Int!, $after: String) {\n    myWithdrawals(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerWithdrawal\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerWithdrawalsDocument;
  '\n  query SellerPayouts($first: Int!, $after: String) {\n    myPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerPayoutsDocument;
  '\n  subscription SellerPayoutUpdated {\n    payoutUpdated {\n      cursor\n      kind\n      state\n      occurredAt\n      payoutId\n      withdrawalId\n      payout {\n        ...SellerPayout\n      }\n      withdrawal {\n        ...SellerWithdrawal\n      }\n    }\n  }\n': typeof types.SellerPayoutUpdatedDocument;
  '\n  fragment SellerBankPayout on BankPayout {\n    id\n    amount {\n      amount\n      currency\n    }\n    status\n    arrivalDate\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n  }\n': typeof types.SellerBankPayoutFragmentDoc;
  '\n  query SellerBankPayouts($first: Int!, $after: String) {\n    bankPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerBankPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerBankPayoutsDocument;
  '\n  query SellerSales($first: Int!, $after: String) {\n    mySales(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          listingId\n          listing {\n            id\n            title\n          }\n          createdAt\n          price {\n            amount\n            currency\n          }\n          platformFee {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          escrowStatus\n          protectionEndsAt\n          confirmedAt\n          releasedAt\n          refundedAt\n          payoutStatus {\n            state\n            blockedReason\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n          dispute {\n            id\n            version\n            state\n            outcome\n            requestedParty\n            responseDueAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SellerSalesDocument;
  '\n  subscription SellerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n': typeof types.SellerViewerEventsDocument;
  '\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.LogInDocument;
  '\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RequestPasswordResetDocument;
  '\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ResetPasswordDocument;
  '\n  mutation SignUpSeller($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.SignUpSellerDocument;
  '\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n      passwordExpiresAt\n    }\n  }\n': typeof types.ViewerDocument;
  '\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      codeRevealedAt\n      listing {\n        id\n        title\n      }\n      price {\n        amount\n        currency\n      }\n      termsAtPurchase {\n        version\n        title\n        description\n        platform\n        region\n        kind\n        changedSince\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n': typeof types.DisputeDetailFragmentDoc;
  '\n  query Dispute($id: ID!) {\n    dispute(id: $id) {\n      ...DisputeDetail\n    }\n  }\n': typeof types.DisputeDocument;
  '\n  subscription DisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...DisputeDetail\n      }\n    }\n  }\n': typeof types.DisputeUpdatedDocument;
  '\n  mutation AssignDispute($input: AssignDisputeInput!) {\n    assignDispute(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AssignDisputeDocument;
  '\n  mutation StartDisputeReview($input: StartDisputeReviewInput!) {\n    startDisputeReview(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.StartDisputeReviewDocument;
  '\n  mutation RequestDisputeResponse($input: RequestDisputeResponseInput!) {\n    requestDisputeResponse(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RequestDisputeResponseDocument;
  '\n  mutation PostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.PostDisputeMessageDocument;
  '\n  mutation RefundOrder($input: OrderDecisionInput!) {\n    refundOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RefundOrderDocument;
  '\n  mutation ReleaseOrder($input: OrderDecisionInput!) {\n    releaseOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ReleaseOrderDocument;
  '\n  query DisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n': typeof types.DisputeAttachmentUrlDocument;
  '\n  query StaffMembers {\n    staffMembers {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n': typeof types.StaffMembersDocument;
  '\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n': typeof types.StaffColleagueDocument;
  '\n  fragment LookupOrder on Order {\n    id\n    createdAt\n    escrowStatus\n    price {\n      amount\n      currency\n    }\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    listing {\n      id\n      title\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    dispute {\n      id\n      state\n    }\n    payoutStatus {\n      state\n      blockedReason\n    }\n  }\n': typeof types.LookupOrderFragmentDoc;
  '\n  fragment LookupRisk on RiskProfile {\n    id\n    role\n    score\n    tier\n    computedTier\n    override {\n      tier\n      expiresAt\n    }\n  }\n': typeof types.LookupRiskFragmentDoc;
  '\n  query SupportLookupCustomer($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n    }\n    buyerRisk: riskProfile(role: BUYER, userId: $userId) {\n      ...LookupRisk\n    }\n    sellerRisk: riskProfile(role: SELLER, userId: $userId) {\n      ...LookupRisk\n    }\n    userWallets(userId: $userId) {\n      id\n      currency\n      status\n      balance {\n        amount\n        currency\n      }\n      flaggedAt\n      flaggedInternalReason\n    }\n  }\n': typeof types.SupportLookupCustomerDocument;
  '\n  query SupportLookupUserDisputes($userId: ID!, $first: Int!, $after: String) {\n    disputeQueue(filter: { partyId: $userId, newestFirst: true }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SupportLookupUserDisputesDocument;
  '\n  query SupportLookupUserOrders($userId: ID!, $party: OrderParty!, $first: Int!, $after: String) {\n    userOrders(userId: $userId, party: $party, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...LookupOrder\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SupportLookupUserOrdersDocument;
  '\n  query SupportLookupOrder($orderId: ID!) {\n    order(id: $orderId) {\n      ...LookupOrder\n    }\n  }\n': typeof types.SupportLookupOrderDocument;
  '\n  query SupportLookupUserTopUps($userId: ID!, $first: Int!, $after: String) {\n    userTopUps(userId: $userId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          createdAt\n          status\n          failureCode\n          amount {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.SupportLookupUserTopUpsDocument;
  '\n  query SupportLookupPayoutAccount($userId: ID!) {\n    userPayoutAccount(userId: $userId) {\n      id\n      status\n      payoutsEnabled\n      disabledReason\n      updatedAt\n      requirements {\n        code\n        description\n        overdue\n      }\n    }\n  }\n': typeof types.SupportLookupPayoutAccountDocument;
  '\n  query SupportLookupWithdrawals($sellerId: ID!, $first: Int!) {\n    withdrawals(filter: { sellerId: $sellerId }, first: $first) {\n      edges {\n        node {\n          id\n          createdAt\n          state\n          requested {\n            amount\n            currency\n          }\n          orderCount\n          failureMessage\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n': typeof types.SupportLookupWithdrawalsDocument;
  '\n  fragment QueueDispute on Dispute {\n    id\n    version\n    state\n    reason\n    createdAt\n    updatedAt\n    responseDueAt\n    requestedParty\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n      displayName\n    }\n    order {\n      id\n      price {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.QueueDisputeFragmentDoc;
  '\n  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {\n    disputeQueue(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.DisputeQueueDocument;
  '\n  query DisputeCounts {\n    disputeCounts {\n      state\n      count\n    }\n  }\n': typeof types.DisputeCountsDocument;
  '\n  subscription DisputeFeed($after: String) {\n    disputeFeed(after: $after) {\n      cursor\n      kind\n      disputeId\n      fromState\n      state\n      version\n      occurredAt\n      dispute {\n        ...QueueDispute\n      }\n    }\n  }\n': typeof types.DisputeFeedDocument;
  '\n  mutation ConsoleRevealDeliveredCode($input: RevealDeliveredCodeInput!) {\n    revealDeliveredCode(input: $input) {\n      code\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ConsoleRevealDeliveredCodeDocument;
  '\n  mutation OpenSellerAccount {\n    openSellerAccount {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n': typeof types.OpenSellerAccountDocument;
};
const documents: Documents = {
  '\n  mutation AccountChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      revokedApiKeys\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AccountChangePasswordDocument,
  '\n  query AdminAuditLog($first: Int!, $after: String, $actorId: ID, $subjectId: ID, $action: String) {\n    auditLog(first: $first, after: $after, actorId: $actorId, subjectId: $subjectId, action: $action) {\n      edges {\n        cursor\n        node {\n          id\n          action\n          subjectType\n          subjectId\n          subjectGlobalId\n          details\n          reason\n          requestId\n          address\n          createdAt\n          actor {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.AdminAuditLogDocument,
  '\n  query AdminAuditActor($search: String!) {\n    users(search: $search) {\n      id\n      email\n    }\n  }\n':
    types.AdminAuditActorDocument,
  '\n  query AdminLedgerAccount($id: ID!, $first: Int!, $after: String) {\n    ledgerAccount(id: $id) {\n      id\n      kind\n      ownerId\n      orderId\n      owner {\n        id\n        displayName\n        email\n      }\n      order {\n        id\n        listing {\n          id\n          title\n        }\n      }\n      balance {\n        amount\n        currency\n      }\n      entries(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            kind\n            orderId\n            createdAt\n            amount {\n              amount\n              currency\n            }\n            balanceAfter {\n              amount\n              currency\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n':
    types.AdminLedgerAccountDocument,
  '\n  query AdminLedgerAccounts($kind: LedgerAccountKind!, $first: Int!, $after: String) {\n    ledgerAccounts(kind: $kind, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          kind\n          ownerId\n          orderId\n          owner {\n            id\n            displayName\n            email\n          }\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n          balance {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.AdminLedgerAccountsDocument,
  '\n  subscription AdminMoneyInvariantsChanged {\n    moneyInvariantsChanged {\n      holds\n      checkedAt\n      currencies {\n        currency\n        holds\n        escrow {\n          holds\n          heldOrders\n          escrowAccountsWithBalance\n          escrowBalance {\n            amount\n            currency\n          }\n          heldOrdersTotal {\n            amount\n            currency\n          }\n        }\n        trialBalance {\n          holds\n          accountsWithBalance\n          debitBalances {\n            amount\n            currency\n          }\n          creditBalances {\n            amount\n            currency\n          }\n        }\n        walletFlags {\n          holds\n          flaggedWallets\n          negativeWallets\n          negativeWalletsFlagged\n          negativeWalletsFlagLifted\n          negativeWalletsUnflagged\n        }\n      }\n    }\n  }\n':
    types.AdminMoneyInvariantsChangedDocument,
  '\n  query AdminPayoutHolds($sellerId: ID!) {\n    user(id: $sellerId) {\n      id\n      displayName\n      email\n      roles\n    }\n    payoutHolds(sellerId: $sellerId) {\n      id\n      active\n      reason\n      setAt\n      setBy {\n        id\n        displayName\n      }\n      liftReason\n      liftedAt\n      liftedBy {\n        id\n        displayName\n      }\n    }\n  }\n':
    types.AdminPayoutHoldsDocument,
  '\n  mutation AdminSetPayoutHold($input: SetPayoutHoldInput!) {\n    setPayoutHold(input: $input) {\n      hold {\n        id\n        active\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminSetPayoutHoldDocument,
  '\n  mutation AdminLiftPayoutHold($input: LiftPayoutHoldInput!) {\n    liftPayoutHold(input: $input) {\n      hold {\n        id\n        active\n        liftReason\n        liftedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminLiftPayoutHoldDocument,
  '\n  query AdminPayoutReconciliation {\n    payoutReconciliation {\n      id\n      clean\n      trigger\n      startedAt\n      finishedAt\n      payoutsChecked\n      transfersChecked\n      discrepancyCount\n      stripeApi\n      discrepancies {\n        kind\n        message\n        payoutId\n        stripeTransferId\n        expected\n        actual\n        expectedAmount {\n          amount\n          currency\n        }\n        actualAmount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n':
    types.AdminPayoutReconciliationDocument,
  '\n  mutation AdminRunPayoutReconciliation {\n    runPayoutReconciliation {\n      reconciliation {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminRunPayoutReconciliationDocument,
  '\n  query AdminStuckPayouts($first: Int!) {\n    stuckPayouts(first: $first) {\n      edges {\n        node {\n          id\n          state\n          source\n          createdAt\n          orderCount\n          transferAttempts\n          lastError\n          amount {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n':
    types.AdminStuckPayoutsDocument,
  '\n  mutation AdminRedrivePayout($input: RedrivePayoutInput!) {\n    redrivePayout(input: $input) {\n      outcome\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminRedrivePayoutDocument,
  '\n  subscription AdminPayoutFeed($after: String) {\n    payoutFeed(after: $after) {\n      cursor\n      kind\n      state\n      occurredAt\n      failureCode\n      payoutId\n      withdrawalId\n      amount {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n    }\n  }\n':
    types.AdminPayoutFeedDocument,
  '\n  query AdminRiskProfile($role: RiskRole!, $userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n    }\n    riskProfile(role: $role, userId: $userId) {\n      id\n      ...RiskProfileDetails\n    }\n  }\n':
    types.AdminRiskProfileDocument,
  '\n  fragment RiskProfileDetails on RiskProfile {\n    id\n    userId\n    role\n    score\n    tier\n    computedTier\n    computedAt\n    scoringVersion\n    factors {\n      name\n      value\n      contribution\n    }\n    override {\n      tier\n      reason\n      setAt\n      setById\n      expiresAt\n    }\n    tierChanges(first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          cause\n          fromTier\n          toTier\n          effectiveTier\n          score\n          reason\n          actorId\n          overrideExpiresAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n':
    types.RiskProfileDetailsFragmentDoc,
  '\n  mutation AdminOverrideRiskTier($input: OverrideRiskTierInput!) {\n    overrideRiskTier(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminOverrideRiskTierDocument,
  '\n  mutation AdminClearRiskOverride($input: ClearRiskOverrideInput!) {\n    clearRiskOverride(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminClearRiskOverrideDocument,
  '\n  query AdminRiskActor($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n    }\n  }\n':
    types.AdminRiskActorDocument,
  '\n  query AdminFindUsers($search: String!) {\n    users(search: $search) {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n':
    types.AdminFindUsersDocument,
  '\n  mutation AdminCreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) {\n      user {\n        id\n        displayName\n        email\n        roles\n        createdAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminCreateStaffUserDocument,
  '\n  mutation AdminResetStaffPassword($input: ResetStaffPasswordInput!) {\n    resetStaffPassword(input: $input) {\n      user {\n        id\n        passwordExpiresAt\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n':
    types.AdminResetStaffPasswordDocument,
  '\n  query AdminStaffList {\n    staffMembers(includeDisabled: true) {\n      id\n      displayName\n      email\n      roles\n      status\n      createdAt\n      passwordExpiresAt\n    }\n  }\n':
    types.AdminStaffListDocument,
  '\n  mutation AdminSetStaffAccountStatus($input: SetStaffAccountStatusInput!) {\n    setStaffAccountStatus(input: $input) {\n      user {\n        id\n        status\n      }\n      changed\n      disputesReturned\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminSetStaffAccountStatusDocument,
  '\n  query AdminStaffPageUser($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n      passwordExpiresAt\n      status\n    }\n  }\n':
    types.AdminStaffPageUserDocument,
  '\n  query AdminFlaggedWallets($first: Int!, $after: String) {\n    flaggedWallets(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          currency\n          status\n          flaggedAt\n          flaggedReason\n          flaggedInternalReason\n          balance {\n            amount\n            currency\n          }\n          buyer {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.AdminFlaggedWalletsDocument,
  '\n  mutation AdminLiftWalletFlag($input: LiftWalletFlagInput!) {\n    liftWalletFlag(input: $input) {\n      wallets {\n        id\n        status\n        flaggedAt\n        flaggedReason\n        flaggedInternalReason\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AdminLiftWalletFlagDocument,
  '\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n': types.LogOutDocument,
  '\n  fragment SellerApiKey on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n':
    types.SellerApiKeyFragmentDoc,
  '\n  query SellerApiKeys($first: Int!, $after: String) {\n    myApiKeys(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerApiKey\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerApiKeysDocument,
  '\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      secret\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.CreateApiKeyDocument,
  '\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.RevokeApiKeyDocument,
  '\n  mutation AddCodes($input: AddCodesInput!) {\n    addCodes(input: $input) {\n      addedCount\n      duplicateCount\n      invalidCount\n      rejectedLines {\n        line\n        status\n        message\n      }\n      listing {\n        id\n        stock\n        version\n        updatedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AddCodesDocument,
  '\n  fragment SellerDisputeRow on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n  }\n':
    types.SellerDisputeRowFragmentDoc,
  '\n  fragment SellerDisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      price {\n        amount\n        currency\n      }\n      listing {\n        id\n        title\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n':
    types.SellerDisputeDetailFragmentDoc,
  '\n  query SellerDisputes($first: Int!, $after: String) {\n    myDisputes(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerDisputeRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerDisputesDocument,
  '\n  query SellerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...SellerDisputeRow\n      ...SellerDisputeDetail\n    }\n  }\n':
    types.SellerDisputeDocument,
  '\n  subscription SellerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n    }\n  }\n':
    types.SellerDisputeUpdatedDocument,
  '\n  mutation SellerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.SellerPostDisputeMessageDocument,
  '\n  fragment SellerListing on Listing {\n    id\n    title\n    description\n    kind\n    platform\n    region\n    price {\n      amount\n      currency\n    }\n    status\n    stock\n    version\n    createdAt\n    updatedAt\n    images {\n      id\n      alt\n      url(width: 320)\n    }\n  }\n':
    types.SellerListingFragmentDoc,
  '\n  query SellerListings($first: Int!, $after: String, $filter: MyListingsFilter) {\n    myListings(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...SellerListing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerListingsDocument,
  '\n  query SellerListingById($id: ID!) {\n    listing(id: $id) {\n      ...SellerListing\n      seller {\n        id\n      }\n    }\n  }\n':
    types.SellerListingByIdDocument,
  '\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.CreateListingDocument,
  '\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.UpdateListingDocument,
  '\n  mutation SetListingImages($input: SetListingImagesInput!) {\n    setListingImages(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.SetListingImagesDocument,
  '\n  mutation PauseListing($input: PauseListingInput!) {\n    pauseListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.PauseListingDocument,
  '\n  mutation ActivateListing($input: ActivateListingInput!) {\n    activateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.ActivateListingDocument,
  '\n  mutation ArchiveListing($input: ArchiveListingInput!) {\n    archiveListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.ArchiveListingDocument,
  '\n  query ListingFee {\n    paymentSettings {\n      platformFeeBasisPoints\n    }\n  }\n':
    types.ListingFeeDocument,
  '\n  fragment SellerPayoutAccount on PayoutAccount {\n    id\n    status\n    payoutsEnabled\n    detailsSubmitted\n    disabledReason\n    pendingChecks {\n      code\n      description\n    }\n    requirements {\n      code\n      description\n      overdue\n    }\n    updatedAt\n  }\n':
    types.SellerPayoutAccountFragmentDoc,
  '\n  fragment SellerWithdrawal on Withdrawal {\n    id\n    state\n    requested {\n      amount\n      currency\n    }\n    payable {\n      amount\n      currency\n    }\n    orderCount\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n    payout {\n      id\n      state\n    }\n  }\n':
    types.SellerWithdrawalFragmentDoc,
  '\n  fragment SellerPayout on Payout {\n    id\n    state\n    source\n    amount {\n      amount\n      currency\n    }\n    reversedAmount {\n      amount\n      currency\n    }\n    orderCount\n    transferAttempts\n    failureCode\n    failureMessage\n    createdAt\n    paidAt\n    failedAt\n  }\n':
    types.SellerPayoutFragmentDoc,
  '\n  query SellerEarnings {\n    myPayoutHold\n    payoutEarnings {\n      currency\n      earningsBalance {\n        amount\n        currency\n      }\n      available {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      pending {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blocked {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blockedByReason {\n        reason\n        orderCount\n        amount {\n          amount\n          currency\n        }\n      }\n      inTransit {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      paid {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      unattributed {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.SellerEarningsDocument,
  '\n  query SellerPendingSales($first: Int!) {\n    mySales(first: $first) {\n      edges {\n        node {\n          id\n          payoutStatus {\n            state\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n':
    types.SellerPendingSalesDocument,
  '\n  query SellerPayoutAccountStatus {\n    payoutAccount {\n      ...SellerPayoutAccount\n    }\n    paymentSettings {\n      payoutCountries\n    }\n  }\n':
    types.SellerPayoutAccountStatusDocument,
  '\n  mutation StartPayoutOnboarding($input: StartPayoutOnboardingInput!) {\n    startPayoutOnboarding(input: $input) {\n      onboardingLink {\n        url\n        expiresAt\n      }\n      payoutAccount {\n        ...SellerPayoutAccount\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.StartPayoutOnboardingDocument,
  '\n  query SellerWithdrawalQuote($amount: Int!, $currency: String!) {\n    withdrawalQuote(amount: $amount, currency: $currency) {\n      requested {\n        amount\n        currency\n      }\n      payable {\n        amount\n        currency\n      }\n      available {\n        amount\n        currency\n      }\n      minimum {\n        amount\n        currency\n      }\n      orderCount\n    }\n  }\n':
    types.SellerWithdrawalQuoteDocument,
  '\n  mutation RequestWithdrawal($input: RequestWithdrawalInput!) {\n    requestWithdrawal(input: $input) {\n      replayed\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.RequestWithdrawalDocument,
  '\n  mutation CancelWithdrawal($input: CancelWithdrawalInput!) {\n    cancelWithdrawal(input: $input) {\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.CancelWithdrawalDocument,
  '\n  query SellerWithdrawals($first: Int!, $after: String) {\n    myWithdrawals(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerWithdrawal\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerWithdrawalsDocument,
  '\n  query SellerPayouts($first: Int!, $after: String) {\n    myPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerPayoutsDocument,
  '\n  subscription SellerPayoutUpdated {\n    payoutUpdated {\n      cursor\n      kind\n      state\n      occurredAt\n      payoutId\n      withdrawalId\n      payout {\n        ...SellerPayout\n      }\n      withdrawal {\n        ...SellerWithdrawal\n      }\n    }\n  }\n':
    types.SellerPayoutUpdatedDocument,
  '\n  fragment SellerBankPayout on BankPayout {\n    id\n    amount {\n      amount\n      currency\n    }\n    status\n    arrivalDate\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n  }\n':
    types.SellerBankPayoutFragmentDoc,
  '\n  query SellerBankPayouts($first: Int!, $after: String) {\n    bankPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerBankPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerBankPayoutsDocument,
  '\n  query SellerSales($first: Int!, $after: String) {\n    mySales(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          listingId\n          listing {\n            id\n            title\n          }\n          createdAt\n          price {\n            amount\n            currency\n          }\n          platformFee {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          escrowStatus\n          protectionEndsAt\n          confirmedAt\n          releasedAt\n          refundedAt\n          payoutStatus {\n            state\n            blockedReason\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n          dispute {\n            id\n            version\n            state\n            outcome\n            requestedParty\n            responseDueAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SellerSalesDocument,
  '\n  subscription SellerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n':
    types.SellerViewerEventsDocument,
  '\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.LogInDocument,
  '\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.RequestPasswordResetDocument,
  '\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.ResetPasswordDocument,
  '\n  mutation SignUpSeller($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.SignUpSellerDocument,
  '\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n      passwordExpiresAt\n    }\n  }\n':
    types.ViewerDocument,
  '\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      codeRevealedAt\n      listing {\n        id\n        title\n      }\n      price {\n        amount\n        currency\n      }\n      termsAtPurchase {\n        version\n        title\n        description\n        platform\n        region\n        kind\n        changedSince\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n':
    types.DisputeDetailFragmentDoc,
  '\n  query Dispute($id: ID!) {\n    dispute(id: $id) {\n      ...DisputeDetail\n    }\n  }\n':
    types.DisputeDocument,
  '\n  subscription DisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...DisputeDetail\n      }\n    }\n  }\n':
    types.DisputeUpdatedDocument,
  '\n  mutation AssignDispute($input: AssignDisputeInput!) {\n    assignDispute(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.AssignDisputeDocument,
  '\n  mutation StartDisputeReview($input: StartDisputeReviewInput!) {\n    startDisputeReview(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.StartDisputeReviewDocument,
  '\n  mutation RequestDisputeResponse($input: RequestDisputeResponseInput!) {\n    requestDisputeResponse(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.RequestDisputeResponseDocument,
  '\n  mutation PostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.PostDisputeMessageDocument,
  '\n  mutation RefundOrder($input: OrderDecisionInput!) {\n    refundOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.RefundOrderDocument,
  '\n  mutation ReleaseOrder($input: OrderDecisionInput!) {\n    releaseOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.ReleaseOrderDocument,
  '\n  query DisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n':
    types.DisputeAttachmentUrlDocument,
  '\n  query StaffMembers {\n    staffMembers {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n':
    types.StaffMembersDocument,
  '\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n':
    types.StaffColleagueDocument,
  '\n  fragment LookupOrder on Order {\n    id\n    createdAt\n    escrowStatus\n    price {\n      amount\n      currency\n    }\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    listing {\n      id\n      title\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    dispute {\n      id\n      state\n    }\n    payoutStatus {\n      state\n      blockedReason\n    }\n  }\n':
    types.LookupOrderFragmentDoc,
  '\n  fragment LookupRisk on RiskProfile {\n    id\n    role\n    score\n    tier\n    computedTier\n    override {\n      tier\n      expiresAt\n    }\n  }\n':
    types.LookupRiskFragmentDoc,
  '\n  query SupportLookupCustomer($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n    }\n    buyerRisk: riskProfile(role: BUYER, userId: $userId) {\n      ...LookupRisk\n    }\n    sellerRisk: riskProfile(role: SELLER, userId: $userId) {\n      ...LookupRisk\n    }\n    userWallets(userId: $userId) {\n      id\n      currency\n      status\n      balance {\n        amount\n        currency\n      }\n      flaggedAt\n      flaggedInternalReason\n    }\n  }\n':
    types.SupportLookupCustomerDocument,
  '\n  query SupportLookupUserDisputes($userId: ID!, $first: Int!, $after: String) {\n    disputeQueue(filter: { partyId: $userId, newestFirst: true }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SupportLookupUserDisputesDocument,
  '\n  query SupportLookupUserOrders($userId: ID!, $party: OrderParty!, $first: Int!, $after: String) {\n    userOrders(userId: $userId, party: $party, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...LookupOrder\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SupportLookupUserOrdersDocument,
  '\n  query SupportLookupOrder($orderId: ID!) {\n    order(id: $orderId) {\n      ...LookupOrder\n    }\n  }\n':
    types.SupportLookupOrderDocument,
  '\n  query SupportLookupUserTopUps($userId: ID!, $first: Int!, $after: String) {\n    userTopUps(userId: $userId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          createdAt\n          status\n          failureCode\n          amount {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.SupportLookupUserTopUpsDocument,
  '\n  query SupportLookupPayoutAccount($userId: ID!) {\n    userPayoutAccount(userId: $userId) {\n      id\n      status\n      payoutsEnabled\n      disabledReason\n      updatedAt\n      requirements {\n        code\n        description\n        overdue\n      }\n    }\n  }\n':
    types.SupportLookupPayoutAccountDocument,
  '\n  query SupportLookupWithdrawals($sellerId: ID!, $first: Int!) {\n    withdrawals(filter: { sellerId: $sellerId }, first: $first) {\n      edges {\n        node {\n          id\n          createdAt\n          state\n          requested {\n            amount\n            currency\n          }\n          orderCount\n          failureMessage\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n':
    types.SupportLookupWithdrawalsDocument,
  '\n  fragment QueueDispute on Dispute {\n    id\n    version\n    state\n    reason\n    createdAt\n    updatedAt\n    responseDueAt\n    requestedParty\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n      displayName\n    }\n    order {\n      id\n      price {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.QueueDisputeFragmentDoc,
  '\n  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {\n    disputeQueue(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.DisputeQueueDocument,
  '\n  query DisputeCounts {\n    disputeCounts {\n      state\n      count\n    }\n  }\n':
    types.DisputeCountsDocument,
  '\n  subscription DisputeFeed($after: String) {\n    disputeFeed(after: $after) {\n      cursor\n      kind\n      disputeId\n      fromState\n      state\n      version\n      occurredAt\n      dispute {\n        ...QueueDispute\n      }\n    }\n  }\n':
    types.DisputeFeedDocument,
  '\n  mutation ConsoleRevealDeliveredCode($input: RevealDeliveredCodeInput!) {\n    revealDeliveredCode(input: $input) {\n      code\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.ConsoleRevealDeliveredCodeDocument,
  '\n  mutation OpenSellerAccount {\n    openSellerAccount {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n':
    types.OpenSellerAccountDocument,
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
  source: '\n  mutation AccountChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      revokedApiKeys\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AccountChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      changed\n      signedOutSessions\n      revokedApiKeys\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminAuditLog($first: Int!, $after: String, $actorId: ID, $subjectId: ID, $action: String) {\n    auditLog(first: $first, after: $after, actorId: $actorId, subjectId: $subjectId, action: $action) {\n      edges {\n        cursor\n        node {\n          id\n          action\n          subjectType\n          subjectId\n          subjectGlobalId\n          details\n          reason\n          requestId\n          address\n          createdAt\n          actor {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminAuditLog($first: Int!, $after: String, $actorId: ID, $subjectId: ID, $action: String) {\n    auditLog(first: $first, after: $after, actorId: $actorId, subjectId: $subjectId, action: $action) {\n      edges {\n        cursor\n        node {\n          id\n          action\n          subjectType\n          subjectId\n          subjectGlobalId\n          details\n          reason\n          requestId\n          address\n          createdAt\n          actor {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminAuditActor($search: String!) {\n    users(search: $search) {\n      id\n      email\n    }\n  }\n',
): (typeof documents)['\n  query AdminAuditActor($search: String!) {\n    users(search: $search) {\n      id\n      email\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminLedgerAccount($id: ID!, $first: Int!, $after: String) {\n    ledgerAccount(id: $id) {\n      id\n      kind\n      ownerId\n      orderId\n      owner {\n        id\n        displayName\n        email\n      }\n      order {\n        id\n        listing {\n          id\n          title\n        }\n      }\n      balance {\n        amount\n        currency\n      }\n      entries(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            kind\n            orderId\n            createdAt\n            amount {\n              amount\n              currency\n            }\n            balanceAfter {\n              amount\n              currency\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminLedgerAccount($id: ID!, $first: Int!, $after: String) {\n    ledgerAccount(id: $id) {\n      id\n      kind\n      ownerId\n      orderId\n      owner {\n        id\n        displayName\n        email\n      }\n      order {\n        id\n        listing {\n          id\n          title\n        }\n      }\n      balance {\n        amount\n        currency\n      }\n      entries(first: $first, after: $after) {\n        edges {\n          cursor\n          node {\n            id\n            kind\n            orderId\n            createdAt\n            amount {\n              amount\n              currency\n            }\n            balanceAfter {\n              amount\n              currency\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminLedgerAccounts($kind: LedgerAccountKind!, $first: Int!, $after: String) {\n    ledgerAccounts(kind: $kind, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          kind\n          ownerId\n          orderId\n          owner {\n            id\n            displayName\n            email\n          }\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n          balance {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminLedgerAccounts($kind: LedgerAccountKind!, $first: Int!, $after: String) {\n    ledgerAccounts(kind: $kind, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          kind\n          ownerId\n          orderId\n          owner {\n            id\n            displayName\n            email\n          }\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n          balance {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription AdminMoneyInvariantsChanged {\n    moneyInvariantsChanged {\n      holds\n      checkedAt\n      currencies {\n        currency\n        holds\n        escrow {\n          holds\n          heldOrders\n          escrowAccountsWithBalance\n          escrowBalance {\n            amount\n            currency\n          }\n          heldOrdersTotal {\n            amount\n            currency\n          }\n        }\n        trialBalance {\n          holds\n          accountsWithBalance\n          debitBalances {\n            amount\n            currency\n          }\n          creditBalances {\n            amount\n            currency\n          }\n        }\n        walletFlags {\n          holds\n          flaggedWallets\n          negativeWallets\n          negativeWalletsFlagged\n          negativeWalletsFlagLifted\n          negativeWalletsUnflagged\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription AdminMoneyInvariantsChanged {\n    moneyInvariantsChanged {\n      holds\n      checkedAt\n      currencies {\n        currency\n        holds\n        escrow {\n          holds\n          heldOrders\n          escrowAccountsWithBalance\n          escrowBalance {\n            amount\n            currency\n          }\n          heldOrdersTotal {\n            amount\n            currency\n          }\n        }\n        trialBalance {\n          holds\n          accountsWithBalance\n          debitBalances {\n            amount\n            currency\n          }\n          creditBalances {\n            amount\n            currency\n          }\n        }\n        walletFlags {\n          holds\n          flaggedWallets\n          negativeWallets\n          negativeWalletsFlagged\n          negativeWalletsFlagLifted\n          negativeWalletsUnflagged\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminPayoutHolds($sellerId: ID!) {\n    user(id: $sellerId) {\n      id\n      displayName\n      email\n      roles\n    }\n    payoutHolds(sellerId: $sellerId) {\n      id\n      active\n      reason\n      setAt\n      setBy {\n        id\n        displayName\n      }\n      liftReason\n      liftedAt\n      liftedBy {\n        id\n        displayName\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminPayoutHolds($sellerId: ID!) {\n    user(id: $sellerId) {\n      id\n      displayName\n      email\n      roles\n    }\n    payoutHolds(sellerId: $sellerId) {\n      id\n      active\n      reason\n      setAt\n      setBy {\n        id\n        displayName\n      }\n      liftReason\n      liftedAt\n      liftedBy {\n        id\n        displayName\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminSetPayoutHold($input: SetPayoutHoldInput!) {\n    setPayoutHold(input: $input) {\n      hold {\n        id\n        active\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminSetPayoutHold($input: SetPayoutHoldInput!) {\n    setPayoutHold(input: $input) {\n      hold {\n        id\n        active\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminLiftPayoutHold($input: LiftPayoutHoldInput!) {\n    liftPayoutHold(input: $input) {\n      hold {\n        id\n        active\n        liftReason\n        liftedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminLiftPayoutHold($input: LiftPayoutHoldInput!) {\n    liftPayoutHold(input: $input) {\n      hold {\n        id\n        active\n        liftReason\n        liftedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminPayoutReconciliation {\n    payoutReconciliation {\n      id\n      clean\n      trigger\n      startedAt\n      finishedAt\n      payoutsChecked\n      transfersChecked\n      discrepancyCount\n      stripeApi\n      discrepancies {\n        kind\n        message\n        payoutId\n        stripeTransferId\n        expected\n        actual\n        expectedAmount {\n          amount\n          currency\n        }\n        actualAmount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminPayoutReconciliation {\n    payoutReconciliation {\n      id\n      clean\n      trigger\n      startedAt\n      finishedAt\n      payoutsChecked\n      transfersChecked\n      discrepancyCount\n      stripeApi\n      discrepancies {\n        kind\n        message\n        payoutId\n        stripeTransferId\n        expected\n        actual\n        expectedAmount {\n          amount\n          currency\n        }\n        actualAmount {\n          amount\n          currency\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminRunPayoutReconciliation {\n    runPayoutReconciliation {\n      reconciliation {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminRunPayoutReconciliation {\n    runPayoutReconciliation {\n      reconciliation {\n        id\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminStuckPayouts($first: Int!) {\n    stuckPayouts(first: $first) {\n      edges {\n        node {\n          id\n          state\n          source\n          createdAt\n          orderCount\n          transferAttempts\n          lastError\n          amount {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminStuckPayouts($first: Int!) {\n    stuckPayouts(first: $first) {\n      edges {\n        node {\n          id\n          state\n          source\n          createdAt\n          orderCount\n          transferAttempts\n          lastError\n          amount {\n            amount\n            currency\n          }\n          seller {\n            id\n            displayName\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminRedrivePayout($input: RedrivePayoutInput!) {\n    redrivePayout(input: $input) {\n      outcome\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminRedrivePayout($input: RedrivePayoutInput!) {\n    redrivePayout(input: $input) {\n      outcome\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription AdminPayoutFeed($after: String) {\n    payoutFeed(after: $after) {\n      cursor\n      kind\n      state\n      occurredAt\n      failureCode\n      payoutId\n      withdrawalId\n      amount {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription AdminPayoutFeed($after: String) {\n    payoutFeed(after: $after) {\n      cursor\n      kind\n      state\n      occurredAt\n      failureCode\n      payoutId\n      withdrawalId\n      amount {\n        amount\n        currency\n      }\n      seller {\n        id\n        displayName\n      }\n      payout {\n        id\n        state\n        transferAttempts\n        lastError\n        paidAt\n        failedAt\n        failureCode\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminRiskProfile($role: RiskRole!, $userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n    }\n    riskProfile(role: $role, userId: $userId) {\n      id\n      ...RiskProfileDetails\n    }\n  }\n',
): (typeof documents)['\n  query AdminRiskProfile($role: RiskRole!, $userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n    }\n    riskProfile(role: $role, userId: $userId) {\n      id\n      ...RiskProfileDetails\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment RiskProfileDetails on RiskProfile {\n    id\n    userId\n    role\n    score\n    tier\n    computedTier\n    computedAt\n    scoringVersion\n    factors {\n      name\n      value\n      contribution\n    }\n    override {\n      tier\n      reason\n      setAt\n      setById\n      expiresAt\n    }\n    tierChanges(first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          cause\n          fromTier\n          toTier\n          effectiveTier\n          score\n          reason\n          actorId\n          overrideExpiresAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment RiskProfileDetails on RiskProfile {\n    id\n    userId\n    role\n    score\n    tier\n    computedTier\n    computedAt\n    scoringVersion\n    factors {\n      name\n      value\n      contribution\n    }\n    override {\n      tier\n      reason\n      setAt\n      setById\n      expiresAt\n    }\n    tierChanges(first: 50) {\n      edges {\n        node {\n          id\n          createdAt\n          cause\n          fromTier\n          toTier\n          effectiveTier\n          score\n          reason\n          actorId\n          overrideExpiresAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminOverrideRiskTier($input: OverrideRiskTierInput!) {\n    overrideRiskTier(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminOverrideRiskTier($input: OverrideRiskTierInput!) {\n    overrideRiskTier(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminClearRiskOverride($input: ClearRiskOverrideInput!) {\n    clearRiskOverride(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminClearRiskOverride($input: ClearRiskOverrideInput!) {\n    clearRiskOverride(input: $input) {\n      riskProfile {\n        ...RiskProfileDetails\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminRiskActor($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n    }\n  }\n',
): (typeof documents)['\n  query AdminRiskActor($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminFindUsers($search: String!) {\n    users(search: $search) {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n',
): (typeof documents)['\n  query AdminFindUsers($search: String!) {\n    users(search: $search) {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminCreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) {\n      user {\n        id\n        displayName\n        email\n        roles\n        createdAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminCreateStaffUser($input: CreateStaffUserInput!) {\n    createStaffUser(input: $input) {\n      user {\n        id\n        displayName\n        email\n        roles\n        createdAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminResetStaffPassword($input: ResetStaffPasswordInput!) {\n    resetStaffPassword(input: $input) {\n      user {\n        id\n        passwordExpiresAt\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminResetStaffPassword($input: ResetStaffPasswordInput!) {\n    resetStaffPassword(input: $input) {\n      user {\n        id\n        passwordExpiresAt\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminStaffList {\n    staffMembers(includeDisabled: true) {\n      id\n      displayName\n      email\n      roles\n      status\n      createdAt\n      passwordExpiresAt\n    }\n  }\n',
): (typeof documents)['\n  query AdminStaffList {\n    staffMembers(includeDisabled: true) {\n      id\n      displayName\n      email\n      roles\n      status\n      createdAt\n      passwordExpiresAt\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminSetStaffAccountStatus($input: SetStaffAccountStatusInput!) {\n    setStaffAccountStatus(input: $input) {\n      user {\n        id\n        status\n      }\n      changed\n      disputesReturned\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminSetStaffAccountStatus($input: SetStaffAccountStatusInput!) {\n    setStaffAccountStatus(input: $input) {\n      user {\n        id\n        status\n      }\n      changed\n      disputesReturned\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminStaffPageUser($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n      passwordExpiresAt\n      status\n    }\n  }\n',
): (typeof documents)['\n  query AdminStaffPageUser($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n      passwordExpiresAt\n      status\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AdminFlaggedWallets($first: Int!, $after: String) {\n    flaggedWallets(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          currency\n          status\n          flaggedAt\n          flaggedReason\n          flaggedInternalReason\n          balance {\n            amount\n            currency\n          }\n          buyer {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AdminFlaggedWallets($first: Int!, $after: String) {\n    flaggedWallets(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          currency\n          status\n          flaggedAt\n          flaggedReason\n          flaggedInternalReason\n          balance {\n            amount\n            currency\n          }\n          buyer {\n            id\n            displayName\n            email\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AdminLiftWalletFlag($input: LiftWalletFlagInput!) {\n    liftWalletFlag(input: $input) {\n      wallets {\n        id\n        status\n        flaggedAt\n        flaggedReason\n        flaggedInternalReason\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AdminLiftWalletFlag($input: LiftWalletFlagInput!) {\n    liftWalletFlag(input: $input) {\n      wallets {\n        id\n        status\n        flaggedAt\n        flaggedReason\n        flaggedInternalReason\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n',
): (typeof documents)['\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerApiKey on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n',
): (typeof documents)['\n  fragment SellerApiKey on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerApiKeys($first: Int!, $after: String) {\n    myApiKeys(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerApiKey\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerApiKeys($first: Int!, $after: String) {\n    myApiKeys(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerApiKey\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      secret\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      secret\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      apiKey {\n        ...SellerApiKey\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddCodes($input: AddCodesInput!) {\n    addCodes(input: $input) {\n      addedCount\n      duplicateCount\n      invalidCount\n      rejectedLines {\n        line\n        status\n        message\n      }\n      listing {\n        id\n        stock\n        version\n        updatedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AddCodes($input: AddCodesInput!) {\n    addCodes(input: $input) {\n      addedCount\n      duplicateCount\n      invalidCount\n      rejectedLines {\n        line\n        status\n        message\n      }\n      listing {\n        id\n        stock\n        version\n        updatedAt\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerDisputeRow on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment SellerDisputeRow on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      listing {\n        id\n        title\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerDisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      price {\n        amount\n        currency\n      }\n      listing {\n        id\n        title\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment SellerDisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      price {\n        amount\n        currency\n      }\n      listing {\n        id\n        title\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerDisputes($first: Int!, $after: String) {\n    myDisputes(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerDisputeRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerDisputes($first: Int!, $after: String) {\n    myDisputes(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerDisputeRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...SellerDisputeRow\n      ...SellerDisputeDetail\n    }\n  }\n',
): (typeof documents)['\n  query SellerDispute($id: ID!) {\n    dispute(id: $id) {\n      ...SellerDisputeRow\n      ...SellerDisputeDetail\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription SellerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription SellerDisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SellerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation SellerPostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...SellerDisputeRow\n        ...SellerDisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerListing on Listing {\n    id\n    title\n    description\n    kind\n    platform\n    region\n    price {\n      amount\n      currency\n    }\n    status\n    stock\n    version\n    createdAt\n    updatedAt\n    images {\n      id\n      alt\n      url(width: 320)\n    }\n  }\n',
): (typeof documents)['\n  fragment SellerListing on Listing {\n    id\n    title\n    description\n    kind\n    platform\n    region\n    price {\n      amount\n      currency\n    }\n    status\n    stock\n    version\n    createdAt\n    updatedAt\n    images {\n      id\n      alt\n      url(width: 320)\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerListings($first: Int!, $after: String, $filter: MyListingsFilter) {\n    myListings(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...SellerListing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerListings($first: Int!, $after: String, $filter: MyListingsFilter) {\n    myListings(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          ...SellerListing\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerListingById($id: ID!) {\n    listing(id: $id) {\n      ...SellerListing\n      seller {\n        id\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerListingById($id: ID!) {\n    listing(id: $id) {\n      ...SellerListing\n      seller {\n        id\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateListing($input: CreateListingInput!) {\n    createListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation UpdateListing($input: UpdateListingInput!) {\n    updateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SetListingImages($input: SetListingImagesInput!) {\n    setListingImages(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation SetListingImages($input: SetListingImagesInput!) {\n    setListingImages(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation PauseListing($input: PauseListingInput!) {\n    pauseListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation PauseListing($input: PauseListingInput!) {\n    pauseListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ActivateListing($input: ActivateListingInput!) {\n    activateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ActivateListing($input: ActivateListingInput!) {\n    activateListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ArchiveListing($input: ArchiveListingInput!) {\n    archiveListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ArchiveListing($input: ArchiveListingInput!) {\n    archiveListing(input: $input) {\n      listing {\n        ...SellerListing\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ListingFee {\n    paymentSettings {\n      platformFeeBasisPoints\n    }\n  }\n',
): (typeof documents)['\n  query ListingFee {\n    paymentSettings {\n      platformFeeBasisPoints\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerPayoutAccount on PayoutAccount {\n    id\n    status\n    payoutsEnabled\n    detailsSubmitted\n    disabledReason\n    pendingChecks {\n      code\n      description\n    }\n    requirements {\n      code\n      description\n      overdue\n    }\n    updatedAt\n  }\n',
): (typeof documents)['\n  fragment SellerPayoutAccount on PayoutAccount {\n    id\n    status\n    payoutsEnabled\n    detailsSubmitted\n    disabledReason\n    pendingChecks {\n      code\n      description\n    }\n    requirements {\n      code\n      description\n      overdue\n    }\n    updatedAt\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerWithdrawal on Withdrawal {\n    id\n    state\n    requested {\n      amount\n      currency\n    }\n    payable {\n      amount\n      currency\n    }\n    orderCount\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n    payout {\n      id\n      state\n    }\n  }\n',
): (typeof documents)['\n  fragment SellerWithdrawal on Withdrawal {\n    id\n    state\n    requested {\n      amount\n      currency\n    }\n    payable {\n      amount\n      currency\n    }\n    orderCount\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n    payout {\n      id\n      state\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerPayout on Payout {\n    id\n    state\n    source\n    amount {\n      amount\n      currency\n    }\n    reversedAmount {\n      amount\n      currency\n    }\n    orderCount\n    transferAttempts\n    failureCode\n    failureMessage\n    createdAt\n    paidAt\n    failedAt\n  }\n',
): (typeof documents)['\n  fragment SellerPayout on Payout {\n    id\n    state\n    source\n    amount {\n      amount\n      currency\n    }\n    reversedAmount {\n      amount\n      currency\n    }\n    orderCount\n    transferAttempts\n    failureCode\n    failureMessage\n    createdAt\n    paidAt\n    failedAt\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerEarnings {\n    myPayoutHold\n    payoutEarnings {\n      currency\n      earningsBalance {\n        amount\n        currency\n      }\n      available {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      pending {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blocked {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blockedByReason {\n        reason\n        orderCount\n        amount {\n          amount\n          currency\n        }\n      }\n      inTransit {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      paid {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      unattributed {\n        amount\n        currency\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerEarnings {\n    myPayoutHold\n    payoutEarnings {\n      currency\n      earningsBalance {\n        amount\n        currency\n      }\n      available {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      pending {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blocked {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      blockedByReason {\n        reason\n        orderCount\n        amount {\n          amount\n          currency\n        }\n      }\n      inTransit {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      paid {\n        amount {\n          amount\n          currency\n        }\n        orderCount\n      }\n      unattributed {\n        amount\n        currency\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerPendingSales($first: Int!) {\n    mySales(first: $first) {\n      edges {\n        node {\n          id\n          payoutStatus {\n            state\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerPendingSales($first: Int!) {\n    mySales(first: $first) {\n      edges {\n        node {\n          id\n          payoutStatus {\n            state\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerPayoutAccountStatus {\n    payoutAccount {\n      ...SellerPayoutAccount\n    }\n    paymentSettings {\n      payoutCountries\n    }\n  }\n',
): (typeof documents)['\n  query SellerPayoutAccountStatus {\n    payoutAccount {\n      ...SellerPayoutAccount\n    }\n    paymentSettings {\n      payoutCountries\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation StartPayoutOnboarding($input: StartPayoutOnboardingInput!) {\n    startPayoutOnboarding(input: $input) {\n      onboardingLink {\n        url\n        expiresAt\n      }\n      payoutAccount {\n        ...SellerPayoutAccount\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation StartPayoutOnboarding($input: StartPayoutOnboardingInput!) {\n    startPayoutOnboarding(input: $input) {\n      onboardingLink {\n        url\n        expiresAt\n      }\n      payoutAccount {\n        ...SellerPayoutAccount\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerWithdrawalQuote($amount: Int!, $currency: String!) {\n    withdrawalQuote(amount: $amount, currency: $currency) {\n      requested {\n        amount\n        currency\n      }\n      payable {\n        amount\n        currency\n      }\n      available {\n        amount\n        currency\n      }\n      minimum {\n        amount\n        currency\n      }\n      orderCount\n    }\n  }\n',
): (typeof documents)['\n  query SellerWithdrawalQuote($amount: Int!, $currency: String!) {\n    withdrawalQuote(amount: $amount, currency: $currency) {\n      requested {\n        amount\n        currency\n      }\n      payable {\n        amount\n        currency\n      }\n      available {\n        amount\n        currency\n      }\n      minimum {\n        amount\n        currency\n      }\n      orderCount\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RequestWithdrawal($input: RequestWithdrawalInput!) {\n    requestWithdrawal(input: $input) {\n      replayed\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RequestWithdrawal($input: RequestWithdrawalInput!) {\n    requestWithdrawal(input: $input) {\n      replayed\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CancelWithdrawal($input: CancelWithdrawalInput!) {\n    cancelWithdrawal(input: $input) {\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation CancelWithdrawal($input: CancelWithdrawalInput!) {\n    cancelWithdrawal(input: $input) {\n      withdrawal {\n        ...SellerWithdrawal\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerWithdrawals($first: Int!, $after: String) {\n    myWithdrawals(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerWithdrawal\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerWithdrawals($first: Int!, $after: String) {\n    myWithdrawals(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerWithdrawal\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerPayouts($first: Int!, $after: String) {\n    myPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerPayouts($first: Int!, $after: String) {\n    myPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription SellerPayoutUpdated {\n    payoutUpdated {\n      cursor\n      kind\n      state\n      occurredAt\n      payoutId\n      withdrawalId\n      payout {\n        ...SellerPayout\n      }\n      withdrawal {\n        ...SellerWithdrawal\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription SellerPayoutUpdated {\n    payoutUpdated {\n      cursor\n      kind\n      state\n      occurredAt\n      payoutId\n      withdrawalId\n      payout {\n        ...SellerPayout\n      }\n      withdrawal {\n        ...SellerWithdrawal\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment SellerBankPayout on BankPayout {\n    id\n    amount {\n      amount\n      currency\n    }\n    status\n    arrivalDate\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n  }\n',
): (typeof documents)['\n  fragment SellerBankPayout on BankPayout {\n    id\n    amount {\n      amount\n      currency\n    }\n    status\n    arrivalDate\n    failureCode\n    failureMessage\n    createdAt\n    updatedAt\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerBankPayouts($first: Int!, $after: String) {\n    bankPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerBankPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerBankPayouts($first: Int!, $after: String) {\n    bankPayouts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...SellerBankPayout\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SellerSales($first: Int!, $after: String) {\n    mySales(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          listingId\n          listing {\n            id\n            title\n          }\n          createdAt\n          price {\n            amount\n            currency\n          }\n          platformFee {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          escrowStatus\n          protectionEndsAt\n          confirmedAt\n          releasedAt\n          refundedAt\n          payoutStatus {\n            state\n            blockedReason\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n          dispute {\n            id\n            version\n            state\n            outcome\n            requestedParty\n            responseDueAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SellerSales($first: Int!, $after: String) {\n    mySales(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          listingId\n          listing {\n            id\n            title\n          }\n          createdAt\n          price {\n            amount\n            currency\n          }\n          platformFee {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          escrowStatus\n          protectionEndsAt\n          confirmedAt\n          releasedAt\n          refundedAt\n          payoutStatus {\n            state\n            blockedReason\n            eligibleFrom\n            netAmount {\n              amount\n              currency\n            }\n          }\n          dispute {\n            id\n            version\n            state\n            outcome\n            requestedParty\n            responseDueAt\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription SellerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n',
): (typeof documents)['\n  subscription SellerViewerEvents($after: String) {\n    viewerEvents(after: $after) {\n      cursor\n      kind\n      subjectId\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      accepted\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      reset\n      email\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SignUpSeller($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation SignUpSeller($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n      passwordExpiresAt\n    }\n  }\n',
): (typeof documents)['\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n      passwordExpiresAt\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      codeRevealedAt\n      listing {\n        id\n        title\n      }\n      price {\n        amount\n        currency\n      }\n      termsAtPurchase {\n        version\n        title\n        description\n        platform\n        region\n        kind\n        changedSince\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      codeRevealedAt\n      listing {\n        id\n        title\n      }\n      price {\n        amount\n        currency\n      }\n      termsAtPurchase {\n        version\n        title\n        description\n        platform\n        region\n        kind\n        changedSince\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Dispute($id: ID!) {\n    dispute(id: $id) {\n      ...DisputeDetail\n    }\n  }\n',
): (typeof documents)['\n  query Dispute($id: ID!) {\n    dispute(id: $id) {\n      ...DisputeDetail\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription DisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...DisputeDetail\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription DisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...DisputeDetail\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AssignDispute($input: AssignDisputeInput!) {\n    assignDispute(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AssignDispute($input: AssignDisputeInput!) {\n    assignDispute(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation StartDisputeReview($input: StartDisputeReviewInput!) {\n    startDisputeReview(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation StartDisputeReview($input: StartDisputeReviewInput!) {\n    startDisputeReview(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RequestDisputeResponse($input: RequestDisputeResponseInput!) {\n    requestDisputeResponse(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RequestDisputeResponse($input: RequestDisputeResponseInput!) {\n    requestDisputeResponse(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation PostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation PostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RefundOrder($input: OrderDecisionInput!) {\n    refundOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation RefundOrder($input: OrderDecisionInput!) {\n    refundOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ReleaseOrder($input: OrderDecisionInput!) {\n    releaseOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ReleaseOrder($input: OrderDecisionInput!) {\n    releaseOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n',
): (typeof documents)['\n  query DisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query StaffMembers {\n    staffMembers {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n',
): (typeof documents)['\n  query StaffMembers {\n    staffMembers {\n      id\n      displayName\n      email\n      roles\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n',
): (typeof documents)['\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment LookupOrder on Order {\n    id\n    createdAt\n    escrowStatus\n    price {\n      amount\n      currency\n    }\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    listing {\n      id\n      title\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    dispute {\n      id\n      state\n    }\n    payoutStatus {\n      state\n      blockedReason\n    }\n  }\n',
): (typeof documents)['\n  fragment LookupOrder on Order {\n    id\n    createdAt\n    escrowStatus\n    price {\n      amount\n      currency\n    }\n    protectionEndsAt\n    codeRevealedAt\n    confirmedAt\n    releasedAt\n    refundedAt\n    listing {\n      id\n      title\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    dispute {\n      id\n      state\n    }\n    payoutStatus {\n      state\n      blockedReason\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment LookupRisk on RiskProfile {\n    id\n    role\n    score\n    tier\n    computedTier\n    override {\n      tier\n      expiresAt\n    }\n  }\n',
): (typeof documents)['\n  fragment LookupRisk on RiskProfile {\n    id\n    role\n    score\n    tier\n    computedTier\n    override {\n      tier\n      expiresAt\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupCustomer($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n    }\n    buyerRisk: riskProfile(role: BUYER, userId: $userId) {\n      ...LookupRisk\n    }\n    sellerRisk: riskProfile(role: SELLER, userId: $userId) {\n      ...LookupRisk\n    }\n    userWallets(userId: $userId) {\n      id\n      currency\n      status\n      balance {\n        amount\n        currency\n      }\n      flaggedAt\n      flaggedInternalReason\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupCustomer($userId: ID!) {\n    user(id: $userId) {\n      id\n      displayName\n      email\n      roles\n      createdAt\n    }\n    buyerRisk: riskProfile(role: BUYER, userId: $userId) {\n      ...LookupRisk\n    }\n    sellerRisk: riskProfile(role: SELLER, userId: $userId) {\n      ...LookupRisk\n    }\n    userWallets(userId: $userId) {\n      id\n      currency\n      status\n      balance {\n        amount\n        currency\n      }\n      flaggedAt\n      flaggedInternalReason\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupUserDisputes($userId: ID!, $first: Int!, $after: String) {\n    disputeQueue(filter: { partyId: $userId, newestFirst: true }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupUserDisputes($userId: ID!, $first: Int!, $after: String) {\n    disputeQueue(filter: { partyId: $userId, newestFirst: true }, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n          order {\n            id\n            listing {\n              id\n              title\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupUserOrders($userId: ID!, $party: OrderParty!, $first: Int!, $after: String) {\n    userOrders(userId: $userId, party: $party, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...LookupOrder\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupUserOrders($userId: ID!, $party: OrderParty!, $first: Int!, $after: String) {\n    userOrders(userId: $userId, party: $party, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...LookupOrder\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupOrder($orderId: ID!) {\n    order(id: $orderId) {\n      ...LookupOrder\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupOrder($orderId: ID!) {\n    order(id: $orderId) {\n      ...LookupOrder\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupUserTopUps($userId: ID!, $first: Int!, $after: String) {\n    userTopUps(userId: $userId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          createdAt\n          status\n          failureCode\n          amount {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupUserTopUps($userId: ID!, $first: Int!, $after: String) {\n    userTopUps(userId: $userId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          createdAt\n          status\n          failureCode\n          amount {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupPayoutAccount($userId: ID!) {\n    userPayoutAccount(userId: $userId) {\n      id\n      status\n      payoutsEnabled\n      disabledReason\n      updatedAt\n      requirements {\n        code\n        description\n        overdue\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupPayoutAccount($userId: ID!) {\n    userPayoutAccount(userId: $userId) {\n      id\n      status\n      payoutsEnabled\n      disabledReason\n      updatedAt\n      requirements {\n        code\n        description\n        overdue\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SupportLookupWithdrawals($sellerId: ID!, $first: Int!) {\n    withdrawals(filter: { sellerId: $sellerId }, first: $first) {\n      edges {\n        node {\n          id\n          createdAt\n          state\n          requested {\n            amount\n            currency\n          }\n          orderCount\n          failureMessage\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n',
): (typeof documents)['\n  query SupportLookupWithdrawals($sellerId: ID!, $first: Int!) {\n    withdrawals(filter: { sellerId: $sellerId }, first: $first) {\n      edges {\n        node {\n          id\n          createdAt\n          state\n          requested {\n            amount\n            currency\n          }\n          orderCount\n          failureMessage\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment QueueDispute on Dispute {\n    id\n    version\n    state\n    reason\n    createdAt\n    updatedAt\n    responseDueAt\n    requestedParty\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n      displayName\n    }\n    order {\n      id\n      price {\n        amount\n        currency\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment QueueDispute on Dispute {\n    id\n    version\n    state\n    reason\n    createdAt\n    updatedAt\n    responseDueAt\n    requestedParty\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n      displayName\n    }\n    order {\n      id\n      price {\n        amount\n        currency\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {\n    disputeQueue(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n',
): (typeof documents)['\n  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {\n    disputeQueue(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DisputeCounts {\n    disputeCounts {\n      state\n      count\n    }\n  }\n',
): (typeof documents)['\n  query DisputeCounts {\n    disputeCounts {\n      state\n      count\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription DisputeFeed($after: String) {\n    disputeFeed(after: $after) {\n      cursor\n      kind\n      disputeId\n      fromState\n      state\n      version\n      occurredAt\n      dispute {\n        ...QueueDispute\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription DisputeFeed($after: String) {\n    disputeFeed(after: $after) {\n      cursor\n      kind\n      disputeId\n      fromState\n      state\n      version\n      occurredAt\n      dispute {\n        ...QueueDispute\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ConsoleRevealDeliveredCode($input: RevealDeliveredCodeInput!) {\n    revealDeliveredCode(input: $input) {\n      code\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation ConsoleRevealDeliveredCode($input: RevealDeliveredCodeInput!) {\n    revealDeliveredCode(input: $input) {\n      code\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation OpenSellerAccount {\n    openSellerAccount {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation OpenSellerAccount {\n    openSellerAccount {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n      }\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
