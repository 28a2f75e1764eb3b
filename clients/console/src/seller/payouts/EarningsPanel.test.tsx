import { screen } from '@testing-library/react';
import { renderWithMantine } from '../../admin/shared/render-with-mantine';
import { EarningsPanel } from './EarningsPanel';

const money = (amount: number) => ({ amount, currency: 'EUR' });
const none = { amount: money(0), orderCount: 0 };

/** A seller whose released sales (180.50) are in no figure yet: none was sorted into one. */
const unsorted = {
  currency: 'EUR',
  earningsBalance: money(18_050),
  available: none,
  pending: none,
  blocked: none,
  blockedByReason: [],
  inTransit: none,
  paid: none,
  unattributed: money(18_050),
};

describe('EarningsPanel: money in no figure yet', () => {
  it('tells a seller without a payout account that their sales are counted once they set one up', () => {
    renderWithMantine(<EarningsPanel earnings={unsorted} pendingAvailability={null} payoutAccountMissing />);
    expect(screen.getByTestId('earnings-EUR-unattributed').textContent).toMatch(
      /€180\.50.*counted as available or pending once you set up your payout account/,
    );
  });

  it('tells a seller with an account that the money came back from a transfer reversal', () => {
    renderWithMantine(<EarningsPanel earnings={unsorted} pendingAvailability={null} />);
    expect(screen.getByTestId('earnings-EUR-unattributed').textContent).toMatch(
      /€180\.50.*transfer reversal brought back/,
    );
  });
});
