import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ReasonDialog } from './ReasonDialog';
import { renderWithMantine } from './render-with-mantine';
import type { UserErrorValue } from './UserErrorsAlert';

function Harness({ answers }: { answers: (readonly UserErrorValue[])[] }) {
  const [opened, setOpened] = useState(true);
  const [done, setDone] = useState<string[]>([]);
  return (
    <>
      <p data-testid="done">{done.join('|')}</p>
      <ReasonDialog
        opened={opened}
        onClose={() => setOpened(false)}
        title="Lift the wallet flag"
        confirmLabel="Lift flag"
        onConfirm={async (reason) => {
          const errors = answers.shift() ?? [];
          if (errors.length === 0) setDone((previous) => [...previous, reason]);
          return errors;
        }}
      >
        <p>The buyer can purchase again.</p>
      </ReasonDialog>
    </>
  );
}

describe('ReasonDialog', () => {
  it('asks for a reason before doing anything', async () => {
    renderWithMantine(<Harness answers={[]} />);
    await userEvent.type(screen.getByLabelText(/Reason/), 'ok');
    await userEvent.click(screen.getByRole('button', { name: 'Lift flag' }));

    expect(await screen.findByText(/at least 3 characters/)).toBeTruthy();
    expect(screen.getByTestId('done').textContent).toBe('');
  });

  it('keeps the dialog open with the refusal in it when the API refuses, then closes once done', async () => {
    renderWithMantine(
      <Harness
        answers={[
          [{ code: 'WALLET_NOT_FLAGGED', message: 'No flagged wallet for this buyer.', field: null }],
          [],
        ]}
      />,
    );
    await userEvent.type(screen.getByLabelText(/Reason/), '  chargeback won  ');
    await userEvent.click(screen.getByRole('button', { name: 'Lift flag' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No flagged wallet for this buyer.');
    expect(alert.textContent).toContain('WALLET_NOT_FLAGGED');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.getByTestId('done').textContent).toBe('');

    await userEvent.click(screen.getByRole('button', { name: 'Lift flag' }));
    await waitFor(() => expect(screen.getByTestId('done').textContent).toBe('chargeback won'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
