-- gold.ppm_budget_vs_actual: budget, committed, actual and variance per month
-- for each program, project, category and vendor.
--
-- Runs unchanged on Databricks (Spark SQL) and DuckDB, so it keeps to the
-- common subset of both. Rebuilt in full on every run.
--
-- Conventions:
--   variance     = budget - actual (negative means over budget)
--   variance_pct = variance * 100 / budget, null when the budget is 0
--   unit         = the lines' currency, MIXED when a member mixes currencies
--                  (no FX conversion yet), % for variance_pct
--   a missing program, category or vendor is reported as 'unassigned'

DELETE FROM gold.ppm_budget_vs_actual;

INSERT INTO gold.ppm_budget_vs_actual (
  metric_id,
  metric_name,
  dimension,
  dimension_value,
  period,
  value,
  unit,
  computed_at
)
WITH budget_lines AS (
  SELECT
    bl.project_id,
    coalesce(p.program_id, 'unassigned') AS program_id,
    coalesce(bl.category, 'unassigned') AS category,
    coalesce(bl.vendor, 'unassigned') AS vendor,
    CAST(date_trunc('MONTH', bl.period) AS DATE) AS period,
    coalesce(bl.currency, p.currency, 'USD') AS currency,
    coalesce(bl.amount, 0) AS budget,
    coalesce(bl.committed_amount, 0) AS committed,
    coalesce(bl.actual_amount, 0) AS actual
  FROM silver.notion_budget_lines AS bl
  LEFT JOIN silver.notion_projects AS p
    ON p.project_id = bl.project_id
  WHERE NOT coalesce(bl.is_archived, false)
    AND NOT coalesce(p.is_archived, false)
    AND bl.period IS NOT NULL
),
dimension_members AS (
  SELECT 'program' AS dimension, program_id AS dimension_value, period, currency, budget, committed, actual
  FROM budget_lines
  UNION ALL
  SELECT 'project' AS dimension, project_id AS dimension_value, period, currency, budget, committed, actual
  FROM budget_lines
  UNION ALL
  SELECT 'category' AS dimension, category AS dimension_value, period, currency, budget, committed, actual
  FROM budget_lines
  UNION ALL
  SELECT 'vendor' AS dimension, vendor AS dimension_value, period, currency, budget, committed, actual
  FROM budget_lines
),
member_totals AS (
  SELECT
    dimension,
    dimension_value,
    period,
    CASE WHEN min(currency) = max(currency) THEN min(currency) ELSE 'MIXED' END AS currency,
    sum(budget) AS budget,
    sum(committed) AS committed,
    sum(actual) AS actual
  FROM dimension_members
  GROUP BY dimension, dimension_value, period
),
-- Each branch casts to the column type so the union never passes amounts
-- through a floating-point type (DuckDB divides decimals as DOUBLE).
metrics AS (
  SELECT 'budget' AS metric_name, dimension, dimension_value, period, CAST(budget AS DECIMAL(18, 2)) AS value, currency AS unit
  FROM member_totals
  UNION ALL
  SELECT 'committed' AS metric_name, dimension, dimension_value, period, CAST(committed AS DECIMAL(18, 2)) AS value, currency AS unit
  FROM member_totals
  UNION ALL
  SELECT 'actual' AS metric_name, dimension, dimension_value, period, CAST(actual AS DECIMAL(18, 2)) AS value, currency AS unit
  FROM member_totals
  UNION ALL
  SELECT 'variance' AS metric_name, dimension, dimension_value, period, CAST(budget - actual AS DECIMAL(18, 2)) AS value, currency AS unit
  FROM member_totals
  UNION ALL
  SELECT
    'variance_pct' AS metric_name,
    dimension,
    dimension_value,
    period,
    CAST(CASE WHEN budget <> 0 THEN round((budget - actual) * 100 / budget, 2) END AS DECIMAL(18, 2)) AS value,
    '%' AS unit
  FROM member_totals
)
SELECT
  concat(metric_name, '|', dimension, '|', dimension_value, '|', CAST(period AS STRING)) AS metric_id,
  metric_name,
  dimension,
  dimension_value,
  period,
  value,
  unit,
  current_timestamp AS computed_at
FROM metrics;
