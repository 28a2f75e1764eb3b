import {
  clientFilter,
  readQueueFilter,
  serverFilter,
  withOverdue,
  withStates,
  writeQueueFilter,
} from './queue-filter';

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
      overdueOnly: false,
    });
    expect(clientFilter(selection, 'VXNlcjox').assigneeId).toBe('VXNlcjox');
    const unassigned = readQueueFilter(new URLSearchParams('assignee=unassigned'));
    expect(serverFilter(unassigned, 'VXNlcjox')).toEqual({
      states: [],
      unassignedOnly: true,
      overdueOnly: false,
    });
  });

  it('never asks for overdue disputes among states that exclude NEEDS_RESPONSE (the API refuses it)', () => {
    const open = readQueueFilter(new URLSearchParams('state=OPEN'));
    expect(withOverdue(open, true)).toMatchObject({ overdueOnly: true, states: ['OPEN', 'NEEDS_RESPONSE'] });
    const overdue = readQueueFilter(new URLSearchParams('overdue=1'));
    expect(withStates(overdue, ['UNDER_REVIEW'])).toMatchObject({
      overdueOnly: false,
      states: ['UNDER_REVIEW'],
    });
    expect(withStates(overdue, ['NEEDS_RESPONSE'])).toMatchObject({ overdueOnly: true });
    expect(readQueueFilter(new URLSearchParams('state=OPEN&overdue=1')).overdueOnly).toBe(false);
    expect(readQueueFilter(new URLSearchParams('state=NEEDS_RESPONSE&overdue=1')).overdueOnly).toBe(true);
  });
});
