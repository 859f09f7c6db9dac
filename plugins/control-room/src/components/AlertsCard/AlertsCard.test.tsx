import { screen } from '@testing-library/react';
import { CONTROL_ROOM_JOB_RUNS_CHANNEL } from '@finance-ppm/plugin-control-room-common';
import type { OpenAlert } from '@finance-ppm/plugin-control-room-common';
import {
  emptyApi,
  exportCsv,
  fakeSignals,
  pending,
  renderTab,
} from '../../__testUtils__/testing';
import {
  ALERTS_SHOWN,
  AlertsCard,
  appUrl,
  describeSince,
  rankAlerts,
  summariseAlerts,
} from './AlertsCard';

const failingJob: OpenAlert = {
  kind: 'jobs',
  key: 'job-failed:notion_sync_bronze',
  title: 'Job [PPM] Notion Sync Bronze is failing',
  description: 'Notion answered 503',
  severity: 'high',
  since: '2026-03-01T09:00:00.000Z',
  link: '/control-room/pipelines',
};

describe('AlertsCard', () => {
  it('shows progress while the alerts load', async () => {
    await renderTab(<AlertsCard />, emptyApi({ getAlerts: pending }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error panel when the alerts fail', async () => {
    await renderTab(
      <AlertsCard />,
      emptyApi({
        getAlerts: async () => {
          throw new Error('lakehouse down');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the alerts/),
    ).toBeInTheDocument();
  });

  it('says so when nothing is failing', async () => {
    await renderTab(<AlertsCard />, emptyApi());
    expect(await screen.findByTestId('alerts-none')).toHaveTextContent(
      /No open alerts/,
    );
  });

  it('lists what is failing, since when, linked to the right tab', async () => {
    await renderTab(
      <AlertsCard />,
      emptyApi({
        getAlerts: async () => ({
          data: [
            failingJob,
            {
              kind: 'projectHealth',
              key: 'project-red:p1',
              title: 'Project Ledger is red',
              severity: 'high',
              since: '2026-03-01T08:00:00.000Z',
              link: '/catalog/default/component/ledger/finance',
              project_id: 'p1',
            },
          ],
          as_of: '2026-03-01T10:00:00.000Z',
        }),
      }),
    );
    const link = await screen.findByRole('link', {
      name: failingJob.title,
    });
    expect(link).toHaveAttribute('href', '/control-room/pipelines');
    expect(
      screen.getByText(/Job · since .* · Notion answered 503/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Project Ledger is red' }),
    ).toHaveAttribute('href', '/catalog/default/component/ledger/finance');
    expect(screen.getByText(/Data as of/)).toBeInTheDocument();
  });

  it('lists the most severe and oldest first, and counts the rest', async () => {
    const advisor = (i: number): OpenAlert => ({
      kind: 'advisor',
      key: `advisor:r${i}`,
      title: `New high-impact recommendation ${i}`,
      severity: 'normal',
      since: `2026-03-01T0${i % 10}:00:00.000Z`,
      link: '/control-room/advisor',
    });
    const data = [
      ...Array.from({ length: ALERTS_SHOWN + 2 }, (_, i) => advisor(i)),
      failingJob,
    ];
    await renderTab(
      <AlertsCard />,
      emptyApi({ getAlerts: async () => ({ data }) }),
    );
    expect(await screen.findByTestId('alerts-summary')).toHaveTextContent(
      `${data.length} open: 1 Job, ${ALERTS_SHOWN + 2} Advisor`,
    );
    const links = screen.getAllByRole('link');
    expect(links).toHaveLength(ALERTS_SHOWN);
    expect(links[0]).toHaveTextContent(failingJob.title);
    expect(screen.getByTestId('alerts-more')).toHaveTextContent(`and 3 more`);
  });

  it("exports every open alert as CSV in the card's order, named and linked", async () => {
    const redProject: OpenAlert = {
      kind: 'projectHealth',
      key: 'project-red:p1',
      title: 'Project Ledger Migration is red',
      description: 'Actual exceeds budget by 25%',
      severity: 'high',
      since: '2026-03-01T08:00:00.000Z',
      link: '/catalog/default/component/ledger-migration/finance',
      project_id: '7f0c2a9e-1d1b-4c55-9a43-3b1f0f4d2e11',
    };
    const advisor = (i: number): OpenAlert => ({
      kind: 'advisor',
      key: `advisor:r${i}`,
      title: `New high-impact Cost recommendation for Payroll ${i}`,
      description: `Right-size vm-${i}, "burst" tier. Potential savings 1200.50 EUR a year.`,
      severity: 'normal',
      since: `2026-03-0${i + 1}T00:00:00.000Z`,
      link: '/control-room/advisor',
    });
    // More than the card lists: the export still holds all of them.
    const advisors = Array.from({ length: ALERTS_SHOWN }, (_, i) => advisor(i));
    await renderTab(
      <AlertsCard />,
      emptyApi({
        getAlerts: async () => ({
          data: [...advisors, failingJob, redProject],
        }),
      }),
    );
    const file = await exportCsv('Export alerts as CSV');
    expect(file.name).toBe('alerts.csv');
    const lines = file.text.split('\r\n');
    const origin = window.location.origin;
    expect(lines.slice(0, 4)).toEqual([
      'Alert,Kind,Severity,Status,Opened,Details,Link',
      `Project Ledger Migration is red,Project,high,open,2026-03-01T08:00:00.000Z,Actual exceeds budget by 25%,${origin}/catalog/default/component/ledger-migration/finance`,
      `Job [PPM] Notion Sync Bronze is failing,Job,high,open,2026-03-01T09:00:00.000Z,Notion answered 503,${origin}/control-room/pipelines`,
      `New high-impact Cost recommendation for Payroll 0,Advisor,normal,open,2026-03-01T00:00:00.000Z,"Right-size vm-0, ""burst"" tier. Potential savings 1200.50 EUR a year.",${origin}/control-room/advisor`,
    ]);
    // A header, one line per alert, and the final line end.
    expect(lines).toHaveLength(ALERTS_SHOWN + 2 + 2);
    expect(file.text).not.toContain(redProject.project_id);
  });

  it('offers no export until the alerts load, and none to take when nothing is open', async () => {
    await renderTab(<AlertsCard />, emptyApi({ getAlerts: pending }));
    expect(
      screen.queryByRole('button', { name: 'Export alerts as CSV' }),
    ).not.toBeInTheDocument();
    await renderTab(<AlertsCard />, emptyApi());
    await screen.findByTestId('alerts-none');
    expect(
      screen.getByRole('button', { name: 'Export alerts as CSV' }),
    ).toBeDisabled();
  });

  it('ranks by severity, then by age', () => {
    const at = (severity: OpenAlert['severity'], since: string) => ({
      ...failingJob,
      key: `${severity}${since}`,
      severity,
      since,
    });
    const ranked = rankAlerts([
      at('low', '2026-01-01T00:00:00Z'),
      at('high', '2026-02-01T00:00:00Z'),
      at('high', '2026-01-15T00:00:00Z'),
      at('critical', '2026-03-01T00:00:00Z'),
    ]).map(a => a.key);
    expect(ranked).toEqual([
      'critical2026-03-01T00:00:00Z',
      'high2026-01-15T00:00:00Z',
      'high2026-02-01T00:00:00Z',
      'low2026-01-01T00:00:00Z',
    ]);
    expect(summariseAlerts([failingJob])).toBe('1 open: 1 Job');
  });

  it('reloads when a job run finishes, without a spinner in between', async () => {
    const signals = fakeSignals();
    const getAlerts = jest
      .fn()
      .mockResolvedValueOnce({ data: [] })
      .mockResolvedValueOnce({ data: [failingJob] });
    await renderTab(<AlertsCard />, emptyApi({ getAlerts }), {
      signals: signals.api,
    });
    expect(await screen.findByTestId('alerts-none')).toBeInTheDocument();

    signals.send(CONTROL_ROOM_JOB_RUNS_CHANNEL, {
      job_id: 'notion_sync_bronze',
      run_id: 'r1',
      status: 'FAILED',
      ended_at: '2026-03-01T10:00:00.000Z',
    });

    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
    expect(await screen.findByText(failingJob.title)).toBeInTheDocument();
    expect(getAlerts).toHaveBeenCalledTimes(2);
  });
});

describe('describeSince', () => {
  it('says how long ago, in minutes, hours or days', () => {
    const now = new Date('2026-03-03T12:00:00.000Z');
    expect(describeSince('2026-03-03T11:30:00.000Z', now)).toMatch(
      /\(30 min\)$/,
    );
    expect(describeSince('2026-03-03T09:00:00.000Z', now)).toMatch(/\(3 h\)$/);
    expect(describeSince('2026-02-27T12:00:00.000Z', now)).toMatch(/\(4 d\)$/);
  });
});

describe('appUrl', () => {
  it('makes an app path a full URL below the app base path', () => {
    expect(appUrl('/control-room/advisor', 'https://portal.example.com')).toBe(
      'https://portal.example.com/control-room/advisor',
    );
    expect(
      appUrl('/control-room/advisor', 'https://example.com/backstage/'),
    ).toBe('https://example.com/backstage/control-room/advisor');
    expect(
      appUrl('/backstage/catalog/x', 'https://example.com/backstage'),
    ).toBe('https://example.com/backstage/catalog/x');
    expect(
      appUrl('https://www.notion.so/a1', 'https://portal.example.com'),
    ).toBe('https://www.notion.so/a1');
  });
});
