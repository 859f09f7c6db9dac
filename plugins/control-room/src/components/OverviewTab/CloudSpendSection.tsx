import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { Kpi } from '@finance-ppm/plugin-control-room-common';
import { CloudMonth, cloudMonthlyTotals } from '../../lib/cloud';
import { formatMoney, sumMoney } from '../../lib/money';
import { CsvColumn, csvExportMenu, withCsvRow } from '../../lib/csv';
import {
  AZURE_CONFIG,
  chosenColumns,
  moneyColumn,
  MONEY_CELL,
  NoData,
  usePhone,
} from '../common';

const cloudCsvColumns: CsvColumn<CloudMonth>[] = [
  { title: 'Month', value: m => m.period },
  { title: 'Notion actual', value: m => m.notionActual },
  { title: 'Cloud actual', value: m => m.cloudActual },
  { title: 'Unallocated cloud', value: m => m.unallocated },
  { title: 'Currency', value: m => m.unit },
];

/**
 * Azure's billed spend per month beside the actual people report in
 * Notion, and the spend no project claims, from the program KPIs of the
 * selected range (the ones the budget section loaded).
 */
export const CloudSpendSection = ({ kpis }: { kpis: Kpi[] }) => {
  const phone = usePhone();
  const months = cloudMonthlyTotals(kpis);
  if (months.length === 0) {
    return (
      <Grid item xs={12}>
        <NoData
          title="No Azure cost data in this range"
          config={AZURE_CONFIG}
        />
      </Grid>
    );
  }
  const unit = months.find(m => m.unit)?.unit;
  const columns: TableColumn<CloudMonth & { id: string }>[] = [
    { title: 'Month', field: 'period' },
    moneyColumn({
      title: 'Notion actual',
      field: 'notionActual',
      render: m => formatMoney(m.notionActual, m.unit),
    }),
    moneyColumn({
      title: 'Cloud actual',
      field: 'cloudActual',
      render: m => formatMoney(m.cloudActual, m.unit),
    }),
    moneyColumn({
      title: 'Unallocated cloud',
      field: 'unallocated',
      render: m => formatMoney(m.unallocated, m.unit),
    }),
    // On a phone: Notion's actual over the cloud actual, in one cell.
    {
      title: 'Notion / cloud actual',
      field: 'cloudActual',
      type: 'numeric',
      render: m => (
        <>
          <span style={MONEY_CELL}>{formatMoney(m.notionActual, m.unit)}</span>
          <br />
          <span style={MONEY_CELL}>{formatMoney(m.cloudActual, m.unit)}</span>
        </>
      ),
    },
  ];
  const unallocated = sumMoney(months.map(m => m.unallocated));
  return (
    <Grid item xs={12}>
      <InfoCard title="Cloud actual vs Notion actual">
        <Typography data-testid="cloud-unallocated" gutterBottom>
          Unallocated cloud spend in this range:{' '}
          {formatMoney(unallocated, unit)} (no project tag and no resource-group
          mapping)
        </Typography>
        <Table<CloudMonth & { id: string }>
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            exportMenu: csvExportMenu('cloud-spend.csv', cloudCsvColumns),
          }}
          title="By month"
          columns={withCsvRow(
            phone
              ? chosenColumns(columns, phone, [
                  'Month',
                  'Notion / cloud actual',
                ])
              : columns.slice(0, 4),
          )}
          data={months.map(m => ({ ...m, id: m.period }))}
        />
      </InfoCard>
    </Grid>
  );
};
