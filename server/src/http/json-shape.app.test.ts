import WebSocket from 'ws';
import { startTestApp, TestClient, type TestApp } from '../../test/harness';
import { addCodes, createListing, newSeller } from '../../test/marketplace';
import { requestJsonLimits } from './json-shape';

/**
 * JSON whose structure would cost the event loop dearly to parse (http/json-shape.ts) is refused
 * before it is parsed, over HTTP and over graphql-ws, and a request within the limits (a full code
 * upload's shape) still runs.
 */
describe('JSON shape limits', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('answers 400 in GraphQL’s error shape to a body nested too deep, with too many objects or values', async () => {
    const client = new TestClient(testApp.baseUrl);
    const send = (variables: string) =>
      fetch(`${testApp.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"query":"{ __typename }","variables":{"a":${variables}}}`,
      });
    const answers = await Promise.all([
      send(deep(requestJsonLimits.maxDepth + 1)),
      send(`[${Array.from({ length: requestJsonLimits.maxContainers + 1 }, () => '{}').join(',')}]`),
      send(`[${Array.from({ length: requestJsonLimits.maxValues + 1 }, () => '1').join(',')}]`),
    ]);
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(bodies).toEqual([
      {
        errors: [
          { message: expect.stringMatching(/deeper than 64 levels/), extensions: { code: 'BAD_REQUEST' } },
        ],
      },
      {
        errors: [
          { message: expect.stringMatching(/more than 10000 objects/), extensions: { code: 'BAD_REQUEST' } },
        ],
      },
      {
        errors: [
          { message: expect.stringMatching(/more than 100000 values/), extensions: { code: 'BAD_REQUEST' } },
        ],
      },
    ]);
    // and the server answers the next request as before
    expect(await client.data('{ __typename }')).toEqual({ __typename: 'Query' });
  });

  it('runs the largest request we take: a code upload of 10,000 codes, brackets and quotes in them', async () => {
    // given a seller's listing without codes
    const seller = await newSeller(testApp);
    const { listingId } = await createListing(seller, { codes: 0 });
    const codes = Array.from({ length: 10_000 }, (_, index) => `KEY-[{${index}}],"${index}"`);
    // when the seller uploads 10,000 codes at once
    await addCodes(seller, listingId, codes);
    // then the listing has them all
    const listing = await seller.client.data<{ listing: { stock: number } }>(
      'query ($id: ID!) { listing(id: $id) { stock } }',
      { id: listingId },
    );
    expect(listing.listing.stock).toBe(10_000);
  });

  it('closes a graphql-ws socket with 4400 on a message beyond the limits, before graphql-ws parses it', async () => {
    const socket = new WebSocket(`${testApp.baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { a: JSON.parse(deep(10)) } }));
    const acknowledged = await new Promise((resolve) => socket.once('message', resolve));
    expect(JSON.parse(String(acknowledged))).toEqual({ type: 'connection_ack' });
    socket.send(
      `{"type":"subscribe","id":"1","payload":{"query":"{ __typename }","variables":{"a":${deep(100)}}}}`,
    );
    expect(await closed).toEqual({ code: 4400, reason: expect.stringMatching(/deeper than 64 levels/) });
  });
});
