import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { JobRun } from '@finance-ppm/plugin-control-room-common';
import { CONTROL_ROOM_JOB_RUNS_CHANNEL } from '@finance-ppm/plugin-control-room-common';
import {
  captureCsvDownloads,
  emptyApi,
  fakeSignals,
  pending,
  renderTab,
  ShowLocation,
} from '../../__testUtils__/testing';
import { formatDuration, PipelinesTab } from './PipelinesTab';

const jobs = [
  {
    job_id: 'notion_sync_bronze',
    job_name: 'notion_sync_bronze',
    schedule: 'every 5 min',
    last_run_status: 'SUCCESS' as const,
    last_run_time: '2026-02-01T10:00:00Z',
    last_run_duration_seconds: 12.5,
    next_run_time: '2026-02-01T10:05:00Z',
  },
  {
    job_id: 'ppm_marts_gold',
    job_name: 'ppm_marts_gold',
    schedule: 'hourly',
    last_run_status: 'FAILED' as const,
    error_message: 'model ppm_forecast failed',
  },
];

function apiWithRuns() {
  const runs: JobRun[] = [
    {
      run_id: 'r1',
      job_id: 'notion_sync_bronze',
      job_name: 'notion_sync_bronze',
      status: 'SUCCESS',
      trigger: 'schedule',
      started_at: '2026-02-01T10:00:00Z',
      rows_written: 42,
    },
  ];
  return emptyApi({
    listJobs: async () => ({ data: jobs }),
    listJobRuns: async () => ({ data: [...runs] }),
    runJob: async jobId => {
      runs.unshift({
        run_id: 'r2',
        job_id: jobId,
        job_name: jobId,
        status: 'RUNNING',
        trigger: 'manual',
        started_at: '2026-02-01T11:00:00Z',
      });
      return { job_id: jobId, started: true };
    },
  });
}

describe('PipelinesTab', () => {
  it('shows progress while the jobs load', async () => {
    await renderTab(<PipelinesTab />, emptyApi({ listJobs: pending }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error panel', async () => {
    await renderTab(
      <PipelinesTab />,
      emptyApi({
        listJobs: async () => {
          throw new Error('boom');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the jobs/),
    ).toBeInTheDocument();
  });

  it('says when no job is registered', async () => {
    await renderTab(<PipelinesTab />, emptyApi());
    expect(
      await screen.findByText('No pipeline jobs are registered'),
    ).toBeInTheDocument();
  });

  it('lists jobs with status, duration and error, and their run history', async () => {
    await renderTab(<PipelinesTab />, apiWithRuns());
    const row = (await screen.findByText('notion_sync_bronze')).closest('tr')!;
    expect(within(row).getByText('SUCCESS')).toBeInTheDocument();
    expect(within(row).getByText('12.5 s')).toBeInTheDocument();
    expect(within(row).getByText('every 5 min')).toBeInTheDocument();
    const failed = screen.getByText('ppm_marts_gold').closest('tr')!;
    expect(within(failed).getByText('FAILED')).toBeInTheDocument();
    expect(
      within(failed).getByText('model ppm_forecast failed'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'History of notion_sync_bronze' }),
    );
    expect(
      await screen.findByText('Run history: notion_sync_bronze'),
    ).toBeInTheDocument();
    expect(screen.getByText('42')).toBeInTheDocument();
  });

  const twoRuns = () =>
    emptyApi({
      listJobs: async () => ({ data: jobs }),
      listJobRuns: async () => ({
        data: [
          {
            run_id: 'r1',
            job_id: 'notion_sync_bronze',
            job_name: 'notion_sync_bronze',
            status: 'SUCCESS',
            trigger: 'schedule',
            started_at: '2026-02-01T10:00:00Z',
            rows_written: 42,
          },
          {
            run_id: 'r2',
            job_id: 'notion_sync_bronze',
            job_name: 'notion_sync_bronze',
            status: 'FAILED',
            trigger: 'manual',
            started_at: '2026-02-01T09:00:00Z',
            error_message: 'Notion answered 529',
          },
        ],
      }),
    });

  it('opens the history and search the URL names, so a link shows the same runs', async () => {
    await renderTab(<PipelinesTab />, twoRuns(), {
      route: '/?job=notion_sync_bronze&runs=529',
    });
    expect(
      await screen.findByText('Run history: notion_sync_bronze'),
    ).toBeInTheDocument();
    expect(screen.getByPlaceholderText('Filter')).toHaveValue('529');
    expect(await screen.findByText('Notion answered 529')).toBeInTheDocument();
    expect(screen.queryByText('42')).not.toBeInTheDocument();
  });

  it('keeps the open history and its search in the URL', async () => {
    await renderTab(
      <>
        <PipelinesTab />
        <ShowLocation />
      </>,
      twoRuns(),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'History of notion_sync_bronze',
      }),
    );
    await userEvent.type(
      await screen.findByPlaceholderText('Filter'),
      'manual',
    );
    // The table's search is debounced.
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?job=notion_sync_bronze&runs=manual',
      ),
    );
    await waitFor(() =>
      expect(screen.queryByText('42')).not.toBeInTheDocument(),
    );
  });

  it('exports the run history as CSV', async () => {
    const downloads = captureCsvDownloads();
    try {
      await renderTab(<PipelinesTab />, twoRuns(), {
        route: '/?job=notion_sync_bronze',
      });
      await screen.findByText('Run history: notion_sync_bronze');
      const exportButtons = screen.getAllByRole('button', { name: /export/i });
      await userEvent.click(exportButtons[exportButtons.length - 1]);
      await userEvent.click(
        await screen.findByRole('menuitem', { name: 'Export as CSV' }),
      );
      const [file] = await downloads.files();
      expect(file.name).toBe('runs-notion_sync_bronze.csv');
      expect(file.text.split('\r\n')[0]).toBe(
        'Job,Started,Ended,Status,Trigger,Duration (s),Rows,Error',
      );
      expect(file.text).toContain('Notion answered 529');
    } finally {
      downloads.restore();
    }
  });

  it('starts a job with Run now and shows its new run', async () => {
    const api = apiWithRuns();
    await renderTab(<PipelinesTab />, api, { canRunJobs: true });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Run notion_sync_bronze now' }),
    );
    await waitFor(() =>
      expect(api.runJob).toHaveBeenCalledWith('notion_sync_bronze'),
    );
    expect(await screen.findByText('manual')).toBeInTheDocument();
    expect(screen.getByText('RUNNING')).toBeInTheDocument();
  });

  it('reads the jobs and runs again on Refresh', async () => {
    const api = apiWithRuns();
    await renderTab(<PipelinesTab />, api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'History of notion_sync_bronze',
      }),
    );
    await screen.findByText('Run history: notion_sync_bronze');
    const jobCalls = api.listJobs.mock.calls.length;
    const runCalls = api.listJobRuns.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(api.listJobs.mock.calls.length).toBeGreaterThan(jobCalls),
    );
    await waitFor(() =>
      expect(api.listJobRuns.mock.calls.length).toBeGreaterThan(runCalls),
    );
    expect(
      await screen.findByText('Run history: notion_sync_bronze'),
    ).toBeInTheDocument();
  });

  it('reports a job that could not start', async () => {
    const api = apiWithRuns();
    api.runJob.mockRejectedValueOnce(new Error('already running elsewhere'));
    await renderTab(<PipelinesTab />, api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Run ppm_marts_gold now' }),
    );
    await waitFor(() =>
      expect(api.runJob).toHaveBeenCalledWith('ppm_marts_gold'),
    );
    expect(
      screen.queryByText('Run history: ppm_marts_gold'),
    ).not.toBeInTheDocument();
  });

  it('refreshes the jobs when the backend signals a finished run', async () => {
    const signals = fakeSignals();
    const api = apiWithRuns();
    api.listJobs.mockResolvedValueOnce({ data: jobs }).mockResolvedValueOnce({
      data: [{ ...jobs[0], last_run_status: 'FAILED' }, jobs[1]],
    });
    await renderTab(<PipelinesTab />, api, { signals: signals.api });
    await screen.findAllByText('notion_sync_bronze');
    expect(api.listJobs).toHaveBeenCalledTimes(1);

    signals.send(CONTROL_ROOM_JOB_RUNS_CHANNEL, {
      job_id: 'notion_sync_bronze',
      run_id: 'r9',
      status: 'FAILED',
      ended_at: '2026-02-01T12:00:00Z',
    });

    await waitFor(() => expect(api.listJobs).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(screen.getAllByText('FAILED').length).toBeGreaterThan(1),
    );
  });
});

describe('formatDuration', () => {
  it('shows durations under a second in ms, never as 0.0 s', () => {
    expect(formatDuration(0.0423)).toBe('42 ms');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(1.25)).toBe('1.3 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(undefined)).toBe('–');
  });
});
