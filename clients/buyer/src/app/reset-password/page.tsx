import type { Metadata } from 'next';
import { ResetPasswordForm } from '../../session/PasswordResetForms';

// The link's token is in the fragment: no Referer may carry the page's address elsewhere.
export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default function ResetPasswordPage() {
  return <ResetPasswordForm />;
}
