import type { Metadata } from 'next';
import { SignupForm } from '../../session/AuthForms';
import { safeNextPath } from '../../session/safe-next';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return <SignupForm next={safeNextPath(Array.isArray(next) ? next[0] : next)} />;
}
