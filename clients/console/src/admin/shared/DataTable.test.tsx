import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ColumnDef } from '@tanstack/react-table';
import { DataTable } from './DataTable';
import { renderWithMantine } from './render-with-mantine';

interface Row {
  id: string;
  name: string;
  amount: number;
}

const rows: Row[] = [
  { id: 'a', name: 'second', amount: 200 },
  { id: 'b', name: 'first', amount: -50 },
  { id: 'c', name: 'third', amount: 1_000 },
];

const columns: ColumnDef<Row>[] = [
  { id: 'name', header: 'Name', accessorFn: (row) => row.name },
  { id: 'amount', header: 'Amount', accessorFn: (row) => row.amount, enableSorting: true },
];

function names(): string[] {
  const table = screen.getByRole('table', { name: 'Rows' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent ?? '');
}

describe('DataTable', () => {
  it("keeps the server's order until a sortable column is chosen, then sorts by it from the keyboard", async () => {
    renderWithMantine(
      <DataTable caption="Rows" data={rows} columns={columns} getRowId={(row) => row.id} empty="None" />,
    );
    expect(names()).toEqual(['second', 'first', 'third']);

    // A column that did not ask to sort has no button; the one that did is a button in its header.
    expect(within(screen.getByRole('columnheader', { name: 'Name' })).queryByRole('button')).toBeNull();
    const amountHeader = screen.getByRole('columnheader', { name: /Amount/ });
    within(amountHeader).getByRole('button').focus();
    await userEvent.keyboard('{Enter}');
    expect(names()).toEqual(['first', 'second', 'third']);
    expect(amountHeader.getAttribute('aria-sort')).toBe('ascending');

    await userEvent.keyboard(' ');
    expect(names()).toEqual(['third', 'second', 'first']);
    expect(amountHeader.getAttribute('aria-sort')).toBe('descending');
  });

  it('says so when there is nothing to show', () => {
    renderWithMantine(
      <DataTable
        caption="Rows"
        data={[]}
        columns={columns}
        getRowId={(row) => row.id}
        empty="No rows yet."
      />,
    );
    expect(screen.getByText('No rows yet.')).toBeTruthy();
  });
});
