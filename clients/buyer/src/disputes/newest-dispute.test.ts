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

  it('prefers the first of equal versions and ignores missing ones', () => {
    const first = { version: 4, state: 'UNDER_REVIEW' };
    expect(newestDispute(null, first, { version: 4, state: 'UNDER_REVIEW' }, undefined)).toBe(first);
    expect(newestDispute(null, undefined)).toBeNull();
  });
});
