import { formatDateTime } from '../ui/date-time';
import { noteSegments, readableNote } from './dispute-labels';

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

  it('writes the timestamps the server puts in notes as the console writes dates', () => {
    const due = '2026-12-01T06:54:56.685Z';
    const note = readableNote(`Response requested from the buyer by ${due}: x`);
    expect(note).toBe(`Response requested from the buyer by ${formatDateTime(due)}: x`);
    expect(note).toMatch(/^Response requested from the buyer by \d{1,2} (Nov|Dec) 2026, \d{2}:\d{2}: x$/);
    expect(readableNote(`No response from the seller by ${due}; back to review.`)).toBe(
      `No response from the seller by ${formatDateTime(due)}; back to review.`,
    );
  });
});

describe('noteSegments', () => {
  it('keeps each timestamp apart, for the page to show with its machine-readable value', () => {
    expect(noteSegments('Response requested from the seller by 2026-12-01T06:54:56Z: Which region?')).toEqual(
      [
        { text: 'Response requested from the seller by ' },
        { dateTime: '2026-12-01T06:54:56Z' },
        { text: ': Which region?' },
      ],
    );
    expect(noteSegments('WRONG_REGION: bought 2026-01-02T03:04:05.678Z')).toEqual([
      { text: 'Wrong region: bought ' },
      { dateTime: '2026-01-02T03:04:05.678Z' },
    ]);
    expect(noteSegments('No date here')).toEqual([{ text: 'No date here' }]);
  });
});
