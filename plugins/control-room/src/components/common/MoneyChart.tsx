import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney } from '../../lib/money';

/** The colour each money series has on every chart. */
export const MONEY_SERIES_COLOURS = {
  Budget: '#1976d2',
  BAC: '#1976d2',
  Actual: '#ef6c00',
  Committed: '#6a1b9a',
  EAC: '#d32f2f',
} as const;

export type MoneySeries = keyof typeof MONEY_SERIES_COLOURS;

export interface MoneyChartProps {
  /** One point per x value; series values are chart numbers (see toChartNumber). */
  data: Array<Record<string, string | number>>;
  xKey: string;
  hideXAxis?: boolean;
  series: MoneySeries[];
  variant: 'bars' | 'lines';
  height: number;
  currency?: string;
}

// Compact ticks (1.2M) keep the axis readable on a 375 px screen.
export const compactTick = (value: number) =>
  new Intl.NumberFormat(undefined, { notation: 'compact' }).format(value);

/** A chart of amounts: money tooltips, compact ticks, fixed series colours. */
export const MoneyChart = (props: MoneyChartProps) => {
  const Chart = props.variant === 'bars' ? BarChart : LineChart;
  return (
    <ResponsiveContainer width="100%" height={props.height}>
      <Chart data={props.data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey={props.xKey} hide={props.hideXAxis} />
        <YAxis tickFormatter={compactTick} />
        <Tooltip
          formatter={(v: any) => formatMoney(String(v), props.currency)}
        />
        <Legend />
        {props.series.map(name =>
          props.variant === 'bars' ? (
            <Bar key={name} dataKey={name} fill={MONEY_SERIES_COLOURS[name]} />
          ) : (
            <Line
              key={name}
              dataKey={name}
              stroke={MONEY_SERIES_COLOURS[name]}
            />
          ),
        )}
      </Chart>
    </ResponsiveContainer>
  );
};
