import { startTestApp, type TestApp } from '../../test/harness';
import { disputedOrder, postMessageMutation } from '../../test/dispute-helpers';

/**
 * A conversation of long messages, asked for many times in one request (the attacker probe: 95
 * aliases of a 500 KB conversation in one batch, a 48 MB answer, each alias its own read, so eight
 * such requests held every pool connection and other buyers' purchases failed). A message's body
 * costs by the length it may have, and a request reads each dispute's conversation once.
 */
describe("a dispute's conversation, asked for many times", () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const aliased = (count: number) =>
    `query ($id: ID!) { ${Array.from({ length: count }, (_, index) => `a${index}: dispute(id: $id) { messages { body } }`).join(' ')} }`;

  it('costs by the length a message may have: ten copies in one request are refused before they run', async () => {
    const { buyer, disputeId } = await disputedOrder(testApp);
    const refused = await buyer.client.graphql(aliased(10), { id: disputeId });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('COST_LIMIT_EXCEEDED');
    expect(refused.data).toBeUndefined();
  });

  it('reads each dispute once per request, however many times the document selects it', async () => {
    const { buyer, disputeId } = await disputedOrder(testApp);
    await buyer.client.data(postMessageMutation, {
      input: { disputeId, message: 'A second message.', attachments: [] },
    });
    const queries = testApp.services.disputeQueries;
    const reads: (readonly string[])[] = [];
    const conversations = queries.conversations.bind(queries);
    queries.conversations = async (ids) => {
      reads.push(ids);
      return conversations(ids);
    };
    try {
      const answer = await buyer.client.data<Record<string, { messages: { body: string }[] }>>(aliased(8), {
        id: disputeId,
      });
      expect(Object.values(answer).map((dispute) => dispute.messages.length)).toEqual(Array(8).fill(2));
    } finally {
      queries.conversations = conversations;
    }
    expect(reads).toHaveLength(1);
    expect(reads[0]).toHaveLength(1);
  });
});
