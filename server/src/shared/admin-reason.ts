import { isReadableLine } from './display-text';

/**
 * The reason an admin gives for an audited action (a risk override, a lifted wallet flag, a payout
 * hold, a disabled staff account): 3 to 500 characters (UTF-16 units), one readable line, trimmed
 * by the caller. The console checks the same (clients/console/src/admin/shared/reason.ts).
 */
export const adminReasonMinLength = 3;
export const adminReasonMaxLength = 500;

export const adminReasonRule = `Give a reason of ${adminReasonMinLength} to ${adminReasonMaxLength} printable characters.`;

export function isAdminReason(reason: string): boolean {
  return (
    reason.length >= adminReasonMinLength && reason.length <= adminReasonMaxLength && isReadableLine(reason)
  );
}
