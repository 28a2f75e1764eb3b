import {
  disputeStatusLabel,
  historyEntry,
  messageAuthor,
  outcomeSummary,
  saleDisputeLabel,
  sellerNextStep,
  type DisputeStatus,
} from './dispute-labels';

const now = new Date('2026-03-10T12:00:00.000Z');
const tomorrow = '2026-03-11T12:00:00.000Z';
const anHourAgo = '2026-03-10T11:00:00.000Z';

describe('sellerNextStep', () => {
  it('given support asked the seller, then it asks them to respond by the deadline', () => {
    expect(
      sellerNextStep({ state: 'NEEDS_RESPONSE', requestedParty: 'SELLER', responseDueAt: tomorrow }, now),
    ).toEqual({
      kind: 'respond',
      text: 'Support asked you to respond by',
      deadline: tomorrow,
      overdue: false,
    });
  });

  it('given the deadline passed and the deadline job has not run yet, then it is still to answer, overdue', () => {
    expect(
      sellerNextStep({ state: 'NEEDS_RESPONSE', requestedParty: 'SELLER', responseDueAt: anHourAgo }, now),
    ).toMatchObject({ kind: 'respond', deadline: anHourAgo, overdue: true });
  });

  it('given support asked the buyer, then the seller has nothing to do, and hears until when', () => {
    expect(
      sellerNextStep({ state: 'NEEDS_RESPONSE', requestedParty: 'BUYER', responseDueAt: tomorrow }, now),
    ).toEqual({
      kind: 'wait',
      text: 'Nothing for now: support asked the buyer to respond by',
      deadline: tomorrow,
      overdue: false,
    });
  });

  it('given an open dispute or one under review, then nothing is needed for now', () => {
    expect(sellerNextStep({ state: 'OPEN' }, now)).toMatchObject({
      kind: 'wait',
      text: 'Nothing for now: waiting for support to review it',
      deadline: null,
    });
    expect(sellerNextStep({ state: 'UNDER_REVIEW' }, now).text).toBe(
      'Nothing for now: support is reviewing it',
    );
  });

  it('given a decided dispute, then it says for whom, from the state or from the closed outcome', () => {
    expect(sellerNextStep({ state: 'CLOSED', outcome: 'WON' }, now)).toMatchObject({
      kind: 'closed',
      text: 'Nothing: decided for the buyer, who was refunded',
    });
    expect(sellerNextStep({ state: 'LOST', outcome: 'LOST' }, now).text).toBe(
      'Nothing: decided in your favour, the payment was released to you',
    );
    expect(sellerNextStep({ state: 'CLOSED', outcome: null }, now).text).toBe(
      'Nothing: the dispute is closed',
    );
  });
});

describe('disputeStatusLabel', () => {
  it.each<[DisputeStatus, string]>([
    [{ state: 'OPEN' }, 'Open'],
    [{ state: 'UNDER_REVIEW' }, 'Under review'],
    [{ state: 'NEEDS_RESPONSE', requestedParty: 'SELLER' }, 'Your response needed'],
    [{ state: 'NEEDS_RESPONSE', requestedParty: 'BUYER' }, 'Waiting for the buyer'],
    [{ state: 'WON' }, 'Refunded to the buyer'],
    [{ state: 'CLOSED', outcome: 'WON' }, 'Refunded to the buyer'],
    [{ state: 'CLOSED', outcome: 'LOST' }, 'Released to you'],
    [{ state: 'CLOSED' }, 'Closed'],
  ])('labels %j as %s', (dispute, label) => {
    expect(disputeStatusLabel(dispute).label).toBe(label);
  });
});

describe('outcomeSummary', () => {
  it('is null while the dispute is open', () => {
    expect(outcomeSummary({ state: 'NEEDS_RESPONSE', requestedParty: 'SELLER' })).toBeNull();
  });

  it('says who the decision favoured once closed', () => {
    expect(outcomeSummary({ state: 'CLOSED', outcome: 'LOST' })?.title).toBe('Decided in your favour');
    expect(outcomeSummary({ state: 'CLOSED', outcome: 'WON' })?.title).toBe('Decided for the buyer');
  });

  it('says a withdrawn dispute moved no money, in the summary, the badge, the next step and the sale', () => {
    const withdrawn = { state: 'CLOSED', outcome: 'WITHDRAWN' } as const;
    expect(outcomeSummary(withdrawn)).toEqual({
      title: 'Withdrawn by the buyer',
      text: expect.stringContaining('No money moved'),
    });
    expect(disputeStatusLabel(withdrawn).label).toBe('Withdrawn by the buyer');
    expect(sellerNextStep(withdrawn, now).text).toContain('the buyer withdrew it');
    expect(saleDisputeLabel(withdrawn)).toBe('Dispute withdrawn by the buyer');
  });
});

describe('messageAuthor', () => {
  it('names the seller "You", the buyer by name (or "Buyer"), and staff "Support"', () => {
    expect(messageAuthor({ authorKind: 'SELLER', author: { displayName: 'Sam Seller' } })).toEqual({
      name: 'You',
      role: null,
    });
    expect(messageAuthor({ authorKind: 'BUYER', author: { displayName: 'Bea' } })).toEqual({
      name: 'Bea',
      role: 'Buyer',
    });
    expect(messageAuthor({ authorKind: 'BUYER', author: { displayName: '  ' } }).name).toBe('Buyer');
    expect(messageAuthor({ authorKind: 'SUPPORT', author: { displayName: 'agent 7' } }).name).toBe('Support');
    expect(messageAuthor({ authorKind: 'ADMIN', author: { displayName: 'admin 2' } }).name).toBe('Support');
  });
});

describe('historyEntry', () => {
  it('words each change from the seller side, keeping only the decision’s reason', () => {
    expect(historyEntry({ action: 'OPEN', actorKind: 'BUYER', note: 'INVALID_CODE: it fails' })).toEqual({
      title: 'The buyer opened the dispute',
      note: null,
    });
    expect(
      historyEntry({ action: 'ASSIGN', actorKind: 'SUPPORT', note: 'Assigned to user 42.' }).note,
    ).toBeNull();
    expect(historyEntry({ action: 'ANSWER', actorKind: 'SELLER' }).title).toBe('You answered');
    expect(historyEntry({ action: 'ANSWER', actorKind: 'BUYER' }).title).toBe('The buyer answered');
    expect(
      historyEntry({ action: 'DECIDE_RELEASE', actorKind: 'DECISION', note: 'The key worked.' }),
    ).toEqual({
      title: 'Decided: released to you',
      note: 'The key worked.',
    });
    expect(historyEntry({ action: 'SOMETHING_NEW', actorKind: 'SYSTEM' }).title).toBe('SOMETHING_NEW');
  });
});

describe('saleDisputeLabel', () => {
  it('tells a sale whose dispute waits for the seller from one that does not', () => {
    expect(saleDisputeLabel({ state: 'NEEDS_RESPONSE', requestedParty: 'SELLER' })).toBe(
      'Disputed: your response needed',
    );
    expect(saleDisputeLabel({ state: 'UNDER_REVIEW' })).toBe('Disputed: under review');
    expect(saleDisputeLabel({ state: 'NEEDS_RESPONSE', requestedParty: 'BUYER' })).toBe(
      'Disputed: waiting for the buyer',
    );
    expect(saleDisputeLabel({ state: 'CLOSED', outcome: 'LOST' })).toBe('Dispute: released to you');
  });
});
