import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../ui/NotFoundPage';
import { ApiKeysPage } from './api-keys/ApiKeysPage';
import { DisputePage } from './disputes/DisputePage';
import { DisputesPage } from './disputes/DisputesPage';
import { ListingPage } from './listings/ListingPage';
import { ListingsPage } from './listings/ListingsPage';
import { PayoutsPage } from './payouts/PayoutsPage';
import { SalesPage } from './sales/SalesPage';

/** The seller's side of the console: listings and their codes, sales and their disputes, payouts, partner API keys. */
export default function SellerArea() {
  return (
    <Routes>
      <Route index element={<Navigate to="listings" replace />} />
      <Route path="listings" element={<ListingsPage />} />
      <Route path="listings/:listingId" element={<ListingPage />} />
      <Route path="sales" element={<SalesPage />} />
      <Route path="disputes" element={<DisputesPage />} />
      <Route path="disputes/:disputeId" element={<DisputePage />} />
      <Route path="payouts" element={<PayoutsPage />} />
      <Route path="api-keys" element={<ApiKeysPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
