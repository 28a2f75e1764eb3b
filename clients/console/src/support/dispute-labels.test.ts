import { readableNote } from './dispute-labels';

describe('readableNote', () => {
  it("shows the opening's reason code as its label", () => {
    expect(readableNote('ALREADY_REDEEMED: Steam says the key was activated.')).toBe(
      'Already redeemed: Steam says the key was activated.',
    );
  });

  it('leaves any other note as it is', () => {
    expect(readableNote('Closed with the decision: the escrow is settled.')).toBe(
      'Closed with the decision: the escrow is settled.',
    );
    expect(readableNote('SHOUTING: not a reason')).toBe('SHOUTING: not a reason');
  });
});
