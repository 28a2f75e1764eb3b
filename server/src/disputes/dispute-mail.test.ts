import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import {
  disputedOrder,
  newStaff,
  requestResponse,
  startReview,
  type Staff,
} from '../../test/dispute-helpers';
import { SmtpInbox } from '../../test/smtp-inbox';

/**
 * Support's request for an answer reaches the asked party by mail too (the newcomer probe: a party
 * away from the site for the 24 to 48 hours missed the deadline, and support decided without them).
 */
describe('a dispute response request by mail', () => {
  let testApp: TestApp;
  let inbox: SmtpInbox;
  let agent: Staff;
  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    testApp = await startTestApp({ SMTP_URL: inbox.url, STOREFRONT_URL: 'http://store.example.test/' });
    agent = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
    await inbox.close();
  });

  const emailOf = async (rawId: string) =>
    (await queryDatabase(testApp, 'select email from users where id = $1', [rawId]))[0]!['email'] as string;

  it('mails the asked party the question, the deadline and where to answer; the other party gets nothing', async () => {
    // given a dispute under review
    const { buyer, seller, disputeId, dispute } = await disputedOrder(testApp);
    const reviewed = await startReview(agent, disputeId, dispute.version);
    const [buyerEmail, sellerEmail] = [await emailOf(buyer.rawId), await emailOf(seller.rawId)];
    const before = inbox.mails.length;

    // when support asks the buyer for an answer within 24 hours
    const asked = await requestResponse(agent, disputeId, reviewed.dispute!.version, {
      party: 'BUYER',
      deadlineHours: 24,
      message: 'Please send a screenshot of the error the platform shows.',
    });
    expect(asked.errors).toEqual([]);

    // then the buyer is mailed the question, the deadline and the buyer app's dispute page
    const mail = await inbox.next(buyerEmail, before);
    expect(mail.subject).toBe('CodeSale support needs your answer on a dispute');
    expect(mail.text).toContain('Please send a screenshot of the error the platform shows.');
    expect(mail.text).toContain(`http://store.example.test/disputes/${disputeId}`);
    expect(mail.text).toMatch(/Please answer by .+ GMT\./);
    await testApp.services.mailer.idle();
    expect(inbox.to(sellerEmail)).toEqual([]);
  });

  it("mails an asked seller a link to the console's dispute page", async () => {
    const { seller, disputeId, dispute } = await disputedOrder(testApp);
    const reviewed = await startReview(agent, disputeId, dispute.version);
    const sellerEmail = await emailOf(seller.rawId);
    const before = inbox.mails.length;

    await requestResponse(agent, disputeId, reviewed.dispute!.version, { party: 'SELLER' });

    const mail = await inbox.next(sellerEmail, before);
    expect(mail.text).toContain(`${testApp.config.publicUrl.origin}/console/seller/disputes/${disputeId}`);
  });
});
