import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '../shared/render-with-mantine';
import { OverrideTierForm, type OverrideTierValues } from './OverrideTierForm';
import { toDateTimeLocalValue } from './override-expiry';

const now = new Date(2026, 2, 10, 12, 0, 0);
const dayMs = 24 * 60 * 60 * 1000;

function setup(
  answer: Awaited<ReturnType<Parameters<typeof OverrideTierForm>[0]['onSubmit']>> = [],
  currentTier: Parameters<typeof OverrideTierForm>[0]['currentTier'] = 'NORMAL',
) {
  const submitted: OverrideTierValues[] = [];
  renderWithMantine(
    <OverrideTierForm
      currentTier={currentTier}
      now={() => now}
      onSubmit={async (values) => {
        submitted.push(values);
        return answer;
      }}
    />,
  );
  const expiry = screen.getByLabelText(/Ends at/);
  const reason = screen.getByLabelText(/Reason/);
  const submit = screen.getByRole('button', { name: 'Override tier' });
  return { submitted, expiry, reason, submit };
}

describe('OverrideTierForm', () => {
  it('sends the tier, the end as an ISO instant and the trimmed reason', async () => {
    const { submitted, expiry, reason, submit } = setup();
    const end = new Date(now.getTime() + 10 * dayMs);
    fireEvent.change(expiry, { target: { value: toDateTimeLocalValue(end) } });
    await userEvent.type(reason, '  chargeback ring, see case 12  ');
    await userEvent.click(submit);

    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toEqual({
      tier: 'RESTRICTED',
      expiresAt: end.toISOString(),
      reason: 'chargeback ring, see case 12',
    });
  });

  it('refuses an end more than a year away without calling the API', async () => {
    const { submitted, expiry, reason, submit } = setup();
    fireEvent.change(expiry, {
      target: { value: toDateTimeLocalValue(new Date(now.getTime() + 366 * dayMs)) },
    });
    await userEvent.type(reason, 'long enough reason');
    await userEvent.click(submit);

    expect(await screen.findByText(/at most 365 days/)).toBeTruthy();
    expect(submitted).toHaveLength(0);
  });

  it('refuses an end in the past and a reason too short', async () => {
    const { submitted, expiry, reason, submit } = setup();
    fireEvent.change(expiry, { target: { value: toDateTimeLocalValue(new Date(now.getTime() - 60_000)) } });
    await userEvent.type(reason, 'no');
    await userEvent.click(submit);

    expect(await screen.findByText('The override must end in the future.')).toBeTruthy();
    expect(screen.getByText(/at least 3 characters/)).toBeTruthy();
    expect(submitted).toHaveLength(0);
  });

  it('offers a one-year preset that stays within the limit', async () => {
    const { submitted, expiry, reason, submit } = setup();
    await userEvent.click(screen.getByRole('button', { name: '1 year' }));
    expect((expiry as HTMLInputElement).value).toBe(
      toDateTimeLocalValue(new Date(now.getTime() + 365 * dayMs)),
    );
    await userEvent.type(reason, 'a year of watching');
    await userEvent.click(submit);
    await waitFor(() => expect(submitted).toHaveLength(1));
  });

  it("shows the server's refusal on the field at fault and keeps the reason typed", async () => {
    const { expiry, reason, submit } = setup([
      { code: 'EXPIRY_TOO_FAR', message: 'The override may last at most 365 days.', field: 'expiresAt' },
    ]);
    fireEvent.change(expiry, {
      target: { value: toDateTimeLocalValue(new Date(now.getTime() + 5 * dayMs)) },
    });
    await userEvent.type(reason, 'server decides');
    await userEvent.click(submit);

    expect((await screen.findByRole('alert')).textContent).toContain('EXPIRY_TOO_FAR');
    expect(screen.getAllByText('The override may last at most 365 days.').length).toBeGreaterThanOrEqual(1);
    expect((reason as HTMLTextAreaElement).value).toBe('server decides');
  });

  it('given BANNED, sends nothing until the admin confirms in a dialog, and nothing when they cancel', async () => {
    const { submitted, reason, submit } = setup();
    await userEvent.click(screen.getByRole('combobox', { name: /Tier in force/ }));
    // (jsdom lays nothing out: Mantine's open dropdown counts as hidden there)
    await userEvent.click(await screen.findByRole('option', { name: /^Banned/, hidden: true }));
    await userEvent.type(reason, 'stolen cards, case 31');

    // when they submit, a dialog asks first
    await userEvent.click(submit);
    const dialog = await screen.findByRole('dialog', { name: 'Ban this user?' });
    expect(dialog.textContent).toContain('no transaction of any kind');
    expect(submitted).toHaveLength(0);

    // when they cancel, nothing is sent and the form keeps what they typed
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(submitted).toHaveLength(0);
    expect((reason as HTMLTextAreaElement).value).toBe('stolen cards, case 31');

    // when they submit again and confirm, the ban is sent
    await userEvent.click(submit);
    await userEvent.click(
      within(await screen.findByRole('dialog', { name: 'Ban this user?' })).getByRole('button', {
        name: 'Ban user',
      }),
    );
    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toMatchObject({ tier: 'BANNED', reason: 'stolen cards, case 31' });
  });

  it('given a tier other than BANNED, sends it without a dialog', async () => {
    const { submitted, reason, submit } = setup([], 'RESTRICTED');
    await userEvent.type(reason, 'back to normal');
    await userEvent.click(submit);
    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]?.tier).toBe('NORMAL');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
