import { clientFilter, readQueueFilter, serverFilter, writeQueueFilter } from './queue-filter';

describe('the queue filter in the address', () => {
  it('round-trips a selection, and ignores what is not a state', () => {
    const selection = readQueueFilter(
      new URLSearchParams('state=OPEN&state=NEEDS_RESPONSE&state=BOGUS&assignee=me'),
    );
    expect(selection).toEqual({ states: ['OPEN', 'NEEDS_RESPONSE'], assignee: 'me', overdueOnly: false });
    expect(writeQueueFilter(selection).toString()).toBe('state=OPEN&state=NEEDS_RESPONSE&assignee=me');
  });

  it('resolves "assigned to me" to the viewer, the same for the server and for the feed', () => {
    const selection = readQueueFilter(new URLSearchParams('assignee=me'));
    expect(serverFilter(selection, 'VXNlcjox')).toEqual({
      states: [],
      assigneeId: 'VXNlcjox',
      unassignedOnly: false,
    });
    expect(clientFilter(selection, 'VXNlcjox').assigneeId).toBe('VXNlcjox');
    const unassigned = readQueueFilter(new URLSearchParams('assignee=unassigned'));
    expect(serverFilter(unassigned, 'VXNlcjox')).toEqual({ states: [], unassignedOnly: true });
  });
});
