import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '../admin/shared/render-with-mantine';
import {
  ChangePasswordForm,
  type ChangePasswordOutcome,
  type ChangePasswordValues,
} from './ChangePasswordForm';

function setup(answer: ChangePasswordOutcome) {
  const submitted: ChangePasswordValues[] = [];
  renderWithMantine(
    <ChangePasswordForm
      onSubmit={async (values) => {
        submitted.push(values);
        return answer;
      }}
    />,
  );
  const current = screen.getByLabelText(/Current password/) as HTMLInputElement;
  const next = screen.getByLabelText(/^New password/) as HTMLInputElement;
  const confirmation = screen.getByLabelText(/Confirm new password/) as HTMLInputElement;
  return { submitted, current, next, confirmation };
}

describe('ChangePasswordForm', () => {
  it('sends the current and the new password, says this session stays, and empties the fields', async () => {
    const { submitted, current, next, confirmation } = setup({
      changed: true,
      signedOutSessions: 2,
      revokedApiKeys: 1,
    });
    await userEvent.type(current, 'the old password');
    await userEvent.type(next, 'a brand new password');
    // submitted from the keyboard: Enter in the last field
    await userEvent.type(confirmation, 'a brand new password{Enter}');

    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toEqual({
      currentPassword: 'the old password',
      newPassword: 'a brand new password',
    });
    const changed = await screen.findByTestId('password-changed');
    expect(changed.textContent).toContain('You stay signed in here; 2 other sessions were signed out');
    expect(changed.textContent).toContain('Your 1 API key was revoked with the old password');
    expect(current.value).toBe('');
    expect(next.value).toBe('');
    expect(confirmation.value).toBe('');
  });

  it('refuses a short password, a mismatched confirmation and the current password again, before the API', async () => {
    const { submitted, current, next, confirmation } = setup({
      changed: true,
      signedOutSessions: 0,
      revokedApiKeys: 0,
    });
    await userEvent.type(next, 'short');
    await userEvent.type(confirmation, 'shorter');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText(/at least 10 characters/)).toBeTruthy();
    expect(screen.getByText('Enter the password you signed in with.')).toBeTruthy();
    expect(screen.getByText(/exactly the same/)).toBeTruthy();

    await userEvent.type(current, 'same password here');
    await userEvent.clear(next);
    await userEvent.type(next, 'same password here');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Choose a password other than the current one.')).toBeTruthy();
    expect(submitted).toHaveLength(0);
  });

  it('shows a wrong current password under its field and in the alert, and keeps the new one typed', async () => {
    const { current, next, confirmation } = setup({
      errors: [
        { code: 'WRONG_PASSWORD', message: 'The current password is not right.', field: 'currentPassword' },
      ],
    });
    await userEvent.type(current, 'not the password');
    await userEvent.type(next, 'a brand new password');
    await userEvent.type(confirmation, 'a brand new password{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your password was not changed');
    expect(alert.textContent).toContain('The current password is not right.');
    expect(alert.textContent).not.toContain('WRONG_PASSWORD');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    // the field's error is tied to it, so a screen reader hears it on the field
    const description = (current.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(description).toContain('The current password is not right.');
    expect(next.value).toBe('a brand new password');
    expect(screen.queryByTestId('password-changed')).toBeNull();
  });

  it('shows the lockout above the form, as the API words it', async () => {
    const { current, next, confirmation } = setup({
      errors: [{ code: 'TOO_MANY_ATTEMPTS', message: 'Too many wrong passwords. Try again in 15 minutes.' }],
    });
    await userEvent.type(current, 'not the password');
    await userEvent.type(next, 'a brand new password');
    await userEvent.type(confirmation, 'a brand new password{Enter}');

    expect((await screen.findByRole('alert')).textContent).toContain('Try again in 15 minutes.');
    expect(current.getAttribute('aria-invalid')).toBeNull();
  });

  it('drops the last refusal when the next attempt is refused by the form itself', async () => {
    const { current, next, confirmation } = setup({
      errors: [
        { code: 'WRONG_PASSWORD', message: 'The current password is not right.', field: 'currentPassword' },
      ],
    });
    await userEvent.type(current, 'not the password');
    await userEvent.type(next, 'a brand new password');
    await userEvent.type(confirmation, 'a brand new password{Enter}');
    await screen.findByRole('alert', { name: /not changed/ });

    // the right current password now, but a confirmation that does not match
    await userEvent.clear(current);
    await userEvent.type(current, 'the right password');
    await userEvent.clear(confirmation);
    await userEvent.type(confirmation, 'a different password{Enter}');

    await waitFor(() => expect(screen.queryByRole('alert', { name: /not changed/ })).toBeNull());
  });
});
