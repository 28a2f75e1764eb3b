import {
  awaitingAnswerLabel,
  awaitingBuyerAnswerCount,
  awaitsBuyerAnswer,
  buyerAnswerDueAt,
  type DisputeRequest,
} from './awaiting-answer';

const buyerId = 'VXNlcjox';
const dueAt = '2026-12-01T10:00:00.000Z';

function dispute(
  state: DisputeRequest['state'],
  requestedParty: DisputeRequest['requestedParty'],
  buyer = buyerId,
): DisputeRequest & { buyer: { id: string } } {
  return { state, requestedParty, responseDueAt: requestedParty ? dueAt : null, buyer: { id: buyer } };
}

describe('awaitsBuyerAnswer', () => {
  it('is true only while support asks the buyer', () => {
    expect(awaitsBuyerAnswer(dispute('NEEDS_RESPONSE', 'BUYER'))).toBe(true);
    expect(awaitsBuyerAnswer(dispute('NEEDS_RESPONSE', 'SELLER'))).toBe(false);
    expect(awaitsBuyerAnswer(dispute('UNDER_REVIEW', null))).toBe(false);
    expect(awaitsBuyerAnswer(null)).toBe(false);
  });
});

describe('buyerAnswerDueAt', () => {
  it("gives the request's deadline to the buyer asked, and nothing otherwise", () => {
    expect(buyerAnswerDueAt(dispute('NEEDS_RESPONSE', 'BUYER'))).toBe(dueAt);
    expect(buyerAnswerDueAt(dispute('NEEDS_RESPONSE', 'SELLER'))).toBeNull();
    expect(buyerAnswerDueAt(undefined)).toBeNull();
  });
});

describe('awaitingBuyerAnswerCount', () => {
  it("counts the buyer's disputes awaiting their answer, not those where the viewer sells", () => {
    // given disputes as buyer (asked, seller asked, under review) and one on the viewer's own sale
    const disputes = [
      dispute('NEEDS_RESPONSE', 'BUYER'),
      dispute('NEEDS_RESPONSE', 'BUYER'),
      dispute('NEEDS_RESPONSE', 'SELLER'),
      dispute('UNDER_REVIEW', null),
      dispute('NEEDS_RESPONSE', 'BUYER', 'VXNlcjoy'),
    ];
    // then only the two requests to the buyer count
    expect(awaitingBuyerAnswerCount(disputes, buyerId)).toBe(2);
    expect(awaitingBuyerAnswerCount([], buyerId)).toBe(0);
  });
});

describe('awaitingAnswerLabel', () => {
  it('reads as a sentence after the link name', () => {
    expect(awaitingAnswerLabel(1)).toBe('1 dispute awaits your answer');
    expect(awaitingAnswerLabel(3)).toBe('3 disputes await your answer');
  });
});
