-- gold.ppm_forecast: one row per project and month, from the project's first
-- month to its last, with planned value, actual cost, run rate and an
-- estimate at completion.
--
-- First version. Silver has no percent-complete yet, so earned value and the
-- figures built on it (CV, SV, CPI, SPI, the EVM EACs, TCPI) stay null; the
-- headline EAC is actual cost plus the run rate over the remaining months.
--
-- Reads the monthly project figures of gold.ppm_budget_vs_actual, which is
-- why the bundle's forecast task depends on budget_vs_actual.
--
-- Definitions, for the row of month m (as-of month = the earlier of m and the
-- current month):
--   budget_at_completion  project budget_total, else the sum of its lines
--   planned_value         budget of its lines up to and including m
--   actual_cost           actuals of its lines up to and including m
--   run_rate              actual_cost / months from the first month to as-of
--   eac                   actual_cost + run_rate x months after the as-of
--                         month, up to the last month
--   budget_exhausted_on   as-of month plus the whole months the remaining
--                         budget lasts at the run rate
-- Months are counted as year * 12 + month, so no engine's datediff is used.

DELETE FROM gold.ppm_forecast;

INSERT INTO gold.ppm_forecast (
  project_id,
  period,
  budget_at_completion,
  planned_value,
  earned_value,
  actual_cost,
  cost_variance,
  schedule_variance,
  cpi,
  spi,
  eac,
  eac_cpi,
  eac_ac_plus_remaining,
  eac_cpi_spi,
  etc,
  vac,
  tcpi,
  run_rate,
  budget_exhausted_on,
  unit,
  computed_at
)
WITH project_months AS (
  SELECT
    dimension_value AS project_id,
    period,
    sum(CASE WHEN metric_name = 'budget' THEN value END) AS planned,
    sum(CASE WHEN metric_name = 'actual' THEN value END) AS actual
  FROM gold.ppm_budget_vs_actual
  WHERE dimension = 'project'
    AND metric_name IN ('budget', 'actual')
  GROUP BY dimension_value, period
),
project_spans AS (
  SELECT
    p.project_id,
    coalesce(p.currency, 'USD') AS unit,
    coalesce(p.budget_total, sum(pm.planned)) AS budget_at_completion,
    CAST(date_trunc('MONTH', coalesce(p.start_date, min(pm.period))) AS DATE) AS first_month,
    CAST(date_trunc('MONTH', coalesce(p.end_date, max(pm.period))) AS DATE) AS last_month
  FROM silver.notion_projects AS p
  LEFT JOIN project_months AS pm
    ON pm.project_id = p.project_id
  WHERE NOT coalesce(p.is_archived, false)
  GROUP BY p.project_id, p.currency, p.budget_total, p.start_date, p.end_date
),
digits AS (
  SELECT d.n FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d(n)
),
-- 0 to 999: enough months for any project, without engine-specific series
-- functions.
month_offsets AS (
  SELECT ones.n + 10 * tens.n + 100 * hundreds.n AS n
  FROM digits AS ones
  CROSS JOIN digits AS tens
  CROSS JOIN digits AS hundreds
),
indexed_spans AS (
  SELECT
    project_id,
    unit,
    budget_at_completion,
    first_month,
    year(first_month) * 12 + month(first_month) AS first_index,
    year(last_month) * 12 + month(last_month) AS last_index,
    year(current_date) * 12 + month(current_date) AS current_index
  FROM project_spans
  WHERE first_month IS NOT NULL
    AND last_month >= first_month
),
calendar AS (
  SELECT
    s.project_id,
    s.unit,
    s.budget_at_completion,
    add_months(s.first_month, o.n) AS period,
    s.first_index + o.n AS period_index,
    s.first_index,
    s.last_index,
    s.current_index
  FROM indexed_spans AS s
  INNER JOIN month_offsets AS o
    ON o.n <= s.last_index - s.first_index
),
cumulative AS (
  SELECT
    c.project_id,
    c.period,
    c.unit,
    c.budget_at_completion,
    least(c.period_index, c.current_index) - c.first_index + 1 AS months_elapsed,
    greatest(c.last_index - least(c.period_index, c.current_index), 0) AS months_remaining,
    sum(pm.planned) AS planned_value,
    sum(pm.actual) AS actual_cost
  FROM calendar AS c
  LEFT JOIN project_months AS pm
    ON pm.project_id = c.project_id
    AND pm.period <= c.period
  GROUP BY
    c.project_id,
    c.period,
    c.unit,
    c.budget_at_completion,
    c.period_index,
    c.first_index,
    c.last_index,
    c.current_index
),
-- Multiplying before dividing keeps the estimates exact where they can be;
-- the run rate itself is only rounded for display.
with_eac AS (
  SELECT
    project_id,
    period,
    unit,
    budget_at_completion,
    planned_value,
    actual_cost,
    least(period, CAST(date_trunc('MONTH', current_date) AS DATE)) AS as_of_month,
    CASE WHEN months_elapsed >= 1 THEN round(actual_cost / months_elapsed, 2) END AS run_rate,
    CASE
      WHEN months_elapsed >= 1 THEN actual_cost + actual_cost * months_remaining / months_elapsed
      ELSE actual_cost
    END AS eac,
    CASE
      WHEN months_elapsed >= 1 AND actual_cost > 0 AND budget_at_completion > actual_cost
        THEN CAST(floor((budget_at_completion - actual_cost) * months_elapsed / actual_cost) AS INT)
    END AS months_of_budget_left
  FROM cumulative
)
SELECT
  project_id,
  period,
  CAST(budget_at_completion AS DECIMAL(18, 2)) AS budget_at_completion,
  CAST(planned_value AS DECIMAL(18, 2)) AS planned_value,
  CAST(NULL AS DECIMAL(18, 2)) AS earned_value,
  CAST(actual_cost AS DECIMAL(18, 2)) AS actual_cost,
  CAST(NULL AS DECIMAL(18, 2)) AS cost_variance,
  CAST(NULL AS DECIMAL(18, 2)) AS schedule_variance,
  CAST(NULL AS DOUBLE) AS cpi,
  CAST(NULL AS DOUBLE) AS spi,
  CAST(round(eac, 2) AS DECIMAL(18, 2)) AS eac,
  CAST(NULL AS DECIMAL(18, 2)) AS eac_cpi,
  CAST(NULL AS DECIMAL(18, 2)) AS eac_ac_plus_remaining,
  CAST(NULL AS DECIMAL(18, 2)) AS eac_cpi_spi,
  CAST(round(eac - actual_cost, 2) AS DECIMAL(18, 2)) AS etc,
  CAST(round(budget_at_completion - eac, 2) AS DECIMAL(18, 2)) AS vac,
  CAST(NULL AS DOUBLE) AS tcpi,
  CAST(run_rate AS DECIMAL(18, 2)) AS run_rate,
  add_months(as_of_month, months_of_budget_left) AS budget_exhausted_on,
  unit,
  current_timestamp AS computed_at
FROM with_eac;
