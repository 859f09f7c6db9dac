import { useState } from 'react';
import {
  InfoCard,
  Table,
  TableColumn,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type { DqCheck } from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import { inRange } from '../../lib/money';
import { csvExportMenu, CsvColumn } from '../../lib/csv';
import { ActionDialog } from '../ActionDialog';
import {
  AsyncContent,
  effectiveRange,
  Freshness,
  NoData,
  NOTION_CONFIG,
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
} from '../common';

const CheckStatus = ({ status }: { status: string }) => {
  const text = status.toLocaleLowerCase('en-US');
  if (text === 'pass' || text === 'passed' || text === 'ok') {
    return <StatusOK>{status}</StatusOK>;
  }
  if (text === 'warn' || text === 'warning') {
    return <StatusWarning>{status}</StatusWarning>;
  }
  return <StatusError>{status}</StatusError>;
};

const metricColumns: TableColumn<DqCheck>[] = [
  { title: 'Table', field: 'table_name', defaultSort: 'asc' },
  { title: 'Check', field: 'check_id' },
  { title: 'Kind', field: 'check_kind' },
  { title: 'Severity', field: 'severity' },
  {
    title: 'Status',
    field: 'status',
    render: c => <CheckStatus status={c.status} />,
  },
  { title: 'Failing rows', field: 'failing_rows', type: 'numeric' },
  {
    title: 'Measured',
    field: 'measured_at',
    render: c =>
      c.measured_at ? new Date(c.measured_at).toLocaleString() : '–',
  },
];

const SEVERITIES = ['error', 'warn'] as const;

const metricCsvColumns: CsvColumn<DqCheck>[] = [
  { title: 'Table', value: c => c.table_name },
  { title: 'Check', value: c => c.check_id },
  { title: 'Kind', value: c => c.check_kind },
  { title: 'Severity', value: c => c.severity },
  { title: 'Status', value: c => c.status },
  { title: 'Failing rows', value: c => c.failing_rows },
  { title: 'Sample keys', value: c => c.sample_keys?.join(' ') },
  { title: 'Measured', value: c => c.measured_at },
];

/** The Data Quality tab: metrics per table and check, issues by severity. */
export const DataQualityTab = () => {
  const api = useApi(controlRoomApiRef);
  const { range } = useDateRange();
  const { from, to } = effectiveRange(range);
  const liveKey = useJobRunsRefresh();
  const state = useAsync(async () => {
    const [metrics, issues] = await Promise.all([
      api.listDqMetrics(),
      api.listDqIssues(),
    ]);
    return { metrics, issues };
  }, [api, liveKey]);
  const [actionFor, setActionFor] = useState<DqCheck>();

  return (
    <TabFrame>
      <Grid item xs={12}>
        <AsyncContent
          title="Could not load the data-quality results"
          {...state}
        >
          {({ metrics, issues }) => {
            if (metrics.data.length === 0 && issues.data.length === 0) {
              return (
                <NoData
                  title="No data-quality results yet"
                  config={NOTION_CONFIG}
                />
              );
            }
            const shownIssues = issues.data.filter(i =>
              inRange(i.measured_at, from, to),
            );
            return (
              <Grid container spacing={3}>
                <Grid item xs={12}>
                  <Freshness
                    asOf={
                      [metrics.as_of, issues.as_of].filter(Boolean) as string[]
                    }
                  />
                </Grid>
                {SEVERITIES.map(severity => {
                  const group = shownIssues.filter(
                    i => (i.severity ?? 'error') === severity,
                  );
                  return (
                    <Grid item xs={12} md={6} key={severity}>
                      <InfoCard
                        title={`${
                          severity === 'error' ? 'Errors' : 'Warnings'
                        } (${group.length})`}
                      >
                        {group.length === 0 ? (
                          <Typography>
                            No open{' '}
                            {severity === 'error' ? 'errors' : 'warnings'}.
                          </Typography>
                        ) : (
                          group.map(issue => (
                            <div
                              key={issue.check_id}
                              data-testid={`dq-issue-${issue.check_id}`}
                              style={{ marginBottom: 16 }}
                            >
                              <Typography variant="subtitle2">
                                {issue.table_name}: {issue.check_id} (
                                {issue.failing_rows ?? 0} failing rows)
                              </Typography>
                              <Typography variant="body2" color="textSecondary">
                                Sample keys:{' '}
                                {issue.sample_keys?.length
                                  ? issue.sample_keys.join(', ')
                                  : 'none'}
                              </Typography>
                              <Button
                                size="small"
                                color="primary"
                                onClick={() => setActionFor(issue)}
                              >
                                Create action
                              </Button>
                            </div>
                          ))
                        )}
                      </InfoCard>
                    </Grid>
                  );
                })}
                <Grid item xs={12}>
                  <Table<DqCheck>
                    title="Metrics per table and check"
                    options={{
                      paging: true,
                      pageSize: 20,
                      search: true,
                      padding: 'dense',
                      exportMenu: csvExportMenu(
                        'data-quality.csv',
                        metricCsvColumns,
                      ),
                    }}
                    columns={metricColumns}
                    data={metrics.data
                      .filter(m => inRange(m.measured_at, from, to))
                      .map(m => ({ ...m, id: m.check_id }))}
                    emptyContent={
                      <NoData title="No checks measured in this range" />
                    }
                  />
                </Grid>
              </Grid>
            );
          }}
        </AsyncContent>
      </Grid>
      {actionFor && (
        <ActionDialog
          open
          source="dq"
          sourceId={actionFor.check_id}
          defaultTitle={`Fix ${actionFor.check_id} on ${actionFor.table_name}`}
          onClose={() => setActionFor(undefined)}
        />
      )}
    </TabFrame>
  );
};
