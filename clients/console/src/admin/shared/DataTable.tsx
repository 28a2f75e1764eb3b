import { Table, Text, UnstyledButton } from '@mantine/core';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useState, type ReactNode } from 'react';
import { ScrollTable } from './ScrollTable';

export interface DataTableProps<Row> {
  /** Names the table for screen readers. */
  caption: string;
  data: readonly Row[];
  columns: ColumnDef<Row>[];
  getRowId: (row: Row) => string;
  initialSorting?: SortingState;
  empty: ReactNode;
  /** Below this width the table scrolls sideways rather than squeezing its columns. */
  minWidth?: number;
  /** Marks a row (the selected account, ...) for sighted and assistive readers alike. */
  isRowSelected?: (row: Row) => boolean;
}

const sortLabels = { asc: 'ascending', desc: 'descending' } as const;

/**
 * TanStack Table on Mantine's table: columns that declare `enableSorting` sort on a click or on
 * Enter/Space (the header is a button), and the header says its order through aria-sort.
 */
export function DataTable<Row>({
  caption,
  data,
  columns,
  getRowId,
  initialSorting = [],
  empty,
  isRowSelected,
  minWidth = 640,
}: DataTableProps<Row>) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data: data as Row[],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableSortingRemoval: false,
    // The first press sorts ascending whatever the type (TanStack would start numbers descending).
    sortDescFirst: false,
    // Only the columns that ask for it (enableSorting: true) sort; the others keep the server's order.
    defaultColumn: { enableSorting: false },
  });

  if (data.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {empty}
      </Text>
    );
  }

  return (
    <ScrollTable label={caption} minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{caption}</Table.Caption>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <Table.Th key={header.id} scope="col" aria-sort={sorted ? sortLabels[sorted] : undefined}>
                    {header.column.getCanSort() ? (
                      <UnstyledButton
                        onClick={header.column.getToggleSortingHandler()}
                        fw={700}
                        fz="sm"
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {label}
                        <span aria-hidden="true">
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}
                        </span>
                      </UnstyledButton>
                    ) : (
                      label
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => {
            const selected = isRowSelected?.(row.original) ?? false;
            return (
              <Table.Tr
                key={row.id}
                aria-current={selected ? true : undefined}
                bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
              >
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
