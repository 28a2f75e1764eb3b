import { screen } from '@testing-library/react';
import { renderWithMantine } from '../../admin/shared/render-with-mantine';
import { DisputeQueueFilters } from './DisputeQueueFilters';
import { DisputeStateCounts } from './DisputeStateCounts';

/**
 * A decision closes its dispute in the same transaction (WON or LOST, then CLOSED at once), so no
 * dispute ever rests in WON or LOST: the queue offered a filter and a count for each that were
 * always 0. It offers the four states a dispute can be found in.
 */
describe('the queue’s states', () => {
  it('counts the four states a dispute rests in, closed ones included, and no always-empty WON or LOST', () => {
    renderWithMantine(
      <DisputeStateCounts
        counts={[
          { state: 'OPEN', count: 2 },
          { state: 'CLOSED', count: 5 },
        ]}
      />,
    );
    const terms = screen.getAllByRole('term').map((term) => term.textContent);
    expect(terms).toEqual(['Open', 'Under review', 'Needs response', 'Closed']);
    expect(screen.getByTestId('count-CLOSED').querySelector('dd')?.textContent).toBe('5');
    expect(screen.queryByTestId('count-WON')).toBeNull();
  });

  it('offers a filter chip for each of those four states only', () => {
    renderWithMantine(
      <DisputeQueueFilters
        selection={{ states: [], assignee: 'anyone', overdueOnly: false }}
        onChange={() => undefined}
      />,
    );
    const chips = screen.getAllByRole('checkbox').map((chip) => chip.closest('div')?.textContent ?? '');
    expect(chips.filter((text) => /Won|Lost/.test(text))).toEqual([]);
    expect(screen.getByRole('checkbox', { name: 'Closed' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Needs response' })).toBeTruthy();
  });
});
