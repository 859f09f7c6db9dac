import {
  azureAdvisorRecs,
  azureResources,
  controlRoomStatus,
  dataQualityMetrics,
  fxRates,
  jobRuns,
  Lakehouse,
  lakehouseTables,
  notionActions,
  notionPrograms,
  notionProjects,
  notionRisks,
  ppmBudgetVsActual,
  ppmForecast,
  ppmProjectHealth,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../../lakehouse/migrations';
import { buildProjectTotals } from './projectTotals';

/** A small portfolio written straight into silver and gold for API tests. */
export const portfolio = {
  programs: [
    {
      program_id: 'prog-a',
      name: 'Alpha Program',
      status: 'Active',
      owner: 'a@example.com',
    },
    {
      program_id: 'prog-b',
      name: 'Beta Program',
      status: 'Active',
      owner: 'b@example.com',
    },
  ],
  projects: [
    {
      project_id: 'p1',
      program_id: 'prog-a',
      name: 'Alpine Migration',
      status: 'Active',
      end_date: '2026-12-31',
      health: 'red',
      budget: '1000.50',
      actual: '1200.24',
    },
    {
      project_id: 'p2',
      program_id: 'prog-a',
      name: 'Billing Revamp',
      status: 'Active',
      end_date: '2026-06-30',
      health: 'green',
      budget: '500.00',
      actual: '100.10',
      // Kept in euros in Notion; gold reports it in USD like every project.
      currency: 'EUR',
    },
    {
      project_id: 'p3',
      program_id: 'prog-b',
      name: 'Cloud Savings',
      status: 'Closed',
      end_date: '2025-12-31',
      health: 'amber',
      budget: '2500.00',
      actual: '2400.00',
    },
  ],
  recommendations: [
    {
      recommendation_id: 'rec-1',
      project_id: 'p1',
      category: 'Cost',
      impact: 'High',
      annual: '1200.00',
      has_action: true,
    },
    {
      recommendation_id: 'rec-2',
      project_id: 'p1',
      category: 'Security',
      impact: 'Low',
      annual: '0.00',
      has_action: false,
    },
    {
      recommendation_id: 'rec-3',
      project_id: 'p3',
      category: 'Cost',
      impact: 'Medium',
      annual: '600.40',
      has_action: false,
    },
  ],
};

export async function seedPortfolio(lakehouse: Lakehouse): Promise<void> {
  await migrateLakehouse(lakehouse, lakehouseTables);
  await lakehouse.upsert(
    notionPrograms,
    portfolio.programs.map(p => ({ ...p })),
  );
  await lakehouse.upsert(
    notionProjects,
    portfolio.projects.map(p => ({
      project_id: p.project_id,
      program_id: p.program_id,
      name: p.name,
      status: p.status,
      end_date: p.end_date,
      budget_total: p.budget,
      currency: ('currency' in p && p.currency) || 'USD',
      notion_url: `https://www.notion.so/${p.project_id}`,
    })),
  );
  await lakehouse.upsert(fxRates, [
    { currency: 'USD', rate_to_reporting: 1, reporting_currency: 'USD' },
    { currency: 'EUR', rate_to_reporting: 1.08, reporting_currency: 'USD' },
  ]);
  await lakehouse.upsert(
    ppmProjectHealth,
    portfolio.projects.map(p => ({
      project_id: p.project_id,
      program_id: p.program_id,
      health: p.health,
      cpi: 0.9,
      spi: 1.1,
      reasons: JSON.stringify([`${p.health} because of the test`]),
    })),
  );
  const months = ['2026-01-01', '2026-02-01'];
  const halve = (amount: string) => (Number(amount) / 2).toFixed(2);
  await lakehouse.upsert(
    ppmBudgetVsActual,
    portfolio.projects.flatMap(p =>
      months.flatMap(period =>
        (['budget', 'actual'] as const).flatMap(metric => {
          const value = halve(metric === 'budget' ? p.budget : p.actual);
          return [
            { dimension: 'project', dimension_value: p.project_id },
            { dimension: 'program', dimension_value: `${p.program_id}` },
          ].map(d => ({
            metric_id: `${metric}|${d.dimension}|${d.dimension_value}|${p.project_id}|${period}`,
            metric_name: metric,
            ...d,
            period,
            value,
            unit: 'USD',
          }));
        }),
      ),
    ),
  );
  await buildProjectTotals(lakehouse);
  await lakehouse.upsert(
    ppmForecast,
    portfolio.projects.flatMap(p =>
      months.map(period => ({
        project_id: p.project_id,
        period,
        budget_at_completion: p.budget,
        actual_cost: p.actual,
        eac: period === months[1] ? '1500.00' : '1400.00',
        cpi: 0.9,
        spi: 1.1,
        unit: 'USD',
      })),
    ),
  );
  await lakehouse.upsert(
    azureAdvisorRecs,
    portfolio.recommendations.map(r => ({
      recommendation_id: r.recommendation_id,
      project_id: r.project_id,
      category: r.category,
      impact: r.impact,
      problem: 'problem',
      solution: 'solution',
      annual_savings: r.annual,
      monthly_savings: (Number(r.annual) / 12).toFixed(2),
      unit: 'USD',
      has_action: r.has_action,
      action_id: r.has_action ? 'act-1' : null,
    })),
  );
  await lakehouse.upsert(notionRisks, [
    {
      risk_id: 'risk-1',
      project_id: 'p1',
      title: 'Vendor delay',
      impact: 'High',
      status: 'Open',
    },
  ]);
  await lakehouse.upsert(notionActions, [
    {
      action_id: 'act-1',
      project_id: 'p1',
      title: 'Resize VMs',
      source: 'advisor',
      source_id: 'rec-1',
      notion_url: 'https://www.notion.so/act1',
    },
  ]);
  await lakehouse.upsert(azureResources, [
    {
      resource_id: '/subscriptions/s/resourceGroups/rg/providers/x/vm1',
      name: 'vm1',
      type: 'vm',
      project_id: 'p1',
    },
  ]);
  await lakehouse.upsert(dataQualityMetrics, [
    {
      check_id: 'silver.notion_projects.not_null.name',
      table_name: 'silver.notion_projects',
      check_kind: 'not_null',
      severity: 'error',
      status: 'fail',
      failing_rows: 2n,
      sample_keys: '["p9","p8"]',
    },
    {
      check_id: 'silver.notion_risks.unique.risk_id',
      table_name: 'silver.notion_risks',
      check_kind: 'unique',
      severity: 'warn',
      status: 'pass',
      failing_rows: 0n,
      sample_keys: '[]',
    },
  ]);
  await lakehouse.upsert(controlRoomStatus, [
    {
      job_id: 'ppm_marts_gold',
      job_name: '[PPM] Compute Gold Marts',
      last_run_id: 'r1',
      last_run_status: 'SUCCESS',
      last_run_time: '2026-11-25T10:00:00.000Z',
      last_run_duration_seconds: 42,
      next_run_time: '2026-11-25T11:00:00.000Z',
    },
    {
      job_id: 'notion_sync_bronze',
      job_name: '[PPM] Notion Sync Bronze',
      last_run_id: 'r2',
      last_run_status: 'SUCCESS',
      last_run_time: '2026-11-25T10:00:00.000Z',
      last_run_duration_seconds: 3,
      next_run_time: '2026-11-25T10:05:00.000Z',
    },
  ]);
  await lakehouse.upsert(jobRuns, [
    {
      run_id: 'r2',
      job_id: 'notion_sync_bronze',
      job_name: '[PPM] Notion Sync Bronze',
      status: 'SUCCESS',
      trigger: 'schedule',
      started_at: '2026-11-25T10:00:00.000Z',
      ended_at: '2026-11-25T10:00:03.000Z',
      duration_seconds: 3,
      rows_written: 10n,
    },
    {
      run_id: 'r3',
      job_id: 'notion_sync_bronze',
      job_name: '[PPM] Notion Sync Bronze',
      status: 'FAILED',
      trigger: 'manual',
      started_at: '2026-11-25T10:07:00.000Z',
      ended_at: '2026-11-25T10:07:01.000Z',
      duration_seconds: 1,
      error_message: 'Notion answered 500',
    },
    {
      run_id: 'r1',
      job_id: 'ppm_marts_gold',
      job_name: '[PPM] Compute Gold Marts',
      status: 'SUCCESS',
      trigger: 'schedule',
      started_at: '2026-11-25T10:00:00.000Z',
      ended_at: '2026-11-25T10:00:42.000Z',
      duration_seconds: 42,
      rows_written: 99n,
    },
  ]);
}
