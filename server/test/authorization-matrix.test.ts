import crypto from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { toGlobalId } from '../src/graphql/relay';
import { withTransaction } from '../src/db/transaction';
import { viewerEventsTopic } from '../src/auth/viewer-events';
import {
  disputeFeedTopic,
  disputeUpdatedTopic,
  type DisputeChangePayload,
} from '../src/disputes/dispute-events';
import { OwnerOrStaff } from '../src/graphql/authorization';
import { payoutFeedTopic, payoutUpdatedTopic, type PayoutChangePayload } from '../src/payouts/payout-events';
import type { Context } from '../src/graphql/context';
import { Role } from '../src/auth/roles';
import {
  createApiKey,
  createStaff,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  TestClient,
  websocketRoundTrip,
  type GraphqlResponse,
  type TestApp,
} from './harness';
import { createListing, fundWallet, newSeller, purchase, type Party } from './marketplace';

/**
 * Every root field of the schema, run as each kind of viewer, against an explicit table of what
 * each viewer may do. Query and Mutation cells are generated from the schema: a minimal valid
 * document with type-correct dummy arguments. type-graphql runs @Authorized as the first
 * middleware, before the arguments are read and before the resolver (resolvers/create.js,
 * helpers/auth-middleware.js), so the first error tells whether the viewer got through: its code
 * UNAUTHENTICATED or FORBIDDEN, or "allowed" for anything else (data, user errors, a resolver's
 * BAD_USER_INPUT). Subscriptions are authorised again per event, so their cells are written by
 * hand: each publishes a matching event and reads what reaches the subscriber.
 */

type ViewerName = 'anonymous' | 'BUYER' | 'SELLER' | 'SUPPORT' | 'ADMIN' | 'API key';
type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';
type RootName = 'Query' | 'Mutation';

const A = 'allowed';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const viewerNames: ViewerName[] = ['anonymous', 'BUYER', 'SELLER', 'SUPPORT', 'ADMIN', 'API key'];

/**
 * What each viewer may do, by root field. The viewers: nobody signed in; a buyer; a seller (who is
 * also a buyer: seller accounts hold both roles); a support agent; an admin; and the seller's API
 * key with every scope, which acts as its owner in the SELLER role only and reaches only fields
 * that name one of its scopes. Money moves only for buyers (top-ups, purchases, confirming
 * delivery), sellers through their own session (withdrawals) and admins (refund, release, payout
 * holds and re-drives); support runs the dispute lifecycle and moves no money.
 */
const expected: Record<RootName, Record<string, readonly Outcome[]>> = {
  //                               anonymous BUYER SELLER SUPPORT ADMIN API key
  Query: {
    auditLog: /*                 */ [U, F, F, F, A, F],
    bankPayouts: /*              */ [U, F, A, F, F, F],
    chargebacks: /*              */ [U, F, F, F, A, F],
    dispute: /*                  */ [U, A, A, A, A, F],
    disputeAttachment: /*        */ [U, A, A, A, A, F],
    disputeCounts: /*            */ [U, F, F, A, A, F],
    disputeQueue: /*             */ [U, F, F, A, A, F],
    flaggedWallets: /*           */ [U, F, F, F, A, F],
    ledgerAccount: /*            */ [U, F, F, F, A, F],
    ledgerAccounts: /*           */ [U, F, F, F, A, F],
    listing: /*                  */ [A, A, A, A, A, A],
    listings: /*                 */ [A, A, A, A, A, A],
    me: /*                       */ [A, A, A, A, A, A],
    moneyInvariants: /*          */ [U, F, F, F, A, F],
    myApiKeys: /*                */ [U, F, A, F, A, F],
    myDisputes: /*               */ [U, A, A, F, F, F],
    myEarnings: /*               */ [U, F, A, F, F, F],
    myListings: /*               */ [U, F, A, F, A, A],
    myOrders: /*                 */ [U, A, A, F, F, F],
    myPayouts: /*                */ [U, F, A, F, F, F],
    mySales: /*                  */ [U, F, A, F, F, A],
    mySessions: /*               */ [U, A, A, A, A, F],
    myUnpaidTopUps: /*           */ [U, A, A, F, F, F],
    myWallet: /*                 */ [U, A, A, F, F, F],
    myPayoutHold: /*             */ [U, F, A, F, F, F],
    myWithdrawals: /*            */ [U, F, A, F, F, F],
    order: /*                    */ [U, A, A, A, A, A],
    paymentSettings: /*          */ [A, A, A, A, A, A],
    payoutAccount: /*            */ [U, F, A, F, F, F],
    payoutEarnings: /*           */ [U, F, A, F, F, F],
    payoutHolds: /*              */ [U, F, F, F, A, F],
    payoutReconciliation: /*     */ [U, F, F, F, A, F],
    payouts: /*                  */ [U, F, F, F, A, F],
    riskProfile: /*              */ [U, F, F, A, A, F],
    staffMembers: /*             */ [U, F, F, A, A, F],
    stuckPayouts: /*             */ [U, F, F, F, A, F],
    topUp: /*                    */ [U, A, A, A, A, F],
    user: /*                     */ [U, F, F, A, A, F],
    userOrders: /*               */ [U, F, F, A, A, F],
    userPayoutAccount: /*        */ [U, F, F, A, A, F],
    userTopUps: /*               */ [U, F, F, A, A, F],
    userWallets: /*              */ [U, F, F, A, A, F],
    users: /*                    */ [U, F, F, A, A, F],
    withdrawalQuote: /*          */ [U, F, A, F, F, F],
    withdrawals: /*              */ [U, F, F, F, A, F],
  },
  Mutation: {
    activateListing: /*          */ [U, F, A, F, A, A],
    addCodes: /*                 */ [U, F, A, F, A, A],
    archiveListing: /*           */ [U, F, A, F, A, A],
    assignDispute: /*            */ [U, F, F, A, A, F],
    cancelTopUp: /*              */ [U, A, A, F, F, F],
    changePassword: /*           */ [U, A, A, A, A, F],
    cancelWithdrawal: /*         */ [U, F, A, F, F, F],
    clearRiskOverride: /*        */ [U, F, F, F, A, F],
    confirmDelivery: /*          */ [U, A, A, F, F, F],
    createApiKey: /*             */ [U, F, A, F, F, F],
    createListing: /*            */ [U, F, A, F, F, A],
    createStaffUser: /*          */ [U, F, F, F, A, F],
    createTopUp: /*              */ [U, A, A, F, F, F],
    liftPayoutHold: /*           */ [U, F, F, F, A, F],
    liftWalletFlag: /*           */ [U, F, F, F, A, F],
    logIn: /*                    */ [A, A, A, A, A, A],
    logOut: /*                   */ [U, A, A, A, A, F],
    openDispute: /*              */ [U, A, A, F, F, F],
    openSellerAccount: /*        */ [U, A, A, F, F, F],
    overrideRiskTier: /*         */ [U, F, F, F, A, F],
    pauseListing: /*             */ [U, F, A, F, A, A],
    postDisputeMessage: /*       */ [U, A, A, A, A, F],
    purchaseListing: /*          */ [U, A, A, F, F, F],
    redrivePayout: /*            */ [U, F, F, F, A, F],
    refundOrder: /*              */ [U, F, F, F, A, F],
    releaseOrder: /*             */ [U, F, F, F, A, F],
    requestDisputeResponse: /*   */ [U, F, F, A, A, F],
    requestPasswordReset: /*     */ [A, A, A, A, A, A],
    requestWithdrawal: /*        */ [U, F, A, F, F, F],
    resetPassword: /*            */ [A, A, A, A, A, A],
    resetStaffPassword: /*       */ [U, F, F, F, A, F],
    resumeTopUp: /*              */ [U, A, A, F, F, F],
    revealCode: /*               */ [U, A, A, F, F, F],
    revealDeliveredCode: /*      */ [U, F, A, A, A, F],
    revokeApiKey: /*             */ [U, F, A, F, A, F],
    revokeSession: /*            */ [U, A, A, A, A, F],
    runPayoutReconciliation: /*  */ [U, F, F, F, A, F],
    setPayoutHold: /*            */ [U, F, F, F, A, F],
    setStaffAccountStatus: /*    */ [U, F, F, F, A, F],
    signUp: /*                   */ [A, A, A, A, A, A],
    startDisputeReview: /*       */ [U, F, F, A, A, F],
    setListingImages: /*         */ [U, F, A, F, A, A],
    startPayoutOnboarding: /*    */ [U, F, A, F, F, F],
    updateListing: /*            */ [U, F, A, F, A, A],
    withdrawDispute: /*          */ [U, A, A, F, F, F],
    writeOffChargebackLoss: /*   */ [U, F, F, F, A, F],
  },
};

/** Subscriptions: refused when subscribing, or per event (an event withheld from the subscriber counts as FORBIDDEN). */
const expectedSubscriptions: Record<string, readonly Outcome[]> = {
  //                               anonymous BUYER SELLER SUPPORT ADMIN API key
  disputeFeed: /*                */ [U, F, F, A, A, F],
  disputeUpdated: /*             */ [U, A, A, A, A, F],
  moneyInvariantsChanged: /*     */ [U, F, F, F, A, F],
  payoutFeed: /*                 */ [U, F, F, F, A, F],
  payoutUpdated: /*              */ [U, F, A, F, F, F],
  viewerEvents: /*               */ [U, A, A, A, A, F],
};

/** Operations that end or change the session run with a fresh session (or key) of their own. */
const sessionEnding = new Set(['logOut']);
/** Operations that change the buyer's account (its roles) run as a buyer of their own. */
const buyerChanging = new Set(['openSellerAccount']);

interface Viewer {
  client: TestClient;
  /** The acting user (the key's owner for the API key), null when anonymous. */
  party: Party | null;
}

let testApp: TestApp;
const viewers = new Map<ViewerName, Viewer>();
const credentials = new Map<ViewerName, { email: string; password: string }>();
/** A seller none of the viewers is: sells the orders and the listing that the money mutations are tried on. */
let merchant: Party;
/** The merchant's listing, with a code for every order at stake. */
let stockedListingId: string;
/** The price of the stocked listing, and what each buyer at stake is funded with per order. */
const stakePrice = 1_000;
const allScopes = ['CATALOG_READ', 'CATALOG_WRITE', 'ORDERS_READ'];

beforeAll(async () => {
  testApp = await startTestApp();
  // Each viewer signs in once (sign-up and createStaff leave a session), and every cell reuses it.
  const [buyer, seller, support, admin] = await Promise.all([
    signUp(testApp.baseUrl),
    signUp(testApp.baseUrl, { sellerAccount: true }),
    createStaff(testApp, ['SUPPORT']),
    createStaff(testApp, ['ADMIN']),
  ]);
  merchant = await newSeller(testApp);
  stockedListingId = (await createListing(merchant, { price: stakePrice, codes: 50 })).listingId;
  viewers.set('anonymous', { client: new TestClient(testApp.baseUrl), party: null });
  for (const [name, account] of [
    ['BUYER', buyer],
    ['SELLER', seller],
    ['SUPPORT', support],
    ['ADMIN', admin],
  ] as const) {
    const { me } = await account.client.data<{ me: { id: string } }>('{ me { id } }');
    viewers.set(name, {
      client: account.client,
      party: { client: account.client, id: me.id, rawId: rawId(me.id) },
    });
    credentials.set(name, { email: account.email, password: account.password });
  }
  // The seller's key: keys act in the seller role only (an admin cannot create one), so a refusal
  // where the seller's own session is allowed is the key's doing.
  viewers.set('API key', { client: await apiKeyClient(), party: viewers.get('SELLER')!.party });
  // disputeUpdated subscribes to a real dispute of BUYER's order from SELLER (a subscription to a
  // dispute its viewer cannot read is refused when subscribing, as the query answers null).
  const sellerListing = (await createListing(viewers.get('SELLER')!.party!, { price: stakePrice, codes: 1 }))
    .listingId;
  await fundWallet(testApp, viewers.get('BUYER')!.party!, stakePrice);
  const bought = await purchase(viewers.get('BUYER')!.party!, sellerListing);
  const opened = await buyer.client.data<{ openDispute: { dispute: { id: string } | null } }>(
    `mutation ($input: OpenDisputeInput!) { openDispute(input: $input) { dispute { id } } }`,
    {
      input: {
        orderId: bought.order!.id,
        reason: 'INVALID_CODE',
        message: 'Tried by the matrix.',
        attachments: [],
      },
    },
  );
  updatedDispute = {
    ...disputeChange(),
    disputeId: rawId(opened.openDispute.dispute!.id),
    orderId: rawId(bought.order!.id),
  };
});
afterAll(async () => {
  await testApp.close();
});

async function apiKeyClient(): Promise<TestClient> {
  const client = new TestClient(testApp.baseUrl);
  client.apiKey = (await createApiKey(viewers.get('SELLER')!.client, allScopes)).secret;
  return client;
}

/** The shared viewer, or for a session-ending operation the same viewer with a session of its own. */
async function viewerFor(name: ViewerName, operation: string): Promise<Viewer> {
  const shared = viewers.get(name)!;
  if (buyerChanging.has(operation) && name === 'BUYER') {
    const account = await signUp(testApp.baseUrl);
    const { me } = await account.client.data<{ me: { id: string } }>('{ me { id } }');
    return { client: account.client, party: { client: account.client, id: me.id, rawId: rawId(me.id) } };
  }
  if (!sessionEnding.has(operation)) return shared;
  if (name === 'anonymous') return { ...shared, client: new TestClient(testApp.baseUrl) };
  if (name === 'API key') return { ...shared, client: await apiKeyClient() };
  const { email, password } = credentials.get(name)!;
  const client = new TestClient(testApp.baseUrl);
  const answer = await logIn(client, email, password);
  if (!answer.data?.logIn.user) throw new Error(`log-in failed: ${JSON.stringify(answer)}`);
  return { ...shared, client };
}

// ---------------------------------------------------------------------------------------------
// Documents generated from the schema

/** Dummy values for custom scalars; a scalar missing here fails the cell with its name. */
const customScalarValues: Record<string, () => unknown> = {
  DateTimeISO: () => new Date(Date.now() + 24 * 3_600_000).toISOString(),
};

/** The object type behind an ID argument named `name`, when its name does not say it plainly. */
const idTypesByName: Record<string, string> = {
  userId: 'User',
  buyerId: 'User',
  sellerId: 'User',
  assigneeId: 'User',
  attachments: 'DisputeAttachment',
  imageIds: 'ListingImage',
};

function idTypeOf(name: string, resultType: string): string {
  if (name === 'id') return resultType;
  return idTypesByName[name] ?? (name.endsWith('Id') ? name[0]!.toUpperCase() + name.slice(1, -2) : 'Node');
}

/** Required: non-null and without a default (a default fills the value in, so the minimal document omits it). */
function isRequired(input: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(input.type) && input.defaultValue === undefined;
}

function dummyValue(type: GraphQLInputType, name: string, resultType: string): unknown {
  if (isNonNullType(type)) return dummyValue(type.ofType, name, resultType);
  if (isListType(type)) return [dummyValue(type.ofType, name, resultType)];
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter(isRequired)
        .map((field) => [field.name, dummyValue(field.type, field.name, resultType)]),
    );
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isScalarType(type)) {
    switch (type.name) {
      case 'String':
        return 'x';
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'ID':
        return toGlobalId(idTypeOf(name, resultType), crypto.randomUUID());
    }
    const custom = customScalarValues[type.name];
    if (!custom) throw new Error(`no dummy value for the scalar ${type.name}: add one to customScalarValues`);
    return custom();
  }
  throw new Error(`no dummy value for ${String(type)}`);
}

/** `__typename`, and the payload's user error codes when it has them. */
function selectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const errors = isObjectType(named) ? named.getFields()['errors'] : undefined;
  const errorType = errors && getNamedType(errors.type);
  const withErrors = errorType && isObjectType(errorType) && 'code' in errorType.getFields();
  return withErrors ? '{ __typename errors { code } }' : '{ __typename }';
}

function rootType(root: RootName | 'Subscription') {
  const schema = testApp.app.schema;
  const type = {
    Query: schema.getQueryType(),
    Mutation: schema.getMutationType(),
    Subscription: schema.getSubscriptionType(),
  }[root];
  if (!type) throw new Error(`the schema has no ${root} type`);
  return type;
}

function rootField(root: RootName, name: string): GraphQLField<unknown, unknown> {
  const field = rootType(root).getFields()[name];
  if (!field) throw new Error(`${root}.${name} is not in the schema`);
  return field;
}

function rootFieldNames(root: RootName | 'Subscription'): string[] {
  return Object.keys(rootType(root).getFields()).sort();
}

/** The minimal valid document for one root field: its required arguments as variables, and `__typename`. */
function generatedOperation(
  root: RootName,
  name: string,
): { document: string; variables: Record<string, unknown> } {
  const field = rootField(root, name);
  const resultType = getNamedType(field.type).name;
  const required = field.args.filter(isRequired);
  const declarations = required.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(', ');
  const argumentList = required.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
  const document =
    `${root === 'Query' ? 'query' : 'mutation'} Matrix${declarations ? `(${declarations})` : ''} ` +
    `{ ${name}${argumentList ? `(${argumentList})` : ''} ${selectionOf(field.type)} }`;
  const variables = Object.fromEntries(
    required.map((argument) => [argument.name, dummyValue(argument.type, argument.name, resultType)]),
  );
  return { document, variables };
}

/** The viewer got through unless the first error refuses it; a document refused before execution is a bug of this test. */
function outcomeOf(response: GraphqlResponse): Outcome {
  const errors = response.errors ?? [];
  if (errors.some((error) => error.path === undefined)) {
    throw new Error(`refused before execution (HTTP ${response.status}): ${JSON.stringify(errors)}`);
  }
  const code = errors[0]?.extensions?.['code'];
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return code;
  // Dummy input is bad input, and bad input gets a typed answer, never a masked internal error.
  expect(errors.map((error) => error.extensions?.['code'])).not.toContain('INTERNAL_SERVER_ERROR');
  return 'allowed';
}

// ---------------------------------------------------------------------------------------------
// Money at stake: the money mutations run on real orders, listings and amounts, so that a refusal
// that let the resolver run would move money, and the state check below would see it.

/** The buyer whose order a money mutation acts on: the acting user when it can buy, else the buyer. */
function buyingParty(name: ViewerName): Party {
  const acting = viewers.get(name)!.party;
  return name === 'BUYER' || name === 'SELLER' || name === 'API key' ? acting! : viewers.get('BUYER')!.party!;
}

/** A held order of `buyingParty(name)`: funded, then bought from the merchant's stocked listing. */
async function orderAtStake(name: ViewerName): Promise<string> {
  const buyer = buyingParty(name);
  await fundWallet(testApp, buyer, stakePrice);
  const answer = await purchase(buyer, stockedListingId);
  if (!answer.order) throw new Error(`purchase failed: ${JSON.stringify(answer.errors)}`);
  return answer.order.id;
}

const stakes: Record<string, (name: ViewerName) => Promise<Record<string, unknown>>> = {
  createTopUp: async () => ({ amount: 2_000, currency: 'EUR', idempotencyKey: crypto.randomUUID() }),
  requestWithdrawal: async () => ({ amount: 1_000, currency: 'EUR', idempotencyKey: crypto.randomUUID() }),
  // A hold on the merchant, set or lifted for real when let through.
  setPayoutHold: async () => ({ sellerId: merchant.id, reason: 'Tried by the authorization matrix.' }),
  liftPayoutHold: async () => ({ sellerId: merchant.id, reason: 'Tried by the authorization matrix.' }),
  purchaseListing: async (name) => {
    // Funded, so a purchase let through would succeed: staff included, whose wallets the ledger keeps too.
    const acting = viewers.get(name)!.party;
    if (acting) await fundWallet(testApp, acting, stakePrice);
    return { listingId: stockedListingId, idempotencyKey: crypto.randomUUID() };
  },
  confirmDelivery: async (name) => ({ orderId: await orderAtStake(name) }),
  revealCode: async (name) => ({ orderId: await orderAtStake(name) }),
  revealDeliveredCode: async (name) => ({
    orderId: await orderAtStake(name),
    reason: 'Tried by the authorization matrix.',
  }),
  openDispute: async (name) => ({
    orderId: await orderAtStake(name),
    reason: 'INVALID_CODE',
    attachments: [],
  }),
  refundOrder: async (name) => ({
    orderId: await orderAtStake(name),
    reason: 'Tried by the authorization matrix.',
    idempotencyKey: crypto.randomUUID(),
  }),
  releaseOrder: async (name) => ({
    orderId: await orderAtStake(name),
    reason: 'Tried by the authorization matrix.',
    idempotencyKey: crypto.randomUUID(),
  }),
};

/** What a refused mutation must leave as it was: money, orders, disputes, accounts, listings and codes. */
async function businessState(): Promise<unknown> {
  const countBy = (table: string, column: string) =>
    `(select json_object_agg(${column}, n) from (select ${column}, count(*) as n from ${table} group by ${column}) s)`;
  const [row] = await queryDatabase(
    testApp,
    `select json_build_object(
       'ledger_transactions', (select count(*) from ledger_transactions),
       'ledger_entries', (select count(*) from ledger_entries),
       'orders', ${countBy('orders', 'escrow_status')},
       'code_reveals', (select count(*) from code_reveals),
       'top_ups', (select count(*) from top_ups),
       'wallets', ${countBy('wallets', 'status')},
       'disputes', ${countBy('disputes', 'state')},
       'dispute_events', (select count(*) from dispute_events),
       'dispute_messages', (select count(*) from dispute_messages),
       'listings', ${countBy('listings', 'status')},
       'codes', ${countBy('codes', 'status')},
       'users', (select count(*) from users),
       'sellers', (select count(*) from users where 'SELLER' = any (roles)),
       'live_api_keys', (select count(*) from api_keys where revoked_at is null),
       'risk_overrides', (select count(*) from risk_profiles where override_tier is not null),
       'payouts', ${countBy('payouts', 'state')},
       'withdrawals', ${countBy('withdrawals', 'state')},
       'payout_orders', ${countBy('payout_orders', 'state')},
       'active_payout_holds', (select count(*) from payout_holds where lifted_at is null),
       'payout_accounts', (select count(*) from payout_accounts)
     ) as state`,
  );
  return row!.state;
}

// ---------------------------------------------------------------------------------------------
// Subscriptions, by hand: each subscribes, publishes one matching event, and reads what arrives.

interface SubscriptionCell {
  query: string;
  /** A session that must receive the event: proof it was delivered while the viewer saw nothing. */
  witness(name: ViewerName): TestClient;
  /** Publishes the event (committed) and returns the data a subscriber that got through receives. */
  publish(name: ViewerName): Promise<Record<string, unknown>>;
}

function disputeChange(): DisputeChangePayload {
  return {
    kind: 'OPENED',
    disputeId: crypto.randomUUID(),
    orderId: crypto.randomUUID(),
    buyerId: viewers.get('BUYER')!.party!.rawId,
    sellerId: viewers.get('SELLER')!.party!.rawId,
    assigneeId: null,
    state: 'OPEN',
    version: 1,
    fromState: null,
    action: 'OPEN',
    actorKind: 'BUYER',
    occurredAt: new Date().toISOString(),
  };
}

/** A payout of the SELLER viewer that was paid (payoutUpdated is scoped to the seller it is about). */
function payoutChange(): PayoutChangePayload {
  return {
    kind: 'PAYOUT_PAID',
    sellerId: viewers.get('SELLER')!.party!.rawId,
    payoutId: crypto.randomUUID(),
    withdrawalId: null,
    state: 'PAID',
    amount: 1_000,
    currency: 'EUR',
    failureCode: null,
    occurredAt: new Date().toISOString(),
  };
}

/** The dispute that disputeUpdated cells subscribe to: the buyer's and the seller's, per event as the payload states. */
let updatedDispute: DisputeChangePayload;

const subscriptionCells: Record<string, SubscriptionCell> = {
  disputeFeed: {
    query: 'subscription { disputeFeed { kind disputeId } }',
    witness: () => viewers.get('ADMIN')!.client,
    publish: async () => {
      const payload = disputeChange();
      await withTransaction(testApp.database, (tx) =>
        testApp.services.pubsub.publish(tx, disputeFeedTopic, payload),
      );
      return { disputeFeed: { kind: 'OPENED', disputeId: toGlobalId('Dispute', payload.disputeId) } };
    },
  },
  disputeUpdated: {
    get query() {
      return `subscription { disputeUpdated(id: "${toGlobalId('Dispute', updatedDispute.disputeId)}") { kind disputeId } }`;
    },
    witness: () => viewers.get('ADMIN')!.client,
    publish: async () => {
      await withTransaction(testApp.database, (tx) =>
        testApp.services.pubsub.publish(tx, disputeUpdatedTopic, updatedDispute, updatedDispute.disputeId),
      );
      return {
        disputeUpdated: { kind: 'OPENED', disputeId: toGlobalId('Dispute', updatedDispute.disputeId) },
      };
    },
  },
  moneyInvariantsChanged: {
    query: 'subscription { moneyInvariantsChanged { __typename } }',
    witness: () => viewers.get('ADMIN')!.client,
    // Money moving (a committed ledger posting) is the event: the snapshot's figures vary, its type does
    // not. Snapshots are coalesced (at most one per interval): wait until the one after it was handed out.
    publish: async () => {
      await fundWallet(testApp, merchant, 100);
      await testApp.services.moneyInvariantsFeed.current();
      return { moneyInvariantsChanged: { __typename: 'MoneyInvariants' } };
    },
  },
  payoutFeed: {
    query: 'subscription { payoutFeed { kind payoutId } }',
    witness: () => viewers.get('ADMIN')!.client,
    publish: async () => {
      const payload = payoutChange();
      await withTransaction(testApp.database, (tx) =>
        testApp.services.pubsub.publish(tx, payoutFeedTopic, payload),
      );
      return { payoutFeed: { kind: 'PAYOUT_PAID', payoutId: toGlobalId('Payout', payload.payoutId!) } };
    },
  },
  payoutUpdated: {
    query: 'subscription { payoutUpdated { kind payoutId } }',
    // The seller's own change: only a seller's session subscribes, so the seller's witnesses it.
    witness: () => viewers.get('SELLER')!.client,
    publish: async () => {
      const payload = payoutChange();
      await withTransaction(testApp.database, (tx) =>
        testApp.services.pubsub.publish(tx, payoutUpdatedTopic, payload, payload.sellerId),
      );
      return { payoutUpdated: { kind: 'PAYOUT_PAID', payoutId: toGlobalId('Payout', payload.payoutId!) } };
    },
  },
  viewerEvents: {
    query: 'subscription { viewerEvents { kind subjectId } }',
    // The event goes to the viewer's own user (the admin's when anonymous); a session of that user witnesses it.
    witness: (name) => recipientOf(name).client,
    publish: async (name) => {
      const subjectId = crypto.randomUUID();
      await withTransaction(testApp.database, (tx) =>
        testApp.services.pubsub.publish(
          tx,
          viewerEventsTopic,
          { kind: 'API_KEY_REVOKED', subjectId },
          recipientOf(name).rawId,
        ),
      );
      return { viewerEvents: { kind: 'API_KEY_REVOKED', subjectId: toGlobalId('ApiKey', subjectId) } };
    },
  },
};

function recipientOf(name: ViewerName): Party {
  return viewers.get(name)!.party ?? viewers.get('ADMIN')!.party!;
}

/** Rounds of one event each: enough for a slow subscription to be listening, bounded so a withheld event ends the cell. */
const maxEventRounds = 6;

/**
 * Subscribes as the viewer and as a witness, publishes events, and reads what reached the viewer:
 * a refusal when subscribing, the event, or nothing (withheld per event, which counts as FORBIDDEN).
 * A subscription starts listening only after the server has checked its session, a database round
 * trip that can finish after the next message's, so a subscriber may miss a first event. Hence
 * rounds: each publishes one event and then runs a query on both sockets, which the server answers
 * after a database round trip and so after sending whatever the event produced there. Rounds stop
 * when both the witness and the viewer have an answer; "nothing" counts only once the witness has
 * received the events of two rounds.
 */
async function subscriptionOutcome(cell: SubscriptionCell, name: ViewerName): Promise<Outcome> {
  const witnessSocket = cell.witness(name).websocket();
  const socket = viewers.get(name)!.client.websocket();
  try {
    const witness = await subscribe(witnessSocket, cell.query);
    const probe = await subscribe(socket, cell.query);
    const events: unknown[] = [];
    for (let round = 0; round < maxEventRounds && witness.results.length < 2; round++) {
      events.push({ data: await cell.publish(name) });
      await testApp.services.pubsub.flush();
      await Promise.all([websocketRoundTrip(witnessSocket), websocketRoundTrip(socket)]);
      if (witness.results.length > 0 && probe.results.length > 0) break;
    }
    expect(witness.results.length).toBeGreaterThan(0);
    for (const result of witness.results) expect(events).toContainEqual(result);
    const [first, ...rest] = probe.results;
    if (!first) return 'FORBIDDEN';
    const code = first.errors?.[0]?.extensions?.['code'] as Outcome | undefined;
    if (code) {
      // Refused when subscribing: no event follows the refusal.
      expect(rest).toEqual([]);
      return code;
    }
    for (const result of probe.results) expect(events).toContainEqual(result);
    return 'allowed';
  } finally {
    await Promise.all([socket.dispose(), witnessSocket.dispose()]);
  }
}

// ---------------------------------------------------------------------------------------------

describe('authorization matrix', () => {
  test.each(['Query', 'Mutation', 'Subscription'] as const)(
    'every %s field of the schema has a row in the table, and every row a field',
    (root) => {
      const table = root === 'Subscription' ? expectedSubscriptions : expected[root];
      expect(Object.keys(table).sort()).toEqual(rootFieldNames(root));
      if (root === 'Subscription')
        expect(Object.keys(subscriptionCells).sort()).toEqual(rootFieldNames(root));
    },
  );

  const rows = (['Query', 'Mutation'] as const).flatMap((root) =>
    Object.entries(expected[root]).map(([name, outcomes]) => [root, name, outcomes] as const),
  );
  describe.each(rows)('%s.%s', (root, operation, outcomes) => {
    test.each(viewerNames.map((name, index) => [name, outcomes[index]!] as const))(
      'as %s: %s',
      async (name, outcome) => {
        const self = await viewerFor(name, operation);
        const { document, variables } = generatedOperation(root, operation);
        const stake = stakes[operation];
        if (stake) {
          expect(variables['input']).toBeDefined();
          Object.assign(variables['input'] as object, await stake(name));
        }
        const cookies = new Map(self.client.cookies);
        const before = root === 'Mutation' ? await businessState() : null;

        const answer = outcomeOf(await self.client.graphql(document, variables));

        // A refusal, expected or seen, leaves money, orders, disputes and accounts as they were.
        const refusal = answer !== 'allowed' || outcome !== 'allowed';
        const stateChanged =
          root === 'Mutation' && refusal ? !isDeepStrictEqual(await businessState(), before) : false;
        expect({ outcome: answer, stateChanged }).toEqual({ outcome, stateChanged: false });
        if (answer === 'allowed' && operation === 'logOut') {
          expect((await self.client.data('{ me { id } }'))['me']).toBeNull();
        }
        if (self === viewers.get(name)) {
          // Shared sessions must survive every cell; an operation that changes them belongs in sessionEnding.
          expect(self.client.cookies).toEqual(cookies);
        }
      },
    );
  });

  describe.each(Object.entries(expectedSubscriptions))('Subscription.%s', (operation, outcomes) => {
    test.each(viewerNames.map((name, index) => [name, outcomes[index]!] as const))(
      'as %s: %s',
      async (name, outcome) => {
        const cell = subscriptionCells[operation];
        if (!cell) throw new Error(`no hand-written cell for Subscription.${operation}`);
        expect(await subscriptionOutcome(cell, name)).toBe(outcome);
      },
    );
  });
});

describe('OwnerOrStaff', () => {
  // Today only staff can reach another user's User object, so this branch is tested directly.
  test.each([
    ['the owner', true, 'owner-id', [Role.BUYER]],
    ['another buyer', false, 'other-id', [Role.BUYER]],
    ['support staff', true, 'staff-id', [Role.SUPPORT]],
  ] as const)(
    'given %s, when resolving a field of the owner, then allowed is %s',
    async (_case, allowed, userId, roles) => {
      const context = {
        viewer: { userId, roles: [...roles], via: 'session', sessionId: 's', apiKeyId: null, scopes: [] },
      } as unknown as Context;
      const next = jest.fn(async () => 'owner@example.test');
      const run = OwnerOrStaff<{ ownerId: string }>((root) => root.ownerId)(
        { root: { ownerId: 'owner-id' }, context } as never,
        next,
      );
      if (allowed) await expect(run).resolves.toBe('owner@example.test');
      else await expect(run).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(next).toHaveBeenCalledTimes(allowed ? 1 : 0);
    },
  );
});
