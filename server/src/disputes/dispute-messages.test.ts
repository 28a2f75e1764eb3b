import { queryDatabase, startTestApp, type TestApp, type TestClient } from '../../test/harness';
import {
  disputedOrder,
  newStaff,
  postMessageMutation,
  requestResponse,
  startReview,
  type Staff,
} from '../../test/dispute-helpers';

const maxMessages = 3;

describe('postDisputeMessage', () => {
  let testApp: TestApp;
  let support: Staff;

  beforeAll(async () => {
    testApp = await startTestApp({ DISPUTE_MAX_MESSAGES_PER_PARTICIPANT: String(maxMessages) });
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function post(client: TestClient, disputeId: string, message: string): Promise<string[]> {
    const data = await client.data(postMessageMutation, { input: { disputeId, message, attachments: [] } });
    return data['postDisputeMessage']['errors'].map((error: { code: string }) => error.code);
  }

  it(`refuses a participant's ${maxMessages + 1}th message in one dispute with TOO_MANY_MESSAGES, and only theirs`, async () => {
    // given a buyer who opened a dispute and wrote in it until the limit
    const { buyer, seller, disputeId, rawDisputeId } = await disputedOrder(testApp);
    for (let index = 2; index <= maxMessages; index++) {
      expect(await post(buyer.client, disputeId, `detail number ${index}`)).toEqual([]);
    }

    // when they write once more, then it is refused and nothing is posted
    expect(await post(buyer.client, disputeId, 'one more thing')).toEqual(['TOO_MANY_MESSAGES']);
    const [row] = await queryDatabase(
      testApp,
      'select count(*)::int as count from dispute_messages where dispute_id = $1 and author_id = $2',
      [rawDisputeId, buyer.rawId],
    );
    expect(row!['count']).toBe(maxMessages);

    // and the seller and staff still write in it
    expect(await post(seller.client, disputeId, 'The code was valid.')).toEqual([]);
    expect(await post(support.client, disputeId, 'We are looking into it.')).toEqual([]);
  });

  it('lets a party at the limit answer the response support asks of them, once per request', async () => {
    // given a buyer who wrote until the limit
    const { buyer, disputeId, rawDisputeId } = await disputedOrder(testApp);
    for (let index = 2; index <= maxMessages; index++) {
      expect(await post(buyer.client, disputeId, `detail number ${index}`)).toEqual([]);
    }
    // when support asks the buyer for a response
    const review = await startReview(support, disputeId, 1);
    const requested = await requestResponse(support, disputeId, review.dispute!.version, { party: 'BUYER' });
    expect(requested.dispute?.state).toBe('NEEDS_RESPONSE');
    // then the buyer's answer is taken, and moves the dispute back to review
    expect(await post(buyer.client, disputeId, 'Here is the screenshot you asked for.')).toEqual([]);
    const [dispute] = await queryDatabase(testApp, 'select state from disputes where id = $1', [
      rawDisputeId,
    ]);
    expect(dispute!['state']).toBe('UNDER_REVIEW');
    // and a message beyond that, unasked, is refused again
    expect(await post(buyer.client, disputeId, 'and one more thing')).toEqual(['TOO_MANY_MESSAGES']);
  });
});
