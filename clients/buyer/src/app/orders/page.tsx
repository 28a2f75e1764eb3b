import type { Metadata } from 'next';
import { OrdersPage } from '../../orders/OrdersPage';

export const metadata: Metadata = { title: 'Orders' };

export default function Page() {
  return <OrdersPage />;
}
