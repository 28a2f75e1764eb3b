import type { Metadata } from 'next';
import { LoginForm } from '../../session/AuthForms';
import { safeNextPath } from '../../session/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next, ended } = await searchParams;
  return <LoginForm next={safeNextPath(Array.isArray(next) ? next[0] : next)} sessionEnded={ended === '1'} />;
}
