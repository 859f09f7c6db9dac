-- gold.ppm_budget_vs_actual: budget, committed, actual and variance per month
-- for each program, project, category and vendor, in the reporting currency.
--
-- Runs unchanged on Databricks (Spark SQL) and DuckDB, so it keeps to the
-- common subset of both. Reads the converted line totals of
-- gold.ppm_budget_line_totals, so it runs after that model.
--
-- Conventions:
--   conversion   each line is converted with its currency's rate from
--                bronze.fx_rates (written by the backend from config) and
--                rounded to the cent, then summed; sums of members therefore
--                equal the sum of the converted lines
--   unconverted  a line whose currency (its own, else its project's) has no
--                rate, or that has no currency at all, is never summed: it is
--                counted in the metric unconverted_lines (unit 'lines') and
--                the data-quality check currency_has_rate names it. No
--                currency is ever assumed.
--   cloud        cloud_actual is Azure spend (silver.azure_costs) claimed by a
--                project, per project and program; each row (one day,
--                resource and currency) is converted and rounded to the cent
--                like a budget line, then summed. Spend no project claims is
--                cloud_unallocated, on the program member 'unallocated'.
--                Spend in a currency without a rate is left out (the check
--                silver.azure_costs.currency_has_rate names it). Notion's
--                actual stays the actual: variance and EVM do not use cloud.
--   variance     = budget - actual (negative means over budget)
--   variance_pct = variance * 100 / budget, null when the budget is 0
--   a missing program, category or vendor is reported as 'unassigned'

INSERT OVERWRITE gold.ppm_budget_vs_actual (
  metric_id,
  metric_name,
  dimension,
  dimension_value,
  period,
  value,
  unit,
  computed_at
)
WITH reporting AS (
  SELECT max(reporting_currency) AS currency
  FROM bronze.fx_rates
),
-- The lines were converted, rounded and summed per project, category,
-- vendor and month by gold.ppm_budget_line_totals; everything here works on
-- those totals, which are far fewer than the lines.
totals AS (
  SELECT
    t.project_id,
    coalesce(p.program_id, 'unassigned') AS program_id,
    t.category,
    t.vendor,
    t.period,
    t.converted_lines,
    t.lines,
    t.budget,
    t.committed,
    t.actual
  FROM gold.ppm_budget_line_totals AS t
  LEFT JOIN silver.notion_projects AS p
    ON p.project_id = t.project_id
),
-- Project and program totals in a grouping each, category and vendor totals
-- in one grouping of the line totals (they need no project). Each member is
-- its own group key, so a filter on dimension_value (the incremental run
-- keeps the touched members only) reaches the rows before they are summed.
-- In the grouping sets the other column is null, so coalesce picks the
-- grouped one (none is null: missing members became 'unassigned').
member_totals AS (
  SELECT
    'project' AS dimension,
    project_id AS dimension_value,
    period,
    sum(converted_lines) AS converted_lines,
    sum(lines) - sum(converted_lines) AS unconverted_lines,
    sum(budget) AS budget,
    sum(committed) AS committed,
    sum(actual) AS actual
  FROM totals
  GROUP BY project_id, period
  UNION ALL
  SELECT
    'program' AS dimension,
    program_id AS dimension_value,
    period,
    sum(converted_lines) AS converted_lines,
    sum(lines) - sum(converted_lines) AS unconverted_lines,
    sum(budget) AS budget,
    sum(committed) AS committed,
    sum(actual) AS actual
  FROM totals
  GROUP BY program_id, period
  UNION ALL
  SELECT
    CASE WHEN grouping(category) = 0 THEN 'category' ELSE 'vendor' END AS dimension,
    coalesce(category, vendor) AS dimension_value,
    period,
    sum(converted_lines) AS converted_lines,
    sum(lines) - sum(converted_lines) AS unconverted_lines,
    sum(budget) AS budget,
    sum(committed) AS committed,
    sum(actual) AS actual
  FROM gold.ppm_budget_line_totals
  GROUP BY GROUPING SETS ((category, period), (vendor, period))
),
-- The end of each member's metric_id, built once per member rather than once
-- per metric row: metric_id = metric_name || key_suffix.
keyed AS (
  SELECT *, concat('|', dimension, '|', dimension_value, '|', CAST(period AS STRING)) AS key_suffix
  FROM member_totals
),
-- Numbered, so each metric row picks its value by an integer comparison.
metric_names AS (
  SELECT m.metric_no, m.metric_name
  FROM (VALUES (1, 'budget'), (2, 'committed'), (3, 'actual'), (4, 'variance'), (5, 'variance_pct'), (6, 'unconverted_lines')) AS m(metric_no, metric_name)
),
-- Cloud spend per row in the reporting currency, rounded to the cent.
cloud_rows AS (
  SELECT
    c.project_id,
    CAST(date_trunc('MONTH', c.charge_period_start) AS DATE) AS period,
    round(CAST(c.billed_cost AS DECIMAL(18, 6)) * fx.rate, 2) AS amount
  FROM silver.azure_costs AS c
  INNER JOIN (
    SELECT currency, CAST(rate_to_reporting AS DECIMAL(18, 6)) AS rate
    FROM bronze.fx_rates
  ) AS fx
    ON fx.currency = c.billing_currency
),
cloud_project_totals AS (
  SELECT project_id, period, sum(amount) AS amount
  FROM cloud_rows
  WHERE project_id IS NOT NULL
  GROUP BY project_id, period
),
cloud_members AS (
  SELECT 'cloud_actual' AS metric_name, 'project' AS dimension, project_id AS dimension_value, period, amount
  FROM cloud_project_totals
  UNION ALL
  SELECT 'cloud_actual', 'program', coalesce(p.program_id, 'unassigned'), t.period, sum(t.amount)
  FROM cloud_project_totals AS t
  LEFT JOIN silver.notion_projects AS p
    ON p.project_id = t.project_id
  GROUP BY coalesce(p.program_id, 'unassigned'), t.period
  UNION ALL
  SELECT 'cloud_unallocated', 'program', 'unallocated', period, sum(amount)
  FROM cloud_rows
  WHERE project_id IS NULL
  GROUP BY period
),
cloud_metrics AS (
  SELECT
    m.metric_name,
    concat('|', m.dimension, '|', m.dimension_value, '|', CAST(m.period AS STRING)) AS key_suffix,
    m.dimension,
    m.dimension_value,
    m.period,
    CAST(m.amount AS DECIMAL(18, 2)) AS value,
    r.currency AS unit
  FROM cloud_members AS m
  CROSS JOIN reporting AS r
),
-- Every branch is cast to the column type so no amount passes through a
-- floating-point type (DuckDB divides decimals as DOUBLE). A member whose
-- lines all lack a rate has no money rows, only the count.
metrics AS (
  SELECT
    n.metric_name,
    t.key_suffix,
    t.dimension,
    t.dimension_value,
    t.period,
    CASE n.metric_no
      WHEN 1 THEN CAST(t.budget AS DECIMAL(18, 2))
      WHEN 2 THEN CAST(t.committed AS DECIMAL(18, 2))
      WHEN 3 THEN CAST(t.actual AS DECIMAL(18, 2))
      WHEN 4 THEN CAST(t.budget - t.actual AS DECIMAL(18, 2))
      WHEN 5
        THEN CAST(CASE WHEN t.budget <> 0 THEN round((t.budget - t.actual) * 100 / t.budget, 2) END AS DECIMAL(18, 2))
      ELSE CAST(t.unconverted_lines AS DECIMAL(18, 2))
    END AS value,
    CASE n.metric_no
      WHEN 5 THEN '%'
      WHEN 6 THEN 'lines'
      ELSE r.currency
    END AS unit
  FROM keyed AS t
  CROSS JOIN metric_names AS n
  CROSS JOIN reporting AS r
  WHERE (n.metric_no = 6 AND t.unconverted_lines > 0)
    OR (n.metric_no < 6 AND t.converted_lines > 0)
)
SELECT
  concat(metric_name, key_suffix) AS metric_id,
  metric_name,
  dimension,
  dimension_value,
  period,
  value,
  unit,
  current_timestamp AS computed_at
FROM (
  SELECT metric_name, key_suffix, dimension, dimension_value, period, value, unit
  FROM metrics
  UNION ALL
  SELECT metric_name, key_suffix, dimension, dimension_value, period, value, unit
  FROM cloud_metrics
) AS all_metrics;
