import { newestDispute } from './newest-dispute';

describe('newestDispute', () => {
  it('keeps the highest version, whatever the arrival order', () => {
    const open = { version: 1, state: 'OPEN' };
    const review = { version: 2, state: 'UNDER_REVIEW' };
    const needsResponse = { version: 3, state: 'NEEDS_RESPONSE' };
    expect(newestDispute(open, needsResponse, review)).toBe(needsResponse);
    expect(newestDispute(needsResponse, open)).toBe(needsResponse);
  });

  it('never rolls back to an older answer that arrives late', () => {
    // given the live event's version 3 on screen
    const live = { version: 3, state: 'NEEDS_RESPONSE' };
    // when a query answered at version 2 lands afterwards
    const lateAnswer = { version: 2, state: 'UNDER_REVIEW' };
    // then the screen keeps version 3
    expect(newestDispute(lateAnswer, live)).toBe(live);
  });

  it('prefers the last of equal versions (the complete live event over a partial cached copy)', () => {
    // given the cache's copy at version 4 with only state and version fresh (merged from the order's refetch)
    const partialCached: { version: number; state: string; requestedParty: string | null } = {
      version: 4,
      state: 'NEEDS_RESPONSE',
      requestedParty: null,
    };
    // and the live event of version 4, complete
    const event = { version: 4, state: 'NEEDS_RESPONSE', requestedParty: 'BUYER' };
    expect(newestDispute(partialCached, event)).toBe(event);
  });

  it('ignores missing candidates', () => {
    const only = { version: 4, state: 'UNDER_REVIEW' };
    expect(newestDispute(null, only, undefined)).toBe(only);
    expect(newestDispute(null, undefined)).toBeNull();
  });
});
