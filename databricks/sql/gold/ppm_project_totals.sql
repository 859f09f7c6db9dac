-- gold.ppm_project_totals: one row per project with its budget, actual and
-- cloud spend over every month, in the reporting currency. The project list
-- (/projects) and a project's tab read it by key, sort and page on it,
-- instead of summing the project rows of gold.ppm_budget_vs_actual per
-- request.
--
-- Runs unchanged on Databricks (Spark SQL) and DuckDB. Reads only the
-- project rows of gold.ppm_budget_vs_actual (a few per project and month),
-- so it runs after that model and never touches the lines.
--
-- Conventions:
--   budget, actual  sums of the project's monthly metrics of the same name;
--                   null when the project has none (no converted line)
--   unit            the currency of those sums (the reporting currency);
--                   null when the project has no converted line
--   cloud_actual    Azure spend the project claims, with its own unit
--   cloud_actual_to_date  the same up to the current month, what the
--                   health compares with the Notion actual to date
--   a project without any gold row has no row here

INSERT OVERWRITE gold.ppm_project_totals (
  project_id,
  budget,
  actual,
  cloud_actual,
  cloud_actual_unit,
  cloud_actual_to_date,
  unit,
  computed_at
)
SELECT
  dimension_value AS project_id,
  CAST(sum(CASE WHEN metric_name = 'budget' THEN value END) AS DECIMAL(18, 2)) AS budget,
  CAST(sum(CASE WHEN metric_name = 'actual' THEN value END) AS DECIMAL(18, 2)) AS actual,
  CAST(sum(CASE WHEN metric_name = 'cloud_actual' THEN value END) AS DECIMAL(18, 2)) AS cloud_actual,
  max(CASE WHEN metric_name = 'cloud_actual' THEN unit END) AS cloud_actual_unit,
  CAST(sum(CASE WHEN metric_name = 'cloud_actual' AND period <= current_date THEN value END) AS DECIMAL(18, 2))
    AS cloud_actual_to_date,
  max(CASE WHEN metric_name IN ('budget', 'committed', 'actual') THEN unit END) AS unit,
  current_timestamp AS computed_at
FROM gold.ppm_budget_vs_actual
WHERE dimension = 'project'
  AND metric_name IN ('budget', 'committed', 'actual', 'cloud_actual')
GROUP BY dimension_value;
