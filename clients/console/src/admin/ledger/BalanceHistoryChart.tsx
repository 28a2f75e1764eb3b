import '@mantine/charts/styles.css';
import { formatMoney } from '@codesale/client-shared';
import { LineChart } from '@mantine/charts';
import { formatDateTime } from '../shared/dates';
import type { BalancePoint } from './balance-history';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

/**
 * The balance after each entry, over time. Loaded on demand (React.lazy): recharts is the heaviest
 * dependency of the console and only this chart needs it.
 */
export default function BalanceHistoryChart({
  points,
  currency,
}: {
  points: readonly BalancePoint[];
  currency: string;
}) {
  const money = (amount: number) => formatMoney({ amount, currency });
  return (
    <LineChart
      h={280}
      data={points.map((point) => ({ ...point }))}
      dataKey="time"
      series={[{ name: 'balance', label: 'Balance after', color: 'indigo.6' }]}
      curveType="stepAfter"
      withDots={points.length <= 60}
      valueFormatter={money}
      xAxisProps={{
        type: 'number',
        scale: 'time',
        domain: ['dataMin', 'dataMax'],
        tickFormatter: (time: number) => dayFormat.format(new Date(time)),
      }}
      yAxisProps={{ width: 96 }}
      tooltipProps={{ labelFormatter: (time) => formatDateTime(new Date(Number(time)).toISOString()) }}
      data-testid="balance-history-chart"
    />
  );
}
