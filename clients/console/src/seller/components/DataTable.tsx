import { Table, Text, useMatches } from '@mantine/core';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';

/** Below this width the table scrolls sideways rather than squeeze its columns. */
const minWidthPx = 640;

/**
 * TanStack Table's model rendered with Mantine's table: columns are declared once with their
 * header and cell, and the caption names the table for screen readers. Columns named in
 * `columnsFromSm` show from Mantine's sm breakpoint up: on a phone another column stacks their
 * values under its own (hiddenFrom="sm"), and the table fits the screen without scrolling sideways.
 */
export function DataTable<Row>({
  caption,
  data,
  columns,
  rowKey,
  empty,
  columnsFromSm = [],
}: {
  caption: string;
  data: Row[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column values are per column
  columns: ColumnDef<Row, any>[];
  rowKey: (row: Row) => string;
  empty: string;
  columnsFromSm?: readonly string[];
}) {
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey });
  const folds = columnsFromSm.length > 0;
  const minWidth = useMatches(
    { base: folds ? 0 : minWidthPx, sm: minWidthPx },
    { getInitialValueInEffect: false },
  );
  const visibleFrom = (columnId: string) => (columnsFromSm.includes(columnId) ? 'sm' : undefined);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => (
                <Table.Th key={header.id} scope="col" visibleFrom={visibleFrom(header.column.id)}>
                  {header.isPlaceholder
                    ? null
                    : flexRender(header.column.columnDef.header, header.getContext())}
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <Table.Td key={cell.id} visibleFrom={visibleFrom(cell.column.id)}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          {data.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns.length}>
                <Text c="dimmed" size="sm">
                  {empty}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
