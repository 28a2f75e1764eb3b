import '@mantine/charts/styles.css';
import { formatMoney } from '@codesale/client-shared';
import { LineChart } from '@mantine/charts';
import { formatDateTime } from '../../ui/date-time';
import type { BalancePoint } from './balance-history';

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
/** Under two days of history, the axis shows times of day; beyond, days. */
const timeOfDaySpanMs = 2 * 24 * 60 * 60 * 1000;

/** recharts also asks for labels of nothing (a tooltip before any hover): those stay empty. */
function timeLabel(time: unknown, format: (date: Date) => string): string {
  const milliseconds = Number(time);
  return Number.isFinite(milliseconds) && time !== null && time !== '' ? format(new Date(milliseconds)) : '';
}

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
  const span = (points.at(-1)?.time ?? 0) - (points[0]?.time ?? 0);
  const tickFormat = span < timeOfDaySpanMs ? timeFormat : dayFormat;
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
        tickFormatter: (time: unknown) => timeLabel(time, (date) => tickFormat.format(date)),
      }}
      yAxisProps={{ width: 96 }}
      tooltipProps={{
        labelFormatter: (time) => timeLabel(time, (date) => formatDateTime(date.toISOString())),
      }}
      data-testid="balance-history-chart"
    />
  );
}
