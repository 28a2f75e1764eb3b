import fc from 'fast-check';
import { bankPayoutStatuses, bankPayoutStateSupersedes, type BankPayoutState } from './bank-payout-rules';

/** Applies events one by one as PayoutAccountService does: the first is recorded, a later one only if it supersedes. */
function recorded(events: readonly BankPayoutState[]): BankPayoutState {
  let stored = events[0]!;
  for (const event of events.slice(1)) if (bankPayoutStateSupersedes(stored, event)) stored = event;
  return stored;
}

describe('bankPayoutStateSupersedes', () => {
  it('a later event wins, whatever its status (a paid payout can still fail)', () => {
    expect(
      bankPayoutStateSupersedes(
        { status: 'paid', eventCreatedSeconds: 10 },
        { status: 'failed', eventCreatedSeconds: 11 },
      ),
    ).toBe(true);
    expect(
      bankPayoutStateSupersedes(
        { status: 'paid', eventCreatedSeconds: 11 },
        { status: 'pending', eventCreatedSeconds: 10 },
      ),
    ).toBe(false);
  });

  it('within one second, a late payout.created never turns a paid payout back into pending', () => {
    expect(
      bankPayoutStateSupersedes(
        { status: 'paid', eventCreatedSeconds: 10 },
        { status: 'pending', eventCreatedSeconds: 10 },
      ),
    ).toBe(false);
    expect(
      bankPayoutStateSupersedes(
        { status: 'pending', eventCreatedSeconds: 10 },
        { status: 'paid', eventCreatedSeconds: 10 },
      ),
    ).toBe(true);
  });

  it('the same events in any order, each possibly twice, end in the same state', () => {
    // A payout's life as Stripe reports it: statuses in order, one event each, several per second.
    const life = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }).chain((gaps) =>
      fc.constantFrom(...bankPayoutStatuses.slice(2)).map((end) => {
        const statuses = ['pending', 'in_transit', end] as const;
        let seconds = 1_700_000_000;
        return statuses.slice(0, Math.min(gaps.length, 3)).map((status, index) => {
          seconds += gaps[index]!;
          return { status, eventCreatedSeconds: seconds } satisfies BankPayoutState;
        });
      }),
    );
    fc.assert(
      fc.property(
        life.chain((events) =>
          fc
            .shuffledSubarray([...events, ...events], { minLength: events.length * 2 })
            .map((delivered) => ({ events, delivered })),
        ),
        ({ events, delivered }) => {
          expect(recorded(delivered)).toEqual(events.at(-1));
        },
      ),
    );
  });
});
