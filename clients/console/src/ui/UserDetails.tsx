import { Table } from '@mantine/core';
import type { Role } from '../gql/graphql';
import { DateTime } from './DateTime';
import { rolesInWords } from './role-labels';

/**
 * Who an account is, as a two-column table: name, email, roles in words, and when it signed up
 * when known. The Account page shows the viewer's own; the Staff page the user an admin found.
 */
export function UserDetails({
  user,
}: {
  user: { displayName: string; email?: string | null; roles: readonly Role[]; createdAt?: string | null };
}) {
  return (
    <Table variant="vertical" layout="fixed" maw={560} withTableBorder>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th scope="row" w={140}>
            Name
          </Table.Th>
          <Table.Td>{user.displayName}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row">Email</Table.Th>
          <Table.Td style={{ overflowWrap: 'anywhere' }}>{user.email ?? '—'}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row">Roles</Table.Th>
          <Table.Td>{rolesInWords(user.roles)}</Table.Td>
        </Table.Tr>
        {user.createdAt && (
          <Table.Tr>
            <Table.Th scope="row">Signed up</Table.Th>
            <Table.Td>
              <DateTime value={user.createdAt} />
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
