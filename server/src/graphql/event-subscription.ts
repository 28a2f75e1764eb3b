import { GraphQLError } from 'graphql';
import { maxQueuedEvents, type DeliveredEvent } from '../events/event-fan-out';
import { maxCatchUpEvents, type ResumedEvent } from '../events/pubsub';
import type { Context } from './context';

/**
 * Subscriptions that a client resumes: each event carries its `cursor`, and subscribing again with
 * `after: <the last cursor received>` first replays what was missed, then continues live, each
 * event once, authorised per event exactly like live ones. The cursor is opaque to clients (today
 * the event's sequence number in decimal).
 */
export const afterArgumentDescription =
  'Resume after this event cursor (the `cursor` of the last event received): the events missed since come first, in commit order, then live ones, none twice. ' +
  `At most ${maxCatchUpEvents} are replayed: further back, or for a cursor of no event, the subscription answers EVENT_CURSOR_EXPIRED (reload, then subscribe without \`after\`). ` +
  `A subscriber that falls ${maxQueuedEvents} events behind receives EVENT_SUBSCRIBER_LAGGED and subscribes again with \`after\`. ` +
  'Replays count against a budget per user (GRAPHQL_WS_REPLAY_EVENTS_PER_MINUTE): past it, RATE_LIMITED with `retryAfterSeconds`.';

export const cursorFieldDescription =
  "This event's cursor: subscribe again with `after` set to it to receive what came after it.";

const maxSequence = 2n ** 63n - 1n;

export function eventCursor(event: DeliveredEvent): string {
  return event.sequence.toString();
}

export interface ResumeArguments<Payload> {
  topic: string;
  scopeId: string | null;
  after: string | null | undefined;
  accept: (payload: Payload) => boolean;
}

/** The event stream of a subscription resolver; BAD_USER_INPUT or EVENT_CURSOR_EXPIRED before any event. */
export async function resumeEvents<Payload>(
  context: Context,
  request: ResumeArguments<Payload>,
): Promise<AsyncIterable<ResumedEvent<Payload>>> {
  const result = await context.services.pubsub.resume<Payload>({
    topic: request.topic,
    scopeId: request.scopeId,
    after: decodeEventCursor(request.after),
    accept: request.accept,
  });
  if ('expired' in result) {
    throw new GraphQLError(
      result.expired === 'TOO_FAR_BEHIND'
        ? `More than ${maxCatchUpEvents} events were missed since this cursor: reload, then subscribe without \`after\`.`
        : 'This cursor names no event here: reload, then subscribe without `after`.',
      { extensions: { code: 'EVENT_CURSOR_EXPIRED', field: 'after' } },
    );
  }
  const holder = context.viewer?.userId ?? `address:${context.meta.address}`;
  const retryAfterSeconds = context.services.replayBudget.take(holder, result.replayed);
  if (retryAfterSeconds !== null) {
    await result.events.return?.();
    throw new GraphQLError(
      `Too many missed events replayed for this account: retry in ${retryAfterSeconds}s, or reload and subscribe without \`after\`.`,
      { extensions: { code: 'RATE_LIMITED', retryAfterSeconds, field: 'after' } },
    );
  }
  return result.events;
}

/**
 * The event a subscription resolver received. A subscriber that fell too far behind live events
 * gets EVENT_SUBSCRIBER_LAGGED and the subscription completes: subscribe again with `after`.
 */
export function receivedEvent<Payload>(root: ResumedEvent<Payload>): DeliveredEvent<Payload> {
  if ('lagged' in root) {
    throw new GraphQLError(
      'This subscription fell too far behind: subscribe again with `after` set to the last cursor received.',
      { extensions: { code: 'EVENT_SUBSCRIBER_LAGGED' } },
    );
  }
  return root;
}

function decodeEventCursor(after: string | null | undefined): bigint | null {
  if (after === null || after === undefined) return null;
  if (!/^(0|[1-9][0-9]{0,18})$/.test(after) || BigInt(after) > maxSequence) {
    throw new GraphQLError('`after` is not an event cursor: pass the `cursor` of an event received.', {
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  }
  return BigInt(after);
}
