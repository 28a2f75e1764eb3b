import { firstWebsocketResult, startTestApp, TestClient, type TestApp } from '../../test/harness';
import { productionEnvironment } from '../../test/production-env';

/** Documents graphql-js answers with a "Did you mean" naming a schema element, and that element. */
const misspelled: [string, string, Record<string, unknown>, string][] = [
  ['an unknown field', '{ listingz { edges { node { id } } } }', {}, 'listings'],
  ['an unknown enum literal', '{ listings(sort: NEWESTT) { edges { node { id } } } }', {}, '"NEWEST"'],
  [
    'an unknown enum value in a variable',
    'query ($sort: ListingSort!) { listings(sort: $sort) { edges { node { id } } } }',
    { sort: 'NEWESTT' },
    '"NEWEST"',
  ],
  ['an unknown argument', '{ listings(sortt: NEWEST) { edges { node { id } } } }', {}, '"sort"'],
  [
    'an unknown input field',
    `mutation { createListing(input: { title: "x", titel: "x", platform: STEAM, region: GLOBAL, kind: GAME_KEY,
      price: 100, currency: "EUR", description: "d" }) { errors { code } } }`,
    {},
    '"title"',
  ],
];

function messagesOf(errors: readonly { message: string }[] | undefined): string {
  expect(errors?.length).toBeGreaterThan(0);
  return errors!.map((error) => error.message).join('\n');
}

describe('no "Did you mean" suggestions in production (introspection off)', () => {
  let production: TestApp;
  let development: TestApp;
  beforeAll(async () => {
    production = await startTestApp(productionEnvironment());
    development = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all([production.close(), development.close()]);
  });

  test.each(misspelled)(
    'given %s, when sent over HTTP in production, then the error names no schema element; in development it suggests one',
    async (_case, query, variables, suggestion) => {
      const answer = await new TestClient(production.baseUrl).graphql(query, variables);
      const message = messagesOf(answer.errors);
      expect(message).not.toContain('Did you mean');
      expect(message).not.toContain(suggestion);

      const developmentAnswer = await new TestClient(development.baseUrl).graphql(query, variables);
      expect(messagesOf(developmentAnswer.errors)).toContain(`Did you mean`);
    },
  );

  test.each(misspelled)(
    'given %s, when sent over graphql-ws in production, then the error names no schema element',
    async (_case, query, variables, suggestion) => {
      const websocket = new TestClient(production.baseUrl).websocket();
      try {
        const result = await firstWebsocketResult(websocket, query, variables);
        const message = messagesOf(result.errors);
        expect(message).not.toContain('Did you mean');
        expect(message).not.toContain(suggestion);
      } finally {
        await websocket.dispose();
      }
    },
  );
});
