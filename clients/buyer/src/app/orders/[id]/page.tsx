import type { Metadata } from 'next';
import { OrderPage } from '../../../orders/OrderPage';

export const metadata: Metadata = { title: 'Order' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OrderPage orderId={decodeURIComponent(id)} />;
}
