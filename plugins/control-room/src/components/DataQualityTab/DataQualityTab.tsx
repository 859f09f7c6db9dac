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
import { csvExportMenu, CsvColumn, withCsvRow } from '../../lib/csv';
import { ActionDialog } from '../ActionDialog';
import { choicesOf, FilterToolbar } from '../FilterToolbar';
import {
  AsyncContent,
  chosenColumns,
  effectiveRange,
  Freshness,
  Identifier,
  NoData,
  NOTION_CONFIG,
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
  usePhone,
  useUrlParam,
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
  {
    title: 'Table',
    field: 'table_name',
    defaultSort: 'asc',
    render: c => <Identifier text={c.table_name} />,
  },
  {
    title: 'Check',
    field: 'check_id',
    render: c => <Identifier text={c.check_id} />,
  },
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

const SEVERITIES = ['error', 'warn'] as const;

const issueCsvColumns: CsvColumn<DqCheck>[] = [
  { title: 'Severity', value: c => c.severity ?? 'error' },
  ...metricCsvColumns.filter(c => c.title !== 'Severity'),
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
  const phone = usePhone();
  // The issue filters live in the URL, so a filtered view can be shared.
  const [severityParam, setSeverity] = useUrlParam('severity');
  const [tableFilter, setTableFilter] = useUrlParam('table');
  const severityFilter = (SEVERITIES as readonly string[]).includes(
    severityParam,
  )
    ? severityParam
    : '';

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
            const shownIssues = issues.data.filter(
              i =>
                inRange(i.measured_at, from, to) &&
                (!tableFilter || i.table_name === tableFilter),
            );
            const tables = [
              ...new Set(issues.data.map(i => i.table_name)),
            ].sort();
            return (
              <Grid container spacing={3}>
                <Grid item xs={12}>
                  <Freshness
                    asOf={
                      [metrics.as_of, issues.as_of].filter(Boolean) as string[]
                    }
                  />
                </Grid>
                <Grid item xs={12}>
                  <FilterToolbar
                    filters={[
                      {
                        id: 'dq-severity',
                        label: 'Severity',
                        value: severityFilter,
                        onChange: setSeverity,
                        minWidth: 140,
                        choices: [
                          { value: 'error', label: 'Errors' },
                          { value: 'warn', label: 'Warnings' },
                        ],
                      },
                      {
                        id: 'dq-table',
                        label: 'Table',
                        value: tables.includes(tableFilter) ? tableFilter : '',
                        onChange: setTableFilter,
                        minWidth: 200,
                        choices: choicesOf(tables),
                      },
                    ]}
                    csv={{
                      what: 'data-quality issues',
                      fileName: 'data-quality-issues.csv',
                      columns: issueCsvColumns,
                      rows: shownIssues.filter(
                        i =>
                          !severityFilter ||
                          (i.severity ?? 'error') === severityFilter,
                      ),
                    }}
                  />
                </Grid>
                {SEVERITIES.filter(
                  severity => !severityFilter || severity === severityFilter,
                ).map(severity => {
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
                                <Identifier text={issue.table_name} />:{' '}
                                <Identifier text={issue.check_id} /> (
                                {issue.failing_rows ?? 0} failing rows)
                              </Typography>
                              {issue.sample_keys?.length ? (
                                // Row keys are raw ids: shown on request,
                                // and in the CSV export.
                                <details>
                                  <summary>
                                    <Typography
                                      variant="body2"
                                      component="span"
                                      color="textSecondary"
                                    >
                                      Sample row keys (
                                      {issue.sample_keys.length})
                                    </Typography>
                                  </summary>
                                  <Typography
                                    variant="body2"
                                    color="textSecondary"
                                    // Keys are ids with no place to wrap at.
                                    style={{ overflowWrap: 'anywhere' }}
                                  >
                                    {issue.sample_keys.join(', ')}
                                  </Typography>
                                </details>
                              ) : null}
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
                    columns={withCsvRow(
                      chosenColumns(metricColumns, phone, [
                        'Check',
                        'Status',
                        'Failing rows',
                      ]),
                    )}
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
