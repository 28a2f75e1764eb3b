import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithMantine } from '../shared/render-with-mantine';
import { AddStaffForm, type AddStaffValues, type StaffUserError } from './AddStaffForm';

const signInUrl = 'https://codesale.test/console/login';

function setup(answer: readonly StaffUserError[] = []) {
  const submitted: AddStaffValues[] = [];
  renderWithMantine(
    <AddStaffForm
      signInUrl={signInUrl}
      newPassword={() => 'Gen3rated-Pass!wd'}
      onSubmit={async (values) => {
        submitted.push(values);
        return answer;
      }}
    />,
  );
  const displayName = screen.getByLabelText(/Display name/) as HTMLInputElement;
  const email = screen.getByLabelText(/^Email/) as HTMLInputElement;
  const password = screen.getByLabelText(/Initial password/) as HTMLInputElement;
  const submit = screen.getByRole('button', { name: 'Add staff account' });
  return { submitted, displayName, email, password, submit };
}

describe('AddStaffForm', () => {
  it('sends the trimmed name and email, the role chosen and the password, then confirms and resets', async () => {
    const { submitted, displayName, email, password, submit } = setup();
    await userEvent.type(displayName, '  Ana Lima ');
    await userEvent.type(email, ' ana@example.test ');
    await userEvent.click(screen.getByRole('radio', { name: /Admin/ }));
    await userEvent.type(password, 'a typed password');
    await userEvent.click(submit);

    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toEqual({
      displayName: 'Ana Lima',
      email: 'ana@example.test',
      role: 'ADMIN',
      password: 'a typed password',
    });
    const confirmation = await screen.findByTestId('staff-created');
    expect(confirmation.textContent).toContain('Ana Lima (ana@example.test) can now sign in as Admin.');
    expect(confirmation.textContent).toContain(signInUrl);
    expect(confirmation.textContent).toContain('Account page');
    // a typed password is the admin's to know: it is not shown again
    expect(screen.queryByTestId('staff-created-password')).toBeNull();
    expect(displayName.value).toBe('');
    expect(email.value).toBe('');
    expect(password.value).toBe('');
    expect((screen.getByRole('radio', { name: /Support/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('fills a generated password, shows it, and repeats it in the confirmation', async () => {
    const { submitted, displayName, email, password, submit } = setup();
    expect(password.type).toBe('password');
    await userEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(password.value).toBe('Gen3rated-Pass!wd');
    expect(password.type).toBe('text');
    expect(screen.getByText(/A strong password is filled in and shown above/).getAttribute('role')).toBe(
      'status',
    );

    await userEvent.type(displayName, 'Bo Agent');
    await userEvent.type(email, 'bo@example.test');
    await userEvent.click(submit);

    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toMatchObject({ role: 'SUPPORT', password: 'Gen3rated-Pass!wd' });
    expect((await screen.findByTestId('staff-created-password')).textContent).toBe('Gen3rated-Pass!wd');
    expect(screen.getByTestId('staff-created').textContent).toContain('can now sign in as Support.');
    expect(password.type).toBe('password');
  });

  it('refuses a short password, a missing name and a partial email without calling the API', async () => {
    const { submitted, email, password, submit } = setup();
    await userEvent.type(email, 'ana@example');
    await userEvent.type(password, 'short');
    await userEvent.click(submit);

    expect(await screen.findByText('Use at least 10 characters (this one has 5).')).toBeTruthy();
    expect(screen.getByText(/Enter the name colleagues will see/)).toBeTruthy();
    expect(screen.getByText(/Enter a whole email address/)).toBeTruthy();
    expect(submitted).toHaveLength(0);
  });

  it("says the API's refusals in words under their fields, with no code shown, and keeps what was typed", async () => {
    const { displayName, email, password, submit } = setup([
      { code: 'EMAIL_TAKEN', message: 'An account with this email exists.', field: 'email' },
      {
        code: 'INVALID_ROLES',
        message: 'Staff accounts have SUPPORT or ADMIN among their roles.',
        field: 'roles',
      },
      { code: 'WEAK_PASSWORD', message: 'Passwords are 10 to 256 characters long.', field: 'password' },
    ]);
    await userEvent.type(displayName, 'Ana Lima');
    await userEvent.type(email, 'taken@example.test');
    await userEvent.type(password, 'long enough password');
    await userEvent.click(submit);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The account was not created');
    expect(alert.textContent).toContain('An account with this email already exists.');
    expect(alert.textContent).toContain('Choose Support or Admin.');
    expect(alert.textContent).toContain('Use 10 to 256 characters.');
    expect(document.body.textContent).not.toMatch(/EMAIL_TAKEN|INVALID_ROLES|WEAK_PASSWORD|SUPPORT|ADMIN/);
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(email.value).toBe('taken@example.test');
    expect(screen.queryByTestId('staff-created')).toBeNull();

    // and once the email is changed, the refusal of the old one is gone
    await userEvent.type(email, 'x');
    expect(screen.queryByText('The account was not created')).toBeNull();
  });

  it("shows a code it does not know by the API's message, on the field the API names", async () => {
    const { displayName, email, password, submit } = setup([
      { code: 'NEW_RULE' as never, message: 'Display names may not be this.', field: 'displayName' },
    ]);
    await userEvent.type(displayName, 'Ana Lima');
    await userEvent.type(email, 'ana@example.test');
    await userEvent.type(password, 'long enough password');
    await userEvent.click(submit);

    expect((await screen.findByRole('alert')).textContent).toContain('Display names may not be this.');
    expect(displayName.getAttribute('aria-invalid')).toBe('true');
  });
});
