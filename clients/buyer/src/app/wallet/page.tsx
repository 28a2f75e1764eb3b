import type { Metadata } from 'next';
import { WalletPage } from '../../wallet/WalletPage';

export const metadata: Metadata = { title: 'Wallet' };

/** `?topup=<minor units>` pre-fills the top-up amount (the checkout's insufficient-funds link). */
function topUpAmountFrom(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{1,9}$/.test(text)) return null;
  const amount = Number(text);
  return amount > 0 ? amount : null;
}

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { topup } = await searchParams;
  return <WalletPage initialTopUpAmount={topUpAmountFrom(topup)} />;
}
