import { Title } from '@mantine/core';
import { Route, Routes } from 'react-router';

/** Placeholder until the support screens land. */
export default function SupportArea() {
  return (
    <Routes>
      <Route path="*" element={<Title order={1}>Support</Title>} />
    </Routes>
  );
}
