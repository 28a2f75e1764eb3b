import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../ui/NotFoundPage';
import { DisputePage } from './dispute/DisputePage';
import { LookupPage } from './lookup/LookupPage';
import { DisputeQueuePage } from './queue/DisputeQueuePage';

/**
 * Support: the live dispute queue, each dispute's page, and the look-up of a customer or an order
 * (SUPPORT and ADMIN; see app/App.tsx).
 */
export default function SupportArea() {
  return (
    <Routes>
      <Route index element={<Navigate to="/support/disputes" replace />} />
      <Route path="disputes" element={<DisputeQueuePage />} />
      <Route path="disputes/:disputeId" element={<DisputePage />} />
      <Route path="lookup" element={<LookupPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
