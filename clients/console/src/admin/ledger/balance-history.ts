export interface LedgerEntryPoint {
  id: string;
  createdAt: string;
  balanceAfter: { amount: number; currency: string };
}

export interface BalancePoint {
  /** Milliseconds since the epoch: the chart's time axis. */
  time: number;
  createdAt: string;
  /** Minor units; only the axis and tooltip turn it into text. */
  balance: number;
}

/**
 * The balance over time, oldest first, from the entry pages as the API gives them: each page newest
 * first, each next page older than the one before. An entry seen twice (the account moved between
 * two page requests) counts once. The points keep the ledger's own order (its sequence), not a sort
 * by time, because entries of one transaction share their timestamp.
 */
export function balanceHistory(pages: readonly (readonly LedgerEntryPoint[])[]): BalancePoint[] {
  const seen = new Set<string>();
  const newestFirst: LedgerEntryPoint[] = [];
  for (const page of pages) {
    for (const entry of page) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      newestFirst.push(entry);
    }
  }
  const currencies = new Set(newestFirst.map((entry) => entry.balanceAfter.currency));
  // An account holds one currency; entries of two would mean the pages came from two accounts.
  if (currencies.size > 1) throw new Error(`one account's entries in ${[...currencies].join(', ')}`);
  return newestFirst.reverse().map((entry) => ({
    time: new Date(entry.createdAt).getTime(),
    createdAt: entry.createdAt,
    balance: entry.balanceAfter.amount,
  }));
}
