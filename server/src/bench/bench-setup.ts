import crypto from 'node:crypto';
import pino from 'pino';
import { Role } from '../auth/roles';
import type { Config } from '../config';
import { createDatabase } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { topUpPosting } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { closeServices, createServices } from '../services';
import { commandLineMeta } from '../shared/request-meta';
import type { Credentials } from './bench-protocol';
import { ProgressBar } from './bench-stats';

/**
 * What the bench needs in the database before it measures, made through the product's own paths:
 * users, listings, codes, orders and the dispute through GraphQL; the two things GraphQL cannot
 * do without Stripe or an admin (funding wallets, creating support agents) through the services,
 * as the seed and the checkout benchmark do. Never by writing tables.
 */

export const benchPassword = 'benchmark password 123';
export const listingPrice = 100;

interface Answer<T> {
  data?: T;
  errors?: unknown[];
}

/** A signed-in GraphQL client over fetch (setup only: the measured requests come from the load generator). */
export class BenchSession {
  cookie = '';
  csrfToken = '';

  constructor(private readonly url: string) {}

  get credentials(): Credentials {
    return { cookie: this.cookie, csrfToken: this.csrfToken };
  }

  async data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie, 'x-csrf-token': this.csrfToken } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const cookies = response.headers.getSetCookie().map((value) => value.split(';')[0]!);
    if (cookies.length > 0) {
      this.cookie = cookies.join('; ');
      // `__Host-cs_csrf` when the server's cookies are Secure (https), `cs_csrf` otherwise.
      const csrf = cookies.find((value) => /^(__Host-)?cs_csrf=/.test(value));
      this.csrfToken = csrf?.slice(csrf.indexOf('=') + 1) ?? '';
    }
    const answer = (await response.json()) as Answer<T>;
    if (answer.errors?.length || !answer.data) {
      throw new Error(`${query.slice(0, 60)}... failed: ${JSON.stringify(answer.errors ?? answer)}`);
    }
    return answer.data;
  }
}

/** `task(0)` ... `task(count - 1)`, at most `concurrency` at once; the results in index order. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** A payload's typed errors, which setup never expects. */
function expectNoErrors(name: string, payload: { errors: unknown[] }): void {
  if (payload.errors.length > 0) throw new Error(`${name} refused: ${JSON.stringify(payload.errors)}`);
}

async function signUp(
  url: string,
  sellerAccount: boolean,
): Promise<{ session: BenchSession; userId: string }> {
  const session = new BenchSession(url);
  const data = await session.data<{ signUp: { user: { id: string } | null; errors: unknown[] } }>(
    'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code message } } }',
    {
      input: {
        email: `bench-${crypto.randomBytes(6).toString('hex')}@example.test`,
        password: benchPassword,
        displayName: sellerAccount ? 'Bench seller' : 'Bench buyer',
        sellerAccount,
      },
    },
  );
  expectNoErrors('signUp', data.signUp);
  return { session, userId: fromGlobalId(data.signUp.user!.id, 'User')! };
}

async function logIn(url: string, email: string): Promise<BenchSession> {
  const session = new BenchSession(url);
  const data = await session.data<{ logIn: { user: { id: string } | null; errors: unknown[] } }>(
    'mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code message } } }',
    { input: { email, password: benchPassword } },
  );
  expectNoErrors('logIn', data.logIn);
  return session;
}

export async function createListing(seller: BenchSession, title: string): Promise<string> {
  const data = await seller.data<{ createListing: { listing: { id: string } | null; errors: unknown[] } }>(
    'mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }',
    {
      input: {
        title,
        platform: 'STEAM',
        region: 'GLOBAL',
        kind: 'GAME_KEY',
        price: listingPrice,
        currency: 'EUR',
        description: 'benchmark',
      },
    },
  );
  expectNoErrors('createListing', data.createListing);
  return data.createListing.listing!.id;
}

/** Adds `count` fresh codes to a listing, 10,000 (the upload limit) per call. */
export async function addCodes(seller: BenchSession, listingId: string, count: number): Promise<void> {
  for (let offset = 0; offset < count; offset += 10_000) {
    const codes = Array.from(
      { length: Math.min(10_000, count - offset) },
      () => `BENCH-${crypto.randomBytes(10).toString('hex')}`,
    );
    const data = await seller.data<{ addCodes: { errors: unknown[] } }>(
      'mutation ($input: AddCodesInput!) { addCodes(input: $input) { errors { code message } } }',
      { input: { listingId, codes } },
    );
    expectNoErrors('addCodes', data.addCodes);
  }
}

/** Each of the seller's listings' stock, by listing id. */
export async function stockByListing(seller: BenchSession): Promise<Map<string, number>> {
  const stock = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    const page: {
      myListings: {
        edges: { node: { id: string; stock: number } }[];
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      };
    } = await seller.data(
      'query ($after: String) { myListings(first: 100, after: $after) { edges { node { id stock } } pageInfo { endCursor hasNextPage } } }',
      { after },
    );
    for (const edge of page.myListings.edges) stock.set(edge.node.id, edge.node.stock);
    if (!page.myListings.pageInfo.hasNextPage) return stock;
    after = page.myListings.pageInfo.endCursor;
  }
}

export interface BenchWorld {
  seller: BenchSession;
  spreadListings: string[];
  hotListing: string;
  buyers: BenchSession[];
  /** Support agents: the subscribers' session, and the two the dispute is handed between. */
  agents: { session: BenchSession; userGlobalId: string }[];
  dispute: { globalId: string; id: string; version: number };
}

const assignMutation =
  'mutation ($input: AssignDisputeInput!) { assignDispute(input: $input) { dispute { id version state } errors { code message } } }';

/** The body of the mutation that publishes one disputeFeed event: the dispute handed to `assignee`. */
export function assignDisputeBody(
  disputeGlobalId: string,
  assigneeGlobalId: string,
  expectedVersion: number,
): string {
  return JSON.stringify({
    query: assignMutation,
    variables: { input: { disputeId: disputeGlobalId, assigneeId: assigneeGlobalId, expectedVersion } },
  });
}

export async function setUpWorld(options: {
  config: Config;
  databaseUrl: string;
  graphqlUrl: string;
  buyers: number;
  spreadListings: number;
}): Promise<BenchWorld> {
  const { graphqlUrl } = options;
  const sellerAccount = await signUp(graphqlUrl, true);
  const seller = sellerAccount.session;
  const hotListing = await createListing(seller, 'Bench hot listing');
  const listingsBar = new ProgressBar('setup: listings', options.spreadListings);
  let created = 0;
  const spreadListings = await inParallel(options.spreadListings, 8, async (index) => {
    const id = await createListing(seller, `Bench listing ${index + 1}`);
    listingsBar.update(++created);
    return id;
  });
  const disputeListing = await createListing(seller, 'Bench dispute listing');
  await addCodes(seller, disputeListing, 5);

  const buyers: { session: BenchSession; userId: string }[] = [];
  const buyersBar = new ProgressBar('setup: buyers', options.buyers);
  // Eight sign-ups at a time: each hashes a password.
  for (let index = 0; index < options.buyers; index += 8) {
    const batch = Math.min(8, options.buyers - index);
    buyers.push(...(await Promise.all(Array.from({ length: batch }, () => signUp(graphqlUrl, false)))));
    buyersBar.update(buyers.length);
  }

  // Wallets and support agents through the services (no Stripe, no admin in the bench).
  const database = createDatabase({ url: options.databaseUrl, max: 4, statementTimeoutMs: 30_000 });
  const services = await createServices(
    options.config,
    database,
    options.databaseUrl,
    pino({ level: 'silent' }),
  );
  const agentEmails = [0, 1].map(() => `bench-support-${crypto.randomBytes(6).toString('hex')}@example.test`);
  try {
    for (const buyer of buyers) {
      await withTransaction(database, (tx) =>
        services.ledger.post(
          tx,
          topUpPosting({
            topUpId: crypto.randomUUID(),
            buyerId: buyer.userId,
            amount: 10_000_000,
            currency: 'EUR',
          }),
        ),
      );
    }
    for (const email of agentEmails) {
      const created = await services.auth.createStaffUser(
        null,
        { email, password: benchPassword, displayName: 'Bench support', roles: [Role.SUPPORT] },
        commandLineMeta('bench'),
      );
      if (!('user' in created)) throw new Error(`createStaffUser failed: ${JSON.stringify(created)}`);
    }
  } finally {
    await closeServices(services);
  }
  const agents = [];
  for (const email of agentEmails) {
    const session = await logIn(graphqlUrl, email);
    const me = await session.data<{ me: { id: string } }>('{ me { id } }');
    agents.push({ session, userGlobalId: me.me.id });
  }

  // The dispute the fan-out's events are changes of: bought, disputed, taken by the first agent.
  const buyer = buyers[0]!.session;
  const bought = await buyer.data<{ purchaseListing: { order: { id: string } | null; errors: unknown[] } }>(
    'mutation ($input: PurchaseListingInput!) { purchaseListing(input: $input) { order { id } errors { code message } } }',
    { input: { listingId: disputeListing, idempotencyKey: crypto.randomUUID() } },
  );
  expectNoErrors('purchaseListing', bought.purchaseListing);
  const opened = await buyer.data<{
    openDispute: { dispute: { id: string; version: number } | null; errors: unknown[] };
  }>(
    'mutation ($input: OpenDisputeInput!) { openDispute(input: $input) { dispute { id version } errors { code message } } }',
    { input: { orderId: bought.purchaseListing.order!.id, reason: 'OTHER', message: 'Benchmark dispute.' } },
  );
  expectNoErrors('openDispute', opened.openDispute);
  const disputeGlobalId = opened.openDispute.dispute!.id;
  const taken = await agents[0]!.session.data<{
    assignDispute: { dispute: { version: number } | null; errors: unknown[] };
  }>(assignMutation, {
    input: {
      disputeId: disputeGlobalId,
      assigneeId: agents[0]!.userGlobalId,
      expectedVersion: opened.openDispute.dispute!.version,
    },
  });
  expectNoErrors('assignDispute', taken.assignDispute);

  return {
    seller,
    spreadListings,
    hotListing,
    buyers: buyers.map((buyer) => buyer.session),
    agents,
    dispute: {
      globalId: disputeGlobalId,
      id: fromGlobalId(disputeGlobalId, 'Dispute')!,
      version: taken.assignDispute.dispute!.version,
    },
  };
}
