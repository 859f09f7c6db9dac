import { pipelineJobs } from '../pipeline/jobs';
import {
  advisorAlerts,
  AdvisorRecommendationRow,
  dataQualityAlerts,
  describeReasons,
  jobAlerts,
  JobRunSummary,
  missedScheduleDeadline,
  projectHealthAlerts,
} from './detectAlerts';

const sync = pipelineJobs.find(j => j.id === 'notion_sync_bronze')!;
const gold = pipelineJobs.find(j => j.id === 'ppm_marts_gold')!;
const now = new Date('2026-03-01T10:00:30.000Z');

function summary(overrides: Partial<JobRunSummary>): JobRunSummary {
  return {
    job_id: sync.id,
    last_status: 'SUCCESS',
    last_error: null,
    last_started_at: '2026-03-01T10:00:00.000Z',
    failing_since: null,
    ...overrides,
  };
}

describe('jobAlerts', () => {
  it('raises nothing for a healthy job or one that never ran', () => {
    expect(jobAlerts([sync, gold], [summary({})], now)).toEqual([]);
  });

  it('raises a failing job from the start of its failing streak', () => {
    const [alert] = jobAlerts(
      [sync],
      [
        summary({
          last_status: 'FAILED',
          last_error: 'Notion answered 503',
          failing_since: '2026-03-01T09:50:00.000Z',
        }),
      ],
      now,
    );
    expect(alert).toEqual({
      key: 'job-failed:notion_sync_bronze',
      kind: 'jobs',
      subjectId: 'notion_sync_bronze',
      title: 'Job [PPM] Notion Sync Bronze is failing',
      description: 'Notion answered 503',
      severity: 'high',
      link: '/control-room/pipelines',
      since: '2026-03-01T09:50:00.000Z',
    });
  });

  it('raises a missed schedule only once a whole interval has passed', () => {
    const lastStart = summary({ last_started_at: '2026-03-01T09:00:00.000Z' });
    // Hourly job, last started 09:00: due 10:00, missed once 11:00 passes.
    const late = jobAlerts(
      [gold],
      [{ ...lastStart, job_id: gold.id }],
      new Date('2026-03-01T10:59:00Z'),
    );
    expect(late).toEqual([]);
    const [missed] = jobAlerts(
      [gold],
      [{ ...lastStart, job_id: gold.id }],
      new Date('2026-03-01T11:00:01Z'),
    );
    expect(missed).toMatchObject({
      key: 'job-missed:ppm_marts_gold',
      since: '2026-03-01T10:00:00.000Z',
    });
  });

  it('gives a job one cycle after the backend started before calling it missed', () => {
    const lastStart = summary({
      job_id: gold.id,
      last_started_at: '2026-03-01T02:00:00.000Z',
    });
    const startedAt = new Date('2026-03-01T10:30:00Z');
    expect(
      jobAlerts(
        [gold],
        [lastStart],
        new Date('2026-03-01T11:30:00Z'),
        startedAt,
      ),
    ).toEqual([]);
    expect(
      jobAlerts(
        [gold],
        [lastStart],
        new Date('2026-03-01T12:00:01Z'),
        startedAt,
      ),
    ).toEqual([expect.objectContaining({ key: 'job-missed:ppm_marts_gold' })]);
  });

  it('gives the expected start and the deadline of a schedule', () => {
    expect(
      missedScheduleDeadline('*/5 * * * *', new Date('2026-03-01T10:02:00Z')),
    ).toEqual({
      expected: new Date('2026-03-01T10:05:00Z'),
      deadline: new Date('2026-03-01T10:10:00Z'),
    });
  });
});

describe('dataQualityAlerts', () => {
  it('raises failing checks of severity error only', () => {
    const alerts = dataQualityAlerts(
      [
        {
          check_id: 'silver.notion_projects.name_not_null',
          table_name: 'silver.notion_projects',
          severity: 'error',
          status: 'fail',
          failing_rows: 3n,
          measured_at: '2026-03-01T09:00:00.000Z',
        },
        {
          check_id: 'warned',
          table_name: 't',
          severity: 'warn',
          status: 'fail',
          failing_rows: 1,
          measured_at: null,
        },
        {
          check_id: 'passing',
          table_name: 't',
          severity: 'error',
          status: 'pass',
          failing_rows: 0,
          measured_at: null,
        },
      ],
      now,
      new Map([
        ['silver.notion_projects.name_not_null', 'Every project has a name.'],
      ]),
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'dq-failed:silver.notion_projects.name_not_null',
        kind: 'dataQuality',
        title: 'Data-quality check failing on silver.notion_projects',
        description:
          'Every project has a name. 3 row(s) break it (silver.notion_projects.name_not_null).',
        link: '/control-room/data-quality',
        since: '2026-03-01T09:00:00.000Z',
      }),
    ]);
  });

  it('names an undeclared check by its id', () => {
    const [alert] = dataQualityAlerts(
      [
        {
          check_id: 'gold.retired_check',
          table_name: 'gold.t',
          severity: 'error',
          status: 'fail',
          failing_rows: 2,
          measured_at: null,
        },
      ],
      now,
    );
    expect(alert.description).toBe(
      'Check gold.retired_check. 2 row(s) break it (gold.retired_check).',
    );
  });
});

describe('projectHealthAlerts', () => {
  it('raises red projects with their reasons', () => {
    const alerts = projectHealthAlerts(
      [
        {
          project_id: 'p1',
          name: 'Ledger',
          health: 'red',
          reasons: '["Over budget","2 open high risks"]',
          computed_at: null,
        },
        {
          project_id: 'p2',
          name: 'Payroll',
          health: 'amber',
          reasons: null,
          computed_at: null,
        },
      ],
      now,
    );
    expect(alerts).toEqual([
      {
        key: 'project-red:p1',
        kind: 'projectHealth',
        subjectId: 'p1',
        projectId: 'p1',
        title: 'Project Ledger is red',
        description: 'Over budget; 2 open high risks',
        severity: 'high',
        link: '/control-room/projects',
        since: now.toISOString(),
      },
    ]);
  });

  it('reads reasons that are not a JSON array as they are', () => {
    expect(describeReasons('not json')).toBe('not json');
    expect(describeReasons('[]')).toBeUndefined();
    expect(describeReasons(null)).toBeUndefined();
  });
});

describe('advisorAlerts', () => {
  const rec: AdvisorRecommendationRow = {
    recommendation_id: 'rec-1',
    project_id: 'p1',
    project_name: 'Ledger',
    impact: 'High',
    category: 'Cost',
    problem: 'Idle VM',
    solution: 'Shut down vm-1',
    annual_savings: '1200.00',
    unit: 'USD',
    has_action: false,
    computed_at: '2026-03-01T09:00:00.000Z',
  };

  it('raises high-impact recommendations of a project without an action', () => {
    const alerts = advisorAlerts(
      [
        rec,
        { ...rec, recommendation_id: 'acted', has_action: true },
        { ...rec, recommendation_id: 'low', impact: 'Low' },
        { ...rec, recommendation_id: 'unlinked', project_id: null },
      ],
      now,
    );
    expect(alerts).toEqual([
      {
        key: 'advisor:rec-1',
        kind: 'advisor',
        subjectId: 'rec-1',
        projectId: 'p1',
        title: 'New high-impact Cost recommendation for Ledger',
        description: 'Shut down vm-1 Potential savings 1200.00 USD a year.',
        severity: 'normal',
        link: '/control-room/advisor',
        since: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });
});
