import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../ui/NotFoundPage';
import { AuditLogPage } from './audit/AuditLogPage';
import { LedgerPage } from './ledger/LedgerPage';
import { MoneyPage } from './money/MoneyPage';
import { PayoutsPage } from './payouts/PayoutsPage';
import { RiskOverridesPage } from './risk/RiskOverridesPage';
import { StaffPage } from './staff/StaffPage';
import { FlaggedWalletsPage } from './wallets/FlaggedWalletsPage';

/**
 * The admin's screens: money invariants, payouts, the ledger, flagged wallets, risk overrides, staff
 * accounts and the audit log.
 */
export default function AdminArea() {
  return (
    <Routes>
      <Route index element={<Navigate to="money" replace />} />
      <Route path="money" element={<MoneyPage />} />
      <Route path="payouts" element={<PayoutsPage />} />
      <Route path="ledger" element={<LedgerPage />} />
      <Route path="wallets" element={<FlaggedWalletsPage />} />
      <Route path="risk" element={<RiskOverridesPage />} />
      <Route path="staff" element={<StaffPage />} />
      <Route path="audit" element={<AuditLogPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
