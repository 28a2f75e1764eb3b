import type { DisputeState } from '../../gql/graphql';
import { allowedActions } from './dispute-actions';

const agent = { id: 'agent', isAdmin: false };
const admin = { id: 'admin', isAdmin: true };
const allStates: DisputeState[] = ['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE', 'WON', 'LOST', 'CLOSED'];

describe('allowedActions', () => {
  it('never offers a support agent a money decision, in any state', () => {
    for (const state of allStates) {
      const actions = allowedActions({ state, assignee: null }, agent);
      expect(actions).not.toContain('REFUND');
      expect(actions).not.toContain('RELEASE');
    }
  });

  it('offers an admin the decision only under review (the server refuses it elsewhere)', () => {
    const decisionStates = allStates.filter((state) =>
      allowedActions({ state, assignee: null }, admin).includes('REFUND'),
    );
    expect(decisionStates).toEqual(['UNDER_REVIEW']);
    expect(allowedActions({ state: 'UNDER_REVIEW' }, admin)).toContain('RELEASE');
  });

  it('follows the transition matrix: review from OPEN, a request from UNDER_REVIEW, nothing once decided', () => {
    expect(allowedActions({ state: 'OPEN' }, agent)).toEqual([
      'ASSIGN_TO_ME',
      'ASSIGN_TO_COLLEAGUE',
      'START_REVIEW',
      'POST_MESSAGE',
    ]);
    expect(allowedActions({ state: 'UNDER_REVIEW' }, agent)).toContain('REQUEST_RESPONSE');
    expect(allowedActions({ state: 'NEEDS_RESPONSE' }, agent)).not.toContain('REQUEST_RESPONSE');
    for (const state of ['WON', 'LOST', 'CLOSED'] as const)
      expect(allowedActions({ state }, admin)).toEqual([]);
  });

  it('does not offer "assign to me" to the assignee', () => {
    expect(allowedActions({ state: 'UNDER_REVIEW', assignee: { id: 'agent' } }, agent)).not.toContain(
      'ASSIGN_TO_ME',
    );
    expect(allowedActions({ state: 'UNDER_REVIEW', assignee: { id: 'colleague' } }, agent)).toContain(
      'ASSIGN_TO_ME',
    );
  });
});
