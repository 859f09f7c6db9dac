-- gold.ppm_budget_line_totals: the live budget lines converted to the
-- reporting currency and summed per project, category, vendor and month.
--
-- The one pass over the lines: gold.ppm_budget_vs_actual sums its members
-- from these rows, which are far fewer than the lines, and a Notion edit
-- recomputes only the rows of the projects it touched.
--
-- Conventions (see gold.ppm_budget_vs_actual):
--   conversion   each line is converted with its currency's rate from
--                bronze.fx_rates and rounded to the cent, then summed
--   unconverted  a line whose currency (its own, else its project's) has no
--                rate, or that has no currency, counts in lines but not in
--                converted_lines, and its amounts are not summed
--   a missing category or vendor is 'unassigned'

INSERT OVERWRITE gold.ppm_budget_line_totals (
  project_id,
  category,
  vendor,
  period,
  lines,
  converted_lines,
  budget,
  committed,
  actual,
  computed_at
)
SELECT
  bl.project_id,
  coalesce(bl.category, 'unassigned') AS category,
  coalesce(bl.vendor, 'unassigned') AS vendor,
  CAST(date_trunc('MONTH', bl.period) AS DATE) AS period,
  count(*) AS lines,
  count(fx.rate) AS converted_lines,
  -- Null only when every line lacks an amount, or a rate (then unused).
  CAST(coalesce(sum(round(bl.amount * fx.rate, 2)), 0) AS DECIMAL(18, 2)) AS budget,
  CAST(coalesce(sum(round(bl.committed_amount * fx.rate, 2)), 0) AS DECIMAL(18, 2)) AS committed,
  CAST(coalesce(sum(round(bl.actual_amount * fx.rate, 2)), 0) AS DECIMAL(18, 2)) AS actual,
  current_timestamp AS computed_at
FROM silver.notion_budget_lines AS bl
LEFT JOIN silver.notion_projects AS p
  ON p.project_id = bl.project_id
LEFT JOIN (
  SELECT currency, CAST(rate_to_reporting AS DECIMAL(18, 6)) AS rate
  FROM bronze.fx_rates
) AS fx
  ON fx.currency = coalesce(bl.currency, p.currency)
WHERE NOT coalesce(bl.is_archived, false)
  AND NOT coalesce(p.is_archived, false)
  AND bl.period IS NOT NULL
GROUP BY bl.project_id, coalesce(bl.category, 'unassigned'), coalesce(bl.vendor, 'unassigned'), CAST(date_trunc('MONTH', bl.period) AS DATE);
