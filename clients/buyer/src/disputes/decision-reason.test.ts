import { decisionReason } from './DisputeThread';

describe('decisionReason', () => {
  it("reads the admin's note on the decision, not the notes of other changes", () => {
    expect(
      decisionReason([
        { action: 'OPEN', note: 'The code does not work' },
        { action: 'REQUEST_RESPONSE', note: 'Please send a screenshot.' },
        { action: 'DECIDE_REFUND', note: '  The seller sent a used code.  ' },
        { action: 'CLOSE', note: null },
      ]),
    ).toBe('The seller sent a used code.');
  });

  it('has none before a decision, or when the decision has no note', () => {
    expect(decisionReason([{ action: 'OPEN', note: 'x' }])).toBeNull();
    expect(decisionReason([{ action: 'DECIDE_RELEASE', note: ' ' }])).toBeNull();
  });
});
