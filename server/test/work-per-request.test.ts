import { queryDatabase, rawId, signUp, startTestApp, TestClient, type TestApp } from './harness';

/**
 * Issue 7.2, as the attacker tried it: batches of aliased logIn mutations with a known password,
 * sent continuously from three clients, while an anonymous visitor browses. Each request may run one
 * password check and at most GRAPHQL_MAX_MUTATIONS_PER_REQUEST mutations; the user keeps at most
 * AUTH_MAX_SESSIONS_PER_USER sessions. Browsing latency is printed for the record, not asserted:
 * the tests share a busy machine.
 */

const browse = '{ listings(first: 5) { edges { node { id } } } }';

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function browsingLatencies(baseUrl: string, count: number): Promise<number[]> {
  const visitor = new TestClient(baseUrl);
  const latencies: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await visitor.graphql(browse);
    latencies.push(performance.now() - started);
    expect(response.errors).toBeUndefined();
  }
  return latencies.sort((left, right) => left - right);
}

describe('work per request', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    // Production's argon2 memory cost, so that each password check costs what it would in production.
    testApp = await startTestApp({ PASSWORD_HASH_MEMORY_KIB: '19456' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('batches of aliased logIns run one password check per request and keep the sessions capped, while browsing goes on', async () => {
    // given an account whose password the attacker knows
    const account = await signUp(testApp.baseUrl);
    const logIn = (alias: string) =>
      `${alias}: logIn(input: { email: "${account.email}", password: "${account.password}" }) { user { id } }`;
    // the largest batch the attacker can send (10 documents of 20 aliased logIns), and one that fits
    // the mutation limit (10 documents of one logIn)
    const largest = Array.from({ length: 10 }, () => ({
      query: `mutation { ${Array.from({ length: 20 }, (_, index) => logIn(`l${index}`)).join(' ')} }`,
    }));
    const fitting = Array.from({ length: 10 }, () => ({ query: `mutation { ${logIn('l')} }` }));
    const baseline = await browsingLatencies(testApp.baseUrl, 20);

    // when three clients send 8 batches each, alternating the two, while a visitor browses
    const statuses: number[] = [];
    const attack = Promise.all(
      Array.from({ length: 3 }, async () => {
        const attacker = new TestClient(testApp.baseUrl);
        for (let round = 0; round < 8; round++) {
          const response = await attacker.post('/graphql', round % 2 === 0 ? largest : fitting);
          statuses.push(response.status);
          await response.body?.cancel();
        }
      }),
    );
    const underAttack = await browsingLatencies(testApp.baseUrl, 40);
    await attack;

    // then the largest batches were refused whole, each fitting batch ran one password check, and the
    // account holds at most AUTH_MAX_SESSIONS_PER_USER sessions
    expect(statuses.filter((status) => status === 400)).toHaveLength(12);
    const [attempts] = await queryDatabase(
      testApp,
      'select count(*)::int as count from login_attempts where email_normalized = lower($1)',
      [account.email],
    );
    expect(attempts!.count).toBe(12);
    const [sessions] = await queryDatabase(
      testApp,
      `select count(*)::int as opened, (count(*) filter (where revoked_at is null))::int as open
         from sessions where user_id = $1`,
      [rawId(account.userId)],
    );
    expect(sessions).toEqual({ opened: 13, open: testApp.config.auth.maxSessionsPerUser });
    console.log(
      `anonymous browsing, ms: before the attack p50 ${percentile(baseline, 0.5).toFixed(1)} max ${baseline.at(-1)!.toFixed(1)}; ` +
        `during it p50 ${percentile(underAttack, 0.5).toFixed(1)} p90 ${percentile(underAttack, 0.9).toFixed(1)} max ${underAttack.at(-1)!.toFixed(1)}`,
    );
  });
});
