import { Title } from '@mantine/core';
import { Route, Routes } from 'react-router';

/** Placeholder until the admin screens land. */
export default function AdminArea() {
  return (
    <Routes>
      <Route path="*" element={<Title order={1}>Admin</Title>} />
    </Routes>
  );
}
