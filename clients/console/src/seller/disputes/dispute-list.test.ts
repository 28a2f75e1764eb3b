import {
  awaitingSellerCount,
  responseRequestMessage,
  sellerDisputesInOrder,
  type DisputeListItem,
} from './dispute-list';

const me = 'VXNlcjptZQ';
const someoneElse = 'VXNlcjpvdGhlcg';

function dispute(id: string, fields: Partial<DisputeListItem> = {}): DisputeListItem {
  return {
    id,
    state: 'OPEN',
    requestedParty: null,
    responseDueAt: null,
    outcome: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    closedAt: null,
    seller: { id: me },
    ...fields,
  };
}

describe('sellerDisputesInOrder', () => {
  it('keeps only disputes on the seller’s own sales (myDisputes also lists those they opened as a buyer)', () => {
    const mine = dispute('mine');
    const bought = dispute('bought', { seller: { id: someoneElse } });
    expect(sellerDisputesInOrder([bought, mine], me).map((entry) => entry.id)).toEqual(['mine']);
  });

  it('puts requests to the seller first (nearest deadline on top), then open ones newest first, then decided ones latest first', () => {
    // given the API's order: oldest first
    const disputes = [
      dispute('closed-early', { state: 'CLOSED', outcome: 'WON', closedAt: '2026-03-02T10:00:00.000Z' }),
      dispute('open-old', { createdAt: '2026-03-03T10:00:00.000Z' }),
      dispute('asked-late', {
        state: 'NEEDS_RESPONSE',
        requestedParty: 'SELLER',
        responseDueAt: '2026-03-12T10:00:00.000Z',
      }),
      dispute('buyer-asked', {
        state: 'NEEDS_RESPONSE',
        requestedParty: 'BUYER',
        responseDueAt: '2026-03-09T10:00:00.000Z',
        createdAt: '2026-03-04T10:00:00.000Z',
      }),
      dispute('asked-soon', {
        state: 'NEEDS_RESPONSE',
        requestedParty: 'SELLER',
        responseDueAt: '2026-03-11T10:00:00.000Z',
      }),
      dispute('closed-late', { state: 'CLOSED', outcome: 'LOST', closedAt: '2026-03-08T10:00:00.000Z' }),
    ];

    // then
    expect(sellerDisputesInOrder(disputes, me).map((entry) => entry.id)).toEqual([
      'asked-soon',
      'asked-late',
      'buyer-asked',
      'open-old',
      'closed-late',
      'closed-early',
    ]);
  });

  it('leaves the given list as it was', () => {
    const disputes = [
      dispute('a', { createdAt: '2026-03-01T10:00:00.000Z' }),
      dispute('b', { createdAt: '2026-03-02T10:00:00.000Z' }),
    ];
    sellerDisputesInOrder(disputes, me);
    expect(disputes.map((entry) => entry.id)).toEqual(['a', 'b']);
  });
});

describe('awaitingSellerCount', () => {
  it('counts the requests to this seller only', () => {
    const asked = { state: 'NEEDS_RESPONSE' as const, requestedParty: 'SELLER' as const };
    expect(
      awaitingSellerCount(
        [
          dispute('1', asked),
          dispute('2', asked),
          dispute('3', { state: 'NEEDS_RESPONSE', requestedParty: 'BUYER' }),
          dispute('4', { ...asked, seller: { id: someoneElse } }),
          dispute('5', { state: 'UNDER_REVIEW' }),
        ],
        me,
      ),
    ).toBe(2);
  });
});

describe('responseRequestMessage', () => {
  const opened = { action: 'OPEN', createdAt: '2026-03-01T10:00:00.000Z' };
  const claim = {
    id: 'm1',
    authorKind: 'BUYER' as const,
    body: 'It fails.',
    createdAt: '2026-03-01T10:00:00.000Z',
  };
  const hello = {
    id: 'm2',
    authorKind: 'SUPPORT' as const,
    body: 'Looking into it.',
    createdAt: '2026-03-02T10:00:00.000Z',
  };

  it('finds support’s question: the first staff message from the latest request on', () => {
    // given two requests; the first one to the buyer, answered, the latest one to the seller
    const firstRequest = { action: 'REQUEST_RESPONSE', createdAt: '2026-03-03T10:00:00.000Z' };
    const firstQuestion = {
      id: 'm3',
      authorKind: 'SUPPORT' as const,
      body: 'Buyer: a screenshot?',
      createdAt: '2026-03-03T10:00:00.000Z',
    };
    const answer = {
      id: 'm4',
      authorKind: 'BUYER' as const,
      body: 'Here.',
      createdAt: '2026-03-04T10:00:00.000Z',
    };
    const request = { action: 'REQUEST_RESPONSE', createdAt: '2026-03-05T10:00:00.000Z' };
    const question = {
      id: 'm5',
      authorKind: 'ADMIN' as const,
      body: 'Seller: was it unused?',
      createdAt: '2026-03-05T10:00:00.001Z',
    };
    const later = {
      id: 'm6',
      authorKind: 'SUPPORT' as const,
      body: 'Reminder.',
      createdAt: '2026-03-06T10:00:00.000Z',
    };

    // then
    expect(
      responseRequestMessage({
        state: 'NEEDS_RESPONSE',
        requestedParty: 'SELLER',
        timeline: [opened, firstRequest, request],
        messages: [claim, hello, firstQuestion, answer, question, later],
      })?.id,
    ).toBe('m5');
  });

  it('is null when nobody asks the seller now', () => {
    const request = { action: 'REQUEST_RESPONSE', createdAt: '2026-03-05T10:00:00.000Z' };
    const question = {
      id: 'm5',
      authorKind: 'SUPPORT' as const,
      body: 'Buyer?',
      createdAt: '2026-03-05T10:00:00.000Z',
    };
    const thread = { timeline: [opened, request], messages: [claim, question] };
    expect(
      responseRequestMessage({ state: 'NEEDS_RESPONSE', requestedParty: 'BUYER', ...thread }),
    ).toBeNull();
    expect(responseRequestMessage({ state: 'UNDER_REVIEW', requestedParty: null, ...thread })).toBeNull();
  });
});
