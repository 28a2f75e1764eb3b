/** The feed keeps the newest transitions only: a long-open screen does not grow without end. */
export const payoutFeedLimit = 200;

export interface FeedEvent {
  cursor: string;
}

/**
 * Adds a transition at the top of the feed (newest first). The server replays missed events on
 * resumption and promises none twice, but a resubscription racing a live event may still deliver
 * one again: the cursor decides, and a repeated one changes nothing.
 */
export function addFeedEvent<Event extends FeedEvent>(
  events: readonly Event[],
  event: Event,
  limit = payoutFeedLimit,
): Event[] {
  if (events.some((existing) => existing.cursor === event.cursor)) return events as Event[];
  return [event, ...events].slice(0, limit);
}

export type FeedRecovery =
  /** Subscribe again after the last event received: the server replays what was missed. */
  | { kind: 'RESUME'; after: string | null }
  /** Too far behind to replay: start again from live events, and say that some were missed. */
  | { kind: 'RESTART'; notice: string }
  /** Something else went wrong: show it, do not loop. */
  | { kind: 'FAIL' };

/** What to do when the feed's subscription fails with these GraphQL error codes. */
export function feedRecovery(codes: readonly string[], lastCursor: string | null): FeedRecovery {
  if (codes.includes('EVENT_SUBSCRIBER_LAGGED')) return { kind: 'RESUME', after: lastCursor };
  // Too far back to replay, or past the server's replay budget (RATE_LIMITED): start from live events.
  if (codes.includes('EVENT_CURSOR_EXPIRED') || codes.includes('RATE_LIMITED'))
    return {
      kind: 'RESTART',
      notice: 'The feed fell too far behind to replay what it missed; it shows live transitions from now on.',
    };
  return { kind: 'FAIL' };
}
