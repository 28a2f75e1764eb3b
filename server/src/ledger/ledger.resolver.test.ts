import { startTestApp, type TestApp } from '../../test/harness';
import { heldOrder, newStaff, type Staff } from '../../test/dispute-helpers';

/**
 * The ledger explorer names whose each account is: LedgerAccount.owner (a wallet's buyer, an
 * earnings account's seller) and LedgerAccount.order (the order an escrow account holds), for staff;
 * a seller reads their own earnings account's owner, themselves.
 */
describe('LedgerAccount.owner and .order', () => {
  let testApp: TestApp;
  let admin: Staff;
  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await newStaff(testApp, ['ADMIN']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const accountsQuery = `query ($kind: LedgerAccountKind!) {
    ledgerAccounts(kind: $kind, first: 100) {
      edges { node { id ownerId orderId owner { id displayName email } order { id listing { title } } } }
    }
  }`;

  interface AccountView {
    id: string;
    ownerId: string | null;
    orderId: string | null;
    owner: { id: string; displayName: string; email: string | null } | null;
    order: { id: string; listing: { title: string } | null } | null;
  }

  async function accounts(kind: string): Promise<AccountView[]> {
    const data = await admin.client.data<{ ledgerAccounts: { edges: { node: AccountView }[] } }>(
      accountsQuery,
      {
        kind,
      },
    );
    return data.ledgerAccounts.edges.map((edge) => edge.node);
  }

  it("names a wallet's buyer and an escrow account's order, with its listing, to staff", async () => {
    const order = await heldOrder(testApp, { price: 1_234 });
    const buyerEmail = (await order.buyer.client.data<{ me: { email: string } }>('{ me { email } }')).me
      .email;

    const wallet = (await accounts('BUYER_WALLET')).find((account) => account.ownerId === order.buyer.id);
    expect(wallet).toMatchObject({ owner: { id: order.buyer.id, email: buyerEmail }, order: null });

    const escrow = (await accounts('ESCROW')).find((account) => account.orderId === order.orderId);
    expect(escrow).toMatchObject({
      owner: null,
      order: { id: order.orderId, listing: { title: expect.any(String) } },
    });
  });

  it("gives a seller their own earnings account's owner, and no order", async () => {
    const order = await heldOrder(testApp);
    const earnings = '{ myEarnings(currency: "EUR") { id owner { id } order { id } balance { amount } } }';
    const data = await order.seller.client.data<{
      myEarnings: { id: string; owner: { id: string } | null; order: unknown; balance: { amount: number } };
    }>(earnings);
    // before any release the account is opened empty, with its own id and its owner (the attacker
    // probe: a placeholder with an empty id and no owner, the same for every currency)
    expect(data.myEarnings).toEqual({
      id: expect.stringMatching(/.+/),
      owner: { id: order.seller.id },
      order: null,
      balance: { amount: 0 },
    });
    const usd = await order.seller.client.data<{ myEarnings: { id: string } }>(
      '{ myEarnings(currency: "USD") { id } }',
    );
    expect(usd.myEarnings.id).not.toBe(data.myEarnings.id);
    await order.buyer.client.data(
      'mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }',
      { input: { orderId: order.orderId } },
    );
    // and it is the account the release then credits
    const released = await order.seller.client.data<{
      myEarnings: { id: string; owner: { id: string } | null; balance: { amount: number } };
    }>(earnings);
    expect(released.myEarnings).toMatchObject({ id: data.myEarnings.id, owner: { id: order.seller.id } });
    expect(released.myEarnings.balance.amount).toBeGreaterThan(0);
  });
});

/**
 * LedgerEntry.order names what a movement was for: a buyer reading their wallet's history sees the
 * item a purchase bought, a seller reading their earnings the order a release paid.
 */
describe('LedgerEntry.order', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  interface EntryView {
    kind: string;
    orderId: string | null;
    order: { id: string; listing: { title: string } | null } | null;
  }

  it("names the purchase's order and its listing in the buyer's wallet history, and none on a top-up", async () => {
    const order = await heldOrder(testApp, { price: 1_500 });
    const data = await order.buyer.client.data<{
      myWallet: { history: { edges: { node: EntryView }[] } };
    }>(
      '{ myWallet(currency: "EUR") { history(first: 10) { edges { node { kind orderId order { id listing { title } } } } } } }',
    );
    const entries = data.myWallet.history.edges.map((edge) => edge.node);
    const { listing } = (
      await order.buyer.client.data<{ order: { listing: { title: string } } }>(
        'query ($id: ID!) { order(id: $id) { listing { title } } }',
        { id: order.orderId },
      )
    ).order;
    expect(entries).toEqual([
      { kind: 'PURCHASE', orderId: order.orderId, order: { id: order.orderId, listing } },
      { kind: 'TOP_UP', orderId: null, order: null },
    ]);
  });

  it("names the released order in the seller's earnings entries", async () => {
    const order = await heldOrder(testApp);
    await order.buyer.client.data(
      'mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }',
      { input: { orderId: order.orderId } },
    );
    const data = await order.seller.client.data<{
      myEarnings: { entries: { edges: { node: EntryView }[] } };
    }>(
      '{ myEarnings(currency: "EUR") { entries(first: 10) { edges { node { kind orderId order { id } } } } } }',
    );
    expect(data.myEarnings.entries.edges.map((edge) => edge.node)).toEqual([
      { kind: 'RELEASE', orderId: order.orderId, order: { id: order.orderId } },
    ]);
  });
});
