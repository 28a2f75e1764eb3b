import type { Metadata } from 'next';
import { safeNextPath } from '../../session/safe-next';
import { WalletPage } from '../../wallet/WalletPage';

export const metadata: Metadata = { title: 'Wallet' };

/** `?topup=<minor units>` pre-fills the top-up amount (the checkout's insufficient-funds link). */
function topUpAmountFrom(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{1,9}$/.test(text)) return null;
  const amount = Number(text);
  return amount > 0 ? amount : null;
}

/**
 * `?return=<path>` is the listing the buyer was buying when their wallet was short: once the top-up
 * is paid, the wallet offers the way back. A path of this site only (safeNextPath), and a listing's.
 */
function returnPathFrom(value: string | string[] | undefined): string | null {
  const path = safeNextPath(Array.isArray(value) ? value[0] : value, '');
  return /^\/listings\/[^/?#]+$/.test(path) ? path : null;
}

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { topup, return: returnTo } = await searchParams;
  return <WalletPage initialTopUpAmount={topUpAmountFrom(topup)} returnTo={returnPathFrom(returnTo)} />;
}
