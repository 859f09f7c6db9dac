import { InfoCard, Table } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { Kpi } from '@finance-ppm/plugin-control-room-common';
import { CloudMonth, cloudMonthlyTotals } from '../../lib/cloud';
import { formatMoney, sumMoney } from '../../lib/money';
import { AZURE_CONFIG, NoData } from '../common';

/**
 * Azure's billed spend per month beside the actual people report in
 * Notion, and the spend no project claims, from the program KPIs of the
 * selected range (the ones the budget section loaded).
 */
export const CloudSpendSection = ({ kpis }: { kpis: Kpi[] }) => {
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
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={[
            { title: 'Month', field: 'period' },
            {
              title: 'Notion actual',
              field: 'notionActual',
              type: 'numeric',
              render: m => formatMoney(m.notionActual, m.unit),
            },
            {
              title: 'Cloud actual',
              field: 'cloudActual',
              type: 'numeric',
              render: m => formatMoney(m.cloudActual, m.unit),
            },
            {
              title: 'Unallocated cloud',
              field: 'unallocated',
              type: 'numeric',
              render: m => formatMoney(m.unallocated, m.unit),
            },
          ]}
          data={months.map(m => ({ ...m, id: m.period }))}
        />
      </InfoCard>
    </Grid>
  );
};
