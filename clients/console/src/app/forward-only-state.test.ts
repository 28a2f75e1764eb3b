import { gql, InMemoryCache } from '@apollo/client';
import { typePolicies } from './type-policies';

const withdrawalQuery = gql`
  query Withdrawal {
    withdrawal {
      id
      state
      payout {
        id
        state
      }
    }
  }
`;

type State = { withdrawal: string; payout: string };

function write(cache: InMemoryCache, state: State): void {
  cache.writeQuery({
    query: withdrawalQuery,
    data: {
      withdrawal: {
        __typename: 'Withdrawal',
        id: 'w1',
        state: state.withdrawal,
        payout: { __typename: 'Payout', id: 'p1', state: state.payout },
      },
    },
  });
}

function read(cache: InMemoryCache): State {
  const data = cache.readQuery<{ withdrawal: { state: string; payout: { state: string } } }>({
    query: withdrawalQuery,
  })!;
  return { withdrawal: data.withdrawal.state, payout: data.withdrawal.payout.state };
}

describe('withdrawals and payouts in the cache keep the furthest state they reached', () => {
  it('given a withdrawal COMPLETED by a live event, a mutation answer written after it (REQUESTED) does not put it back', () => {
    const cache = new InMemoryCache({ typePolicies });
    write(cache, { withdrawal: 'COMPLETED', payout: 'PAID' });

    write(cache, { withdrawal: 'REQUESTED', payout: 'PENDING' });

    expect(read(cache)).toEqual({ withdrawal: 'COMPLETED', payout: 'PAID' });
  });

  it('moves forward as the withdrawal and its payout do', () => {
    const cache = new InMemoryCache({ typePolicies });
    write(cache, { withdrawal: 'REQUESTED', payout: 'PENDING' });
    write(cache, { withdrawal: 'EXECUTING', payout: 'PENDING' });
    expect(read(cache)).toEqual({ withdrawal: 'EXECUTING', payout: 'PENDING' });
    write(cache, { withdrawal: 'FAILED', payout: 'FAILED' });
    expect(read(cache)).toEqual({ withdrawal: 'FAILED', payout: 'FAILED' });
  });
});
