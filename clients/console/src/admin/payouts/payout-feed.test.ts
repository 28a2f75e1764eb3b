import { addFeedEvent, feedRecovery } from './payout-feed';

const event = (cursor: string, state = 'PENDING') => ({ cursor, state });

describe('addFeedEvent', () => {
  it('puts the newest transition first', () => {
    const feed = addFeedEvent(addFeedEvent([], event('1')), event('2'));
    expect(feed.map((entry) => entry.cursor)).toEqual(['2', '1']);
  });

  it('ignores an event delivered twice, keeping the first copy', () => {
    const first = addFeedEvent([], event('7', 'PENDING'));
    const again = addFeedEvent(first, event('7', 'PAID'));
    expect(again).toBe(first);
    expect(again).toEqual([{ cursor: '7', state: 'PENDING' }]);
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let feed: { cursor: string; state: string }[] = [];
    for (let index = 1; index <= 5; index += 1) feed = addFeedEvent(feed, event(String(index)), 3);
    expect(feed.map((entry) => entry.cursor)).toEqual(['5', '4', '3']);
  });
});

describe('feedRecovery', () => {
  it('resumes after the last cursor when the subscriber lagged', () => {
    expect(feedRecovery(['EVENT_SUBSCRIBER_LAGGED'], '42')).toEqual({ kind: 'RESUME', after: '42' });
  });

  it.each(['EVENT_CURSOR_EXPIRED', 'RATE_LIMITED'])(
    'restarts from live events, with a notice, on %s',
    (code) => {
      const recovery = feedRecovery([code], '42');
      expect(recovery.kind).toBe('RESTART');
    },
  );

  it('gives up on anything else instead of looping', () => {
    expect(feedRecovery(['FORBIDDEN'], '42')).toEqual({ kind: 'FAIL' });
    expect(feedRecovery([], null)).toEqual({ kind: 'FAIL' });
  });
});
