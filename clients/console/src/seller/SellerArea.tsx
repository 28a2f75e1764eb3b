import { Title } from '@mantine/core';
import { Route, Routes } from 'react-router';

/** Placeholder until the seller screens land. */
export default function SellerArea() {
  return (
    <Routes>
      <Route path="*" element={<Title order={1}>Seller</Title>} />
    </Routes>
  );
}
