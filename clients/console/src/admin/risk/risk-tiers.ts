import type { RiskTier, RiskTierChangeCause } from '../../gql/graphql';

/**
 * The tiers in rising severity, with what each one does, for selects and badges. Badge colours are
 * filled: light ones get dark text (theme autoContrast), dark ones are dark enough for white (AA).
 */
export const riskTiers: readonly { value: RiskTier; label: string; color: string }[] = [
  { value: 'NORMAL', label: 'Normal: no restriction', color: 'green' },
  { value: 'WARNING', label: 'Warning: buyer may open fewer disputes', color: 'yellow' },
  { value: 'AT_RISK', label: 'At risk: seller payouts held, buyer opens no dispute', color: 'orange' },
  { value: 'RESTRICTED', label: 'Restricted: seller listings hidden, buyer cannot purchase', color: 'red.9' },
  { value: 'BANNED', label: 'Banned: no transaction of any kind, sessions revoked', color: 'dark.7' },
];

export function riskTierColor(tier: RiskTier): string {
  return riskTiers.find((entry) => entry.value === tier)?.color ?? 'gray';
}

const causeLabels = new Map<string, string>(
  Object.entries({
    RECOMPUTE: 'New score',
    OVERRIDE_SET: 'Override set',
    OVERRIDE_CLEARED: 'Override cleared',
    OVERRIDE_EXPIRED: 'Override expired',
  } satisfies Record<RiskTierChangeCause, string>),
);

/** Why the tier changed (the history's cause), in words; one this console does not know yet, from its code. */
export function riskTierChangeCauseLabel(cause: string): string {
  const known = causeLabels.get(cause);
  if (known) return known;
  const words = cause.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
