import { useCallback, useState } from 'react';
import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  controlRoomJobRunPermission,
  Job,
  JobRun,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import { inRange } from '../../lib/money';
import { csvExportMenu, CsvColumn, withCsvRow } from '../../lib/csv';
import {
  AsyncContent,
  chosenColumns,
  effectiveRange,
  Freshness,
  NoData,
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
  usePhone,
  useUrlParam,
} from '../common';

export const RunStatus = ({ status }: { status?: string }) => {
  switch (status) {
    case 'SUCCESS':
      return <StatusOK>SUCCESS</StatusOK>;
    case 'FAILED':
      return <StatusError>FAILED</StatusError>;
    case 'RUNNING':
      return <StatusRunning>RUNNING</StatusRunning>;
    default:
      return <StatusPending>{status ?? 'never run'}</StatusPending>;
  }
};

function formatTime(value?: string): string {
  return value ? new Date(value).toLocaleString() : '–';
}

/** Under a second in ms (a sub-second job would read "0.0 s"), else s or min. */
export function formatDuration(seconds?: number): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) {
    return '–';
  }
  if (seconds < 1) {
    return `${Math.round(seconds * 1000)} ms`;
  }
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

const runCsvColumns: CsvColumn<JobRun>[] = [
  { title: 'Job', value: r => r.job_name },
  { title: 'Started', value: r => r.started_at },
  { title: 'Ended', value: r => r.ended_at },
  { title: 'Status', value: r => r.status },
  { title: 'Trigger', value: r => r.trigger },
  { title: 'Duration (s)', value: r => r.duration_seconds },
  { title: 'Rows', value: r => r.rows_written },
  { title: 'Error', value: r => r.error_message },
];

const jobCsvColumns: CsvColumn<Job>[] = [
  { title: 'Job', value: j => j.job_name },
  { title: 'Schedule', value: j => j.schedule },
  { title: 'Last status', value: j => j.last_run_status },
  { title: 'Last run', value: j => j.last_run_time },
  { title: 'Duration (s)', value: j => j.last_run_duration_seconds },
  { title: 'Next run', value: j => j.next_run_time },
  { title: 'Error', value: j => j.error_message },
];

const RunHistory = ({ job, refreshKey }: { job: Job; refreshKey: number }) => {
  const api = useApi(controlRoomApiRef);
  const phone = usePhone();
  // The search is kept in the URL, so a searched history can be shared.
  const [search, setSearch] = useUrlParam('runs');
  const onStateChange = useCallback(
    (state: { search?: string }) => setSearch(state.search ?? ''),
    [setSearch],
  );
  const { range } = useDateRange();
  const { from, to } = effectiveRange(range);
  const liveKey = useJobRunsRefresh();
  const state = useAsync(
    () => api.listJobRuns({ job: job.job_id, limit: 50 }),
    [api, job.job_id, refreshKey, liveKey],
  );
  const columns: TableColumn<JobRun>[] = [
    {
      title: 'Started',
      field: 'started_at',
      // On a phone the status sits under the start time.
      render: r =>
        phone ? (
          <>
            {formatTime(r.started_at)}
            <Box mt={0.5}>
              <RunStatus status={r.status} />
            </Box>
          </>
        ) : (
          formatTime(r.started_at)
        ),
    },
    {
      title: 'Status',
      field: 'status',
      render: r => <RunStatus status={r.status} />,
    },
    { title: 'Trigger', field: 'trigger' },
    {
      title: 'Duration',
      field: 'duration_seconds',
      render: r => formatDuration(r.duration_seconds),
    },
    { title: 'Rows', field: 'rows_written', type: 'numeric' },
    { title: 'Error', field: 'error_message' },
  ];
  return (
    <AsyncContent
      title={`Could not load the runs of ${job.job_name}`}
      {...state}
    >
      {runs => (
        <Table<JobRun>
          title={`Run history: ${job.job_name}`}
          options={{
            paging: true,
            pageSize: 10,
            search: true,
            searchText: search,
            padding: 'dense',
            exportMenu: csvExportMenu(`runs-${job.job_id}.csv`, runCsvColumns),
          }}
          initialState={{ search }}
          onStateChange={onStateChange}
          columns={withCsvRow(
            chosenColumns(columns, phone, ['Started', 'Duration']),
          )}
          data={runs.data
            .filter(r => inRange(r.started_at, from, to))
            .map(r => ({ ...r, id: r.run_id }))}
          emptyContent={<NoData title="No runs in this range" />}
        />
      )}
    </AsyncContent>
  );
};

/** The Pipelines tab: the six jobs, their runs, and "Run now" for permitted users. */
export const PipelinesTab = () => {
  const api = useApi(controlRoomApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed: canRun } = usePermission({
    permission: controlRoomJobRunPermission,
  });
  const liveKey = useJobRunsRefresh();
  const jobs = useAsyncRetry(() => api.listJobs(), [api, liveKey]);
  const phone = usePhone();
  // The job whose history is open, in the URL so a link opens it.
  const [selected, setSelected] = useUrlParam('job');
  const [refreshKey, setRefreshKey] = useState(0);
  const [starting, setStarting] = useState<string>();

  const runNow = async (job: Job) => {
    setStarting(job.job_id);
    try {
      const answer = await api.runJob(job.job_id);
      alertApi.post({
        message: answer.started
          ? `${job.job_name} started`
          : `${job.job_name} is already running`,
        severity: answer.started ? 'success' : 'info',
        display: 'transient',
      });
      setSelected(job.job_id);
      setRefreshKey(k => k + 1);
      jobs.retry();
    } catch (e) {
      alertApi.post({
        message: `Could not start ${job.job_name}: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setStarting(undefined);
    }
  };

  const columns: TableColumn<Job>[] = [
    {
      title: 'Job',
      field: 'job_name',
      highlight: true,
      // On a phone the status sits under the name.
      render: j =>
        phone ? (
          <>
            {j.job_name}
            <Box mt={0.5}>
              <RunStatus status={j.last_run_status} />
            </Box>
          </>
        ) : (
          j.job_name
        ),
    },
    { title: 'Schedule', field: 'schedule' },
    {
      title: 'Last status',
      field: 'last_run_status',
      render: j => <RunStatus status={j.last_run_status} />,
    },
    {
      title: 'Last run',
      field: 'last_run_time',
      render: j => formatTime(j.last_run_time),
    },
    {
      title: 'Duration',
      field: 'last_run_duration_seconds',
      render: j => formatDuration(j.last_run_duration_seconds),
    },
    {
      title: 'Next run',
      field: 'next_run_time',
      render: j => formatTime(j.next_run_time),
    },
    { title: 'Error', field: 'error_message' },
    {
      title: 'Actions',
      sorting: false,
      render: j => (
        <Box display="flex" flexDirection={phone ? 'column' : 'row'}>
          <Button
            size="small"
            onClick={() => setSelected(j.job_id)}
            aria-label={`History of ${j.job_name}`}
          >
            History
          </Button>
          {canRun && (
            <Button
              size="small"
              color="primary"
              disabled={starting === j.job_id}
              onClick={() => runNow(j)}
              aria-label={`Run ${j.job_name} now`}
            >
              Run now
            </Button>
          )}
        </Box>
      ),
    },
  ];

  return (
    <TabFrame>
      <Grid item xs={12}>
        <AsyncContent title="Could not load the jobs" {...jobs}>
          {value => {
            if (value.data.length === 0) {
              return (
                <NoData
                  title="No pipeline jobs are registered"
                  config={['controlRoom.lakehouse.engine']}
                />
              );
            }
            const job = value.data.find(j => j.job_id === selected);
            return (
              <Grid container spacing={3}>
                <Grid item xs={12}>
                  <Button
                    variant="outlined"
                    size="small"
                    onClick={() => {
                      jobs.retry();
                      setRefreshKey(k => k + 1);
                    }}
                  >
                    Refresh
                  </Button>
                </Grid>
                <Grid item xs={12}>
                  <Table<Job>
                    title="Pipeline jobs"
                    options={{
                      paging: false,
                      search: false,
                      padding: 'dense',
                      exportMenu: csvExportMenu('jobs.csv', jobCsvColumns),
                    }}
                    columns={withCsvRow(
                      chosenColumns(columns, phone, ['Job', 'Actions']),
                    )}
                    data={value.data.map(j => ({ ...j, id: j.job_id }))}
                  />
                  <Freshness asOf={value.as_of ? [value.as_of] : []} />
                </Grid>
                <Grid item xs={12}>
                  {job ? (
                    <RunHistory job={job} refreshKey={refreshKey} />
                  ) : (
                    <InfoCard title="Run history">
                      Choose History on a job to see its runs.
                    </InfoCard>
                  )}
                </Grid>
              </Grid>
            );
          }}
        </AsyncContent>
      </Grid>
    </TabFrame>
  );
};
