import { InputError } from '@backstage/errors';
import { ProjectCloudCostsResponse } from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { toJsonRow } from './queries';

const DEFAULT_RESOURCES = 10;
const MAX_RESOURCES = 100;

/** Resources listed from `limit`: 1 to 100, default 10. */
export function parseResourceLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_RESOURCES;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RESOURCES) {
    throw new InputError(`limit must be an integer from 1 to ${MAX_RESOURCES}`);
  }
  return limit;
}

/** First day of the month of `day`, and of the month after `to`. */
export function monthBounds(range: { from: string; to: string }) {
  const [toYear, toMonth] = range.to.split('-').map(Number);
  const next = new Date(Date.UTC(toYear, toMonth, 1));
  return {
    firstMonth: `${range.from.slice(0, 7)}-01`,
    lastMonth: `${range.to.slice(0, 7)}-01`,
    endExclusive: next.toISOString().slice(0, 10),
  };
}

function toCents(money: string): bigint {
  const negative = money.startsWith('-');
  const [whole, fraction = '00'] = money.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -cents : cents;
}

function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// Each day-resource row converted and rounded to the cent, as gold does.
const CONVERTED = `round(CAST(c.billed_cost AS DECIMAL(18,6)) * fx.rate, 2)`;
const RATES = `(SELECT currency, CAST(rate_to_reporting AS DECIMAL(18,6)) AS rate FROM bronze.fx_rates)`;

/**
 * A project's cloud spend in the reporting currency: per month from gold
 * (next to the Notion actual) and per resource from silver, largest first.
 * Undefined when neither Notion nor any cost row knows the project.
 */
export async function getProjectCloudCosts(
  lakehouse: Lakehouse,
  projectId: string,
  filter: { from: string; to: string; limit: number },
): Promise<Omit<ProjectCloudCostsResponse, 'as_of'> | undefined> {
  const bounds = monthBounds(filter);
  const [known] = await lakehouse.query<{ projects: bigint; costs: bigint }>(
    `SELECT (SELECT count(*) FROM silver.notion_projects WHERE project_id = :project) AS projects,
            (SELECT count(*) FROM silver.azure_costs WHERE project_id = :project) AS costs`,
    { project: projectId },
  );
  if (Number(known.projects) === 0 && Number(known.costs) === 0) {
    return undefined;
  }
  const [currency] = await lakehouse.query<{ unit: string | null }>(
    'SELECT max(reporting_currency) AS unit FROM bronze.fx_rates',
  );
  const months = (
    await lakehouse.query(
      `SELECT period,
              CAST(sum(CASE WHEN metric_name = 'cloud_actual' THEN value END) AS DECIMAL(18,2)) AS cloud_actual,
              CAST(sum(CASE WHEN metric_name = 'actual' THEN value END) AS DECIMAL(18,2)) AS actual,
              max(CASE WHEN metric_name = 'cloud_actual' THEN unit END) AS unit
         FROM gold.ppm_budget_vs_actual
        WHERE dimension = 'project' AND dimension_value = :project
          AND metric_name IN ('cloud_actual', 'actual')
          AND period BETWEEN CAST(:first AS DATE) AND CAST(:last AS DATE)
        GROUP BY period
       HAVING sum(CASE WHEN metric_name = 'cloud_actual' THEN 1 ELSE 0 END) > 0
        ORDER BY period`,
      { project: projectId, first: bounds.firstMonth, last: bounds.lastMonth },
    )
  ).map(row => toJsonRow<ProjectCloudCostsResponse['months'][number]>(row));
  const unit = currency?.unit ?? months[0]?.unit ?? 'USD';
  const window = {
    project: projectId,
    first: bounds.firstMonth,
    end: bounds.endExclusive,
  };
  const resources = (
    await lakehouse.query(
      `SELECT c.resource_id,
              coalesce(max(r.name), max(c.resource_name)) AS name,
              max(r.type) AS type,
              max(c.resource_group) AS resource_group,
              CAST(sum(${CONVERTED}) AS DECIMAL(18,2)) AS cloud_actual
         FROM silver.azure_costs AS c
         JOIN ${RATES} AS fx ON fx.currency = c.billing_currency
         LEFT JOIN silver.azure_resources AS r ON lower(r.resource_id) = c.resource_id
        WHERE c.project_id = :project
          AND c.charge_period_start >= CAST(:first AS DATE)
          AND c.charge_period_start < CAST(:end AS DATE)
        GROUP BY c.resource_id
        ORDER BY cloud_actual DESC, c.resource_id
        LIMIT :limit`,
      { ...window, limit: filter.limit },
    )
  ).map(row => ({
    ...toJsonRow<ProjectCloudCostsResponse['resources'][number]>(row),
    unit,
  }));
  const [unconverted] = await lakehouse.query<{ n: bigint }>(
    `SELECT count(*) AS n
       FROM silver.azure_costs AS c
       LEFT JOIN ${RATES} AS fx ON fx.currency = c.billing_currency
      WHERE c.project_id = :project AND fx.rate IS NULL
        AND c.charge_period_start >= CAST(:first AS DATE)
        AND c.charge_period_start < CAST(:end AS DATE)`,
    window,
  );
  const total = months.reduce(
    (sum, month) => sum + toCents(month.cloud_actual),
    0n,
  );
  return {
    project_id: projectId,
    total: fromCents(total),
    unit,
    months: months.map(month => ({ ...month, unit: month.unit ?? unit })),
    resources,
    unconverted_rows: Number(unconverted?.n ?? 0),
  };
}
