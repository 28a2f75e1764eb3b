import fc from 'fast-check';
import {
  disputeActions,
  disputeActorKinds,
  disputeStates,
  disputeTransitions,
  openDisputeStates,
  transition,
  type DisputeState,
} from './dispute-matrix';

const states = fc.constantFrom(...disputeStates);
const actions = fc.constantFrom(...disputeActions);
const actors = fc.constantFrom(...disputeActorKinds);

describe('transition', () => {
  it('yields the matrix target for every legal (state, action, actor)', () => {
    const legal = fc
      .constantFrom(...disputeTransitions)
      .chain((row) => fc.tuple(fc.constant(row), fc.constantFrom(...row.actors)));
    fc.assert(
      fc.property(legal, ([row, actor]) => {
        expect(transition(row.from, row.action, actor)).toEqual({ allowed: true, to: row.to });
      }),
    );
  });

  it('refuses every (state, action, actor) the matrix does not list', () => {
    fc.assert(
      fc.property(states, actions, actors, (state, action, actor) => {
        const row = disputeTransitions.find(
          (candidate) => candidate.from === state && candidate.action === action,
        );
        fc.pre(!row || !row.actors.includes(actor));
        const result = transition(state, action, actor);
        expect(result.allowed).toBe(false);
        expect(result).toEqual({
          allowed: false,
          refusal: row ? 'ACTOR_NOT_ALLOWED' : 'ACTION_NOT_ALLOWED_IN_STATE',
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('never lets a lifecycle actor reach WON or LOST: only a DECISION does', () => {
    fc.assert(
      fc.property(states, actions, actors, (state, action, actor) => {
        const result = transition(state, action, actor);
        if (result.allowed && (result.to === 'WON' || result.to === 'LOST')) {
          expect(actor).toBe('DECISION');
          expect(state).toBe('UNDER_REVIEW');
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('has one row per (state, action), so the answer never depends on row order', () => {
    const keys = disputeTransitions.map((row) => `${row.from}/${row.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lets nothing leave CLOSED, and leaves WON and LOST only to CLOSED', () => {
    for (const action of disputeActions) {
      for (const actor of disputeActorKinds) {
        expect(transition('CLOSED', action, actor).allowed).toBe(false);
        for (const decided of ['WON', 'LOST'] as const) {
          const result = transition(decided, action, actor);
          if (result.allowed) expect(result).toEqual({ allowed: true, to: 'CLOSED' });
        }
      }
    }
  });

  it('follows invariant 8: every reachable state is reached from OPEN along the listed path', () => {
    const reachable = new Set<DisputeState>(['OPEN']);
    for (let changed = true; changed;) {
      changed = false;
      for (const row of disputeTransitions) {
        if (reachable.has(row.from) && !reachable.has(row.to)) {
          reachable.add(row.to);
          changed = true;
        }
      }
    }
    expect([...reachable].sort()).toEqual([...disputeStates].sort());
    expect([...openDisputeStates].sort()).toEqual(['NEEDS_RESPONSE', 'OPEN', 'UNDER_REVIEW']);
  });
});
