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
  '\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n': typeof types.LogOutDocument;
  '\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.LogInDocument;
  '\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n    }\n  }\n': typeof types.ViewerDocument;
  '\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      price {\n        amount\n        currency\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n': typeof types.DisputeDetailFragmentDoc;
  '\n  query Dispute($id: ID!) {\n    dispute(id: $id) {\n      ...DisputeDetail\n    }\n  }\n': typeof types.DisputeDocument;
  '\n  subscription DisputeUpdated($id: ID!, $after: String) {\n    disputeUpdated(id: $id, after: $after) {\n      cursor\n      kind\n      version\n      state\n      dispute {\n        ...DisputeDetail\n      }\n    }\n  }\n': typeof types.DisputeUpdatedDocument;
  '\n  mutation AssignDispute($input: AssignDisputeInput!) {\n    assignDispute(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.AssignDisputeDocument;
  '\n  mutation StartDisputeReview($input: StartDisputeReviewInput!) {\n    startDisputeReview(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.StartDisputeReviewDocument;
  '\n  mutation RequestDisputeResponse($input: RequestDisputeResponseInput!) {\n    requestDisputeResponse(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RequestDisputeResponseDocument;
  '\n  mutation PostDisputeMessage($input: PostDisputeMessageInput!) {\n    postDisputeMessage(input: $input) {\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.PostDisputeMessageDocument;
  '\n  mutation RefundOrder($input: OrderDecisionInput!) {\n    refundOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.RefundOrderDocument;
  '\n  mutation ReleaseOrder($input: OrderDecisionInput!) {\n    releaseOrder(input: $input) {\n      replayed\n      order {\n        id\n        escrowStatus\n      }\n      dispute {\n        ...DisputeDetail\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n': typeof types.ReleaseOrderDocument;
  '\n  query DisputeAttachmentUrl($id: ID!) {\n    disputeAttachment(id: $id) {\n      id\n      url {\n        url\n        expiresAt\n      }\n    }\n  }\n': typeof types.DisputeAttachmentUrlDocument;
  '\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n': typeof types.StaffColleagueDocument;
  '\n  fragment QueueDispute on Dispute {\n    id\n    version\n    state\n    reason\n    createdAt\n    updatedAt\n    responseDueAt\n    requestedParty\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n      displayName\n    }\n    order {\n      id\n      price {\n        amount\n        currency\n      }\n    }\n  }\n': typeof types.QueueDisputeFragmentDoc;
  '\n  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {\n    disputeQueue(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n': typeof types.DisputeQueueDocument;
  '\n  query DisputeCounts {\n    disputeCounts {\n      state\n      count\n    }\n  }\n': typeof types.DisputeCountsDocument;
  '\n  subscription DisputeFeed($after: String) {\n    disputeFeed(after: $after) {\n      cursor\n      kind\n      disputeId\n      fromState\n      state\n      version\n      occurredAt\n      dispute {\n        ...QueueDispute\n      }\n    }\n  }\n': typeof types.DisputeFeedDocument;
};
const documents: Documents = {
  '\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n': types.LogOutDocument,
  '\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        roles\n      }\n      errors {\n        code\n        message\n        field\n      }\n    }\n  }\n':
    types.LogInDocument,
  '\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n    }\n  }\n':
    types.ViewerDocument,
  '\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      price {\n        amount\n        currency\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n':
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
  '\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n':
    types.StaffColleagueDocument,
  '\n  fragment QueueDispute on Dispute {\n    id\n    version\n    state\n    reason\n    createdAt\n    updatedAt\n    responseDueAt\n    requestedParty\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n    }\n    seller {\n      id\n      displayName\n    }\n    order {\n      id\n      price {\n        amount\n        currency\n      }\n    }\n  }\n':
    types.QueueDisputeFragmentDoc,
  '\n  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {\n    disputeQueue(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...QueueDispute\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n':
    types.DisputeQueueDocument,
  '\n  query DisputeCounts {\n    disputeCounts {\n      state\n      count\n    }\n  }\n':
    types.DisputeCountsDocument,
  '\n  subscription DisputeFeed($after: String) {\n    disputeFeed(after: $after) {\n      cursor\n      kind\n      disputeId\n      fromState\n      state\n      version\n      occurredAt\n      dispute {\n        ...QueueDispute\n      }\n    }\n  }\n':
    types.DisputeFeedDocument,
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
  source: '\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n',
): (typeof documents)['\n  mutation LogOut {\n    logOut {\n      loggedOut\n    }\n  }\n'];
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
  source: '\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n    }\n  }\n',
): (typeof documents)['\n  query Viewer {\n    me {\n      id\n      email\n      displayName\n      roles\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      price {\n        amount\n        currency\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n',
): (typeof documents)['\n  fragment DisputeDetail on Dispute {\n    id\n    version\n    state\n    reason\n    outcome\n    createdAt\n    updatedAt\n    decidedAt\n    closedAt\n    requestedParty\n    responseDueAt\n    assignee {\n      id\n      displayName\n    }\n    buyer {\n      id\n      displayName\n      email\n    }\n    seller {\n      id\n      displayName\n      email\n    }\n    order {\n      id\n      createdAt\n      escrowStatus\n      protectionEndsAt\n      price {\n        amount\n        currency\n      }\n    }\n    timeline {\n      version\n      action\n      actorKind\n      fromState\n      toState\n      note\n      createdAt\n      actor {\n        id\n        displayName\n      }\n    }\n    messages {\n      id\n      body\n      createdAt\n      authorKind\n      author {\n        id\n        displayName\n      }\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        sha256\n      }\n    }\n    evidence {\n      id\n      schemaVersion\n      sha256\n      json\n      createdAt\n    }\n    risk {\n      buyer {\n        score\n        tier\n        reasons\n      }\n      seller {\n        score\n        tier\n        reasons\n      }\n    }\n  }\n'];
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
  source: '\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n',
): (typeof documents)['\n  query StaffColleague($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      roles\n    }\n  }\n'];
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

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
