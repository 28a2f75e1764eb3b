import { startTestApp, type TestApp } from './harness';
import { disputedOrder, heldOrder, newStaff, type Staff } from './dispute-helpers';
import { fundWallet, newBuyer, newSeller } from './marketplace';
import { startPayoutOnboarding } from './payout-account-helpers';
import { createTopUp } from './wallet-helpers';

/**
 * What support looks up when a user writes in: a user's orders on either side, the parties of an
 * order, the disputes a user is a party to, their wallets and top-ups, and a seller's payout account.
 */
describe('staff lookups', () => {
  let testApp: TestApp;
  let support: Staff;

  beforeAll(async () => {
    testApp = await startTestApp();
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const userOrders = `query ($userId: ID!, $party: OrderParty!, $first: Int!, $after: String) {
    userOrders(userId: $userId, party: $party, first: $first, after: $after) {
      edges { node { id buyer { id email } seller { id email } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  type UserOrders = {
    userOrders: {
      edges: { node: { id: string; buyer: { id: string; email: string | null }; seller: { id: string } } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };

  it("lists a user's orders as buyer and as seller, newest first, page by page, with both parties", async () => {
    // given a buyer with two orders from two sellers, and a third buyer's order from the first seller
    const buyer = await newBuyer(testApp);
    const first = await heldOrder(testApp, { buyer });
    const second = await heldOrder(testApp, { buyer });
    const other = await heldOrder(testApp, { seller: first.seller });
    // when support reads the buyer's orders one per page
    const page1 = await support.client.data<UserOrders>(userOrders, {
      userId: buyer.id,
      party: 'BUYER',
      first: 1,
    });
    const page2 = await support.client.data<UserOrders>(userOrders, {
      userId: buyer.id,
      party: 'BUYER',
      first: 1,
      after: page1.userOrders.pageInfo.endCursor,
    });
    // then they are the buyer's two orders, newest first, with the parties and the buyer's email
    expect(page1.userOrders.edges.map((edge) => edge.node.id)).toEqual([second.orderId]);
    expect(page1.userOrders.pageInfo.hasNextPage).toBe(true);
    expect(page2.userOrders.edges.map((edge) => edge.node.id)).toEqual([first.orderId]);
    expect(page2.userOrders.pageInfo.hasNextPage).toBe(false);
    expect(page2.userOrders.edges[0]!.node.buyer.id).toBe(buyer.id);
    expect(page2.userOrders.edges[0]!.node.buyer.email).toEqual(expect.stringContaining('@'));
    expect(page2.userOrders.edges[0]!.node.seller.id).toBe(first.seller.id);
    // and the first seller's sales are the two orders placed on their listings, not the others
    const sales = await support.client.data<UserOrders>(userOrders, {
      userId: first.seller.id,
      party: 'SELLER',
      first: 10,
    });
    expect(sales.userOrders.edges.map((edge) => edge.node.id)).toEqual([other.orderId, first.orderId]);
  });

  it('finds no orders for an id that is not a user, and refuses buyers and sellers', async () => {
    // given an order, and an id of another type (the order's own)
    const order = await heldOrder(testApp);
    // when support asks for the orders of the order's id
    const none = await support.client.data<UserOrders>(userOrders, {
      userId: order.orderId,
      party: 'BUYER',
      first: 10,
    });
    // then there are none
    expect(none.userOrders.edges).toEqual([]);
    // and the order's own parties may not read each other's orders
    for (const party of [order.buyer, order.seller]) {
      const refused = await party.client.graphql(userOrders, {
        userId: order.buyer.id,
        party: 'BUYER',
        first: 10,
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it("shows an order's parties to each other by name, and their emails to staff only", async () => {
    // given an order
    const order = await heldOrder(testApp);
    const partiesOf = `query ($id: ID!) { order(id: $id) { buyer { id displayName } seller { id displayName } } }`;
    type Parties = {
      order: { buyer: { id: string; displayName: string }; seller: { id: string; displayName: string } };
    };
    // when its buyer, its seller and support read its parties
    const byBuyer = await order.buyer.client.data<Parties>(partiesOf, { id: order.orderId });
    const bySeller = await order.seller.client.data<Parties>(partiesOf, { id: order.orderId });
    const bySupport = await support.client.data<Parties>(partiesOf, { id: order.orderId });
    // then all three see the same two users
    expect(byBuyer.order.buyer.id).toBe(order.buyer.id);
    expect(byBuyer.order.seller.id).toBe(order.seller.id);
    expect(bySeller.order).toEqual(byBuyer.order);
    expect(bySupport.order).toEqual(byBuyer.order);
    // and the other party's email is refused to each party, and given to staff
    const sellerEmail = `query ($id: ID!) { order(id: $id) { seller { email } } }`;
    const buyerEmail = `query ($id: ID!) { order(id: $id) { buyer { email } } }`;
    expect(
      (await order.buyer.client.graphql(sellerEmail, { id: order.orderId })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await order.seller.client.graphql(buyerEmail, { id: order.orderId })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const staffView = await support.client.data<{ order: { seller: { email: string } } }>(sellerEmail, {
      id: order.orderId,
    });
    expect(staffView.order.seller.email).toEqual(expect.stringContaining('@'));
  });

  it('narrows the dispute queue to the disputes a user is a party to, on either side', async () => {
    // given a seller with two disputed sales, one of them bought by a buyer who disputed another order
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    const first = await disputedOrder(testApp, { seller, buyer });
    const second = await disputedOrder(testApp, { seller });
    const elsewhere = await disputedOrder(testApp, { buyer });
    const queue = `query ($partyId: ID!) { disputeQueue(filter: { partyId: $partyId }, first: 100) { edges { node { id } } } }`;
    type Queue = { disputeQueue: { edges: { node: { id: string } }[] } };
    const idsFor = async (partyId: string) =>
      (await support.client.data<Queue>(queue, { partyId })).disputeQueue.edges.map((edge) => edge.node.id);
    // when support filters the queue by the seller, by the buyer, and by an id that is no user
    // then each gets exactly their own disputes, oldest first, and the stray id none
    expect(await idsFor(seller.id)).toEqual([first.disputeId, second.disputeId]);
    expect(await idsFor(buyer.id)).toEqual([first.disputeId, elsewhere.disputeId]);
    expect(await idsFor(first.orderId)).toEqual([]);

    // and newest first, a page at a time, each page going on from the last in that order
    const newest = `query ($partyId: ID!, $after: String) {
      disputeQueue(filter: { partyId: $partyId, newestFirst: true }, first: 1, after: $after) {
        edges { node { id } } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = Queue & { disputeQueue: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const pages: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const read: Page = await support.client.data<Page>(newest, { partyId: seller.id, after });
      pages.push(...read.disputeQueue.edges.map((edge) => edge.node.id));
      if (!read.disputeQueue.pageInfo.hasNextPage) break;
      after = read.disputeQueue.pageInfo.endCursor;
    }
    expect(pages).toEqual([second.disputeId, first.disputeId]);
  });

  it("shows a user's wallets with their balance and entries, opening none, to staff only", async () => {
    // given a buyer who opened wallets in two currencies (as the store's wallet page does), funded
    // both, then bought with euros; and a buyer who never had a wallet
    const buyer = await newBuyer(testApp);
    for (const currency of ['EUR', 'USD']) {
      await buyer.client.data(`query ($currency: String!) { myWallet(currency: $currency) { id } }`, {
        currency,
      });
    }
    await fundWallet(testApp, buyer, 1_500, 'USD');
    const order = await heldOrder(testApp, { buyer, price: 2_000 });
    const untouched = await newBuyer(testApp);
    const walletsOf = `query ($userId: ID!) {
      userWallets(userId: $userId) {
        currency status balance { amount currency } buyer { id }
        history(first: 10) { edges { node { amount { amount } } } }
      }
    }`;
    type Wallets = {
      userWallets: {
        currency: string;
        status: string;
        balance: { amount: number; currency: string };
        buyer: { id: string };
        history: { edges: { node: { amount: { amount: number } } }[] };
      }[];
    };
    // when support reads the wallets of each, and of an id that is not a user's
    const funded = await support.client.data<Wallets>(walletsOf, { userId: buyer.id });
    const empty = await support.client.data<Wallets>(walletsOf, { userId: untouched.id });
    const stray = await support.client.data<Wallets>(walletsOf, { userId: order.orderId });
    // then the funded buyer has two, by currency, with the ledger's balance and entries (top-up, then purchase)
    expect(
      funded.userWallets.map((wallet) => [wallet.currency, wallet.status, wallet.balance.amount]),
    ).toEqual([
      ['EUR', 'ACTIVE', 0],
      ['USD', 'ACTIVE', 1_500],
    ]);
    expect(funded.userWallets[0]!.buyer.id).toBe(buyer.id);
    expect(funded.userWallets[0]!.history.edges.map((edge) => edge.node.amount.amount)).toEqual([
      -2_000, 2_000,
    ]);
    // and the others have none, and reading opened none
    expect(empty.userWallets).toEqual([]);
    expect(stray.userWallets).toEqual([]);
    expect((await support.client.data<Wallets>(walletsOf, { userId: untouched.id })).userWallets).toEqual([]);
    // and the buyer may not read their own wallets through it (myWallet is theirs)
    const refused = await buyer.client.graphql(walletsOf, { userId: buyer.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("lists a user's top-ups, newest first, page by page, none for a stray id, to staff only", async () => {
    // given a buyer who started three top-ups, one right after another
    const buyer = await newBuyer(testApp);
    const started: string[] = [];
    for (const amount of [1_000, 2_000, 3_000]) {
      started.push((await createTopUp({ ...buyer, userId: buyer.id }, { amount })).topUp!.id);
    }
    const topUpsOf = `query ($userId: ID!, $first: Int!, $after: String) {
      userTopUps(userId: $userId, first: $first, after: $after) {
        edges { node { id status amount { amount currency } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type TopUps = {
      userTopUps: {
        edges: { node: { id: string; status: string; amount: { amount: number } } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    // when support reads them two at a time
    const page1 = await support.client.data<TopUps>(topUpsOf, { userId: buyer.id, first: 2 });
    const page2 = await support.client.data<TopUps>(topUpsOf, {
      userId: buyer.id,
      first: 2,
      after: page1.userTopUps.pageInfo.endCursor,
    });
    // then the pages meet exactly: all three, newest first, each once, waiting for payment
    const ids = [...page1.userTopUps.edges, ...page2.userTopUps.edges].map((edge) => edge.node.id);
    expect(ids).toEqual([...started].reverse());
    expect(page1.userTopUps.pageInfo.hasNextPage).toBe(true);
    expect(page2.userTopUps.pageInfo.hasNextPage).toBe(false);
    expect(page1.userTopUps.edges.map((edge) => [edge.node.status, edge.node.amount.amount])).toEqual([
      ['PENDING', 3_000],
      ['PENDING', 2_000],
    ]);
    // and a stray id has none, and the buyer may not use it
    const stray = await support.client.data<TopUps>(topUpsOf, { userId: started[0], first: 5 });
    expect(stray.userTopUps.edges).toEqual([]);
    const refused = await buyer.client.graphql(topUpsOf, { userId: buyer.id, first: 5 });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the active support agents and admins by name, and no customer, to staff only', async () => {
    // given an admin and another agent besides the support agent, and customers
    const admin = await newStaff(testApp, ['ADMIN']);
    const agent = await newStaff(testApp, ['SUPPORT']);
    const customer = await newBuyer(testApp);
    const seller = await newSeller(testApp);
    const list = `{ staffMembers { id displayName roles } }`;
    type Staff = { staffMembers: { id: string; displayName: string; roles: string[] }[] };
    // when support lists the staff
    const { staffMembers } = await support.client.data<Staff>(list);
    // then all three staff are there, sorted by name, and neither customer
    const ids = staffMembers.map((member) => member.id);
    expect(ids).toEqual(expect.arrayContaining([support.id, admin.id, agent.id]));
    expect(ids).not.toContain(customer.id);
    expect(ids).not.toContain(seller.id);
    expect(
      staffMembers.every((member) => member.roles.some((role) => role === 'SUPPORT' || role === 'ADMIN')),
    ).toBe(true);
    const names = staffMembers.map((member) => member.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // and a customer may not list them
    expect((await customer.client.graphql(list)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("shows a seller's payout account to staff: none before onboarding, its status after", async () => {
    const seller = await newSeller(testApp);
    const accountOf = `query ($userId: ID!) { userPayoutAccount(userId: $userId) { status payoutsEnabled } }`;
    type Account = { userPayoutAccount: { status: string; payoutsEnabled: boolean } | null };
    // before onboarding there is none
    expect(
      (await support.client.data<Account>(accountOf, { userId: seller.id })).userPayoutAccount,
    ).toBeNull();
    // after the seller starts onboarding, support sees where it stands
    expect((await startPayoutOnboarding(seller)).errors).toEqual([]);
    const account = await support.client.data<Account>(accountOf, { userId: seller.id });
    expect(account.userPayoutAccount).toEqual({ status: expect.any(String), payoutsEnabled: false });
    expect(account.userPayoutAccount!.status).not.toBe('ENABLED');
    // and the seller may not read it through this query
    const refused = await seller.client.graphql(accountOf, { userId: seller.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
