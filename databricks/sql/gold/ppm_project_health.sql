-- gold.ppm_project_health: red, amber or green per active project, with the
-- reasons as a JSON array of strings.
--
-- Thresholds come from bronze.health_thresholds (written by the backend from
-- controlRoom.finance.health before each run). Inputs:
--   cost_variance_pct  (budget - actual) * 100 / budget over the converted
--                      lines up to and including the current month
--                      (negative means over budget)
--   cpi, spi           of the status row of gold.ppm_forecast
--   overdue_actions    open actions past their due date
--   open_high_risks    risks of High impact that are not Closed
--   dq_issues          rows of gold.data_quality_issues naming the project
--                      (from the checks' latest run)
--   cloud_to_date      Azure spend up to the current month (the project's
--                      cloud_actual_to_date in gold.ppm_project_totals);
--                      amber when it exceeds the Notion actual to date by
--                      more than cloud_over_actual_pct_amber %, a rule that
--                      is off while that threshold is null
-- Red when any red rule holds, amber when any amber rule holds, else green.
-- Every rule that holds adds a reason; the texts hold no quotes, so the
-- JSON array is built with concat_ws.

INSERT OVERWRITE gold.ppm_project_health (
  project_id,
  program_id,
  health,
  cost_variance_pct,
  cpi,
  spi,
  overdue_actions,
  open_high_risks,
  dq_issues,
  reasons,
  computed_at
)
WITH thresholds AS (
  SELECT
    max(cost_variance_pct_amber) AS cv_amber,
    max(cost_variance_pct_red) AS cv_red,
    max(cpi_amber) AS cpi_amber,
    max(cpi_red) AS cpi_red,
    max(spi_amber) AS spi_amber,
    max(spi_red) AS spi_red,
    max(overdue_actions_red) AS overdue_red,
    max(open_high_risks_red) AS risks_red,
    max(dq_issues_amber) AS dq_amber,
    max(cloud_over_actual_pct_amber) AS cloud_amber
  FROM bronze.health_thresholds
),
reporting AS (
  SELECT max(reporting_currency) AS currency
  FROM bronze.fx_rates
),
-- Budget and actual from the line totals (far fewer rows than
-- gold.ppm_budget_vs_actual), cloud spend from the project totals (one row
-- per project, summed from budget vs actual's project rows).
spend_to_date AS (
  SELECT
    project_id,
    sum(budget) AS budget_to_date,
    sum(actual) AS actual_to_date,
    sum(cloud_actual) AS cloud_to_date
  FROM (
    SELECT project_id, budget, actual, CAST(0 AS DECIMAL(18, 2)) AS cloud_actual
    FROM gold.ppm_budget_line_totals
    WHERE converted_lines > 0
      AND period <= current_date
    UNION ALL
    SELECT project_id, CAST(0 AS DECIMAL(18, 2)), CAST(0 AS DECIMAL(18, 2)), cloud_actual_to_date
    FROM gold.ppm_project_totals
    WHERE cloud_actual_to_date IS NOT NULL
  ) AS spend
  GROUP BY project_id
),
status_rows AS (
  SELECT
    project_id,
    cpi,
    spi,
    row_number() OVER (PARTITION BY project_id ORDER BY period) AS position
  FROM gold.ppm_forecast
  WHERE earned_value IS NOT NULL
),
open_high_risks AS (
  SELECT project_id, count(*) AS risk_count
  FROM silver.notion_risks
  WHERE NOT coalesce(is_archived, false)
    AND lower(impact) = 'high'
    AND lower(coalesce(status, 'open')) <> 'closed'
  GROUP BY project_id
),
overdue_actions AS (
  SELECT project_id, count(*) AS action_count
  FROM silver.notion_actions
  WHERE NOT coalesce(is_archived, false)
    AND lower(coalesce(status, 'not started')) <> 'done'
    AND due_date < current_date
  GROUP BY project_id
),
dq_issues AS (
  SELECT project_id, count(*) AS issue_count
  FROM gold.data_quality_issues
  WHERE project_id IS NOT NULL
  GROUP BY project_id
),
scored AS (
  SELECT
    p.project_id,
    p.program_id,
    s.budget_to_date,
    s.actual_to_date,
    coalesce(s.cloud_to_date, 0) AS cloud_to_date,
    rc.currency AS reporting_currency,
    CASE
      WHEN s.budget_to_date > 0
        THEN round((s.budget_to_date - s.actual_to_date) * 100 / s.budget_to_date, 2)
    END AS cost_variance_pct,
    f.cpi,
    f.spi,
    coalesce(a.action_count, 0) AS overdue_actions,
    coalesce(r.risk_count, 0) AS open_high_risks,
    coalesce(d.issue_count, 0) AS dq_issues,
    t.*
  FROM silver.notion_projects AS p
  CROSS JOIN thresholds AS t
  CROSS JOIN reporting AS rc
  LEFT JOIN spend_to_date AS s
    ON s.project_id = p.project_id
  LEFT JOIN status_rows AS f
    ON f.project_id = p.project_id
    AND f.position = 1
  LEFT JOIN open_high_risks AS r
    ON r.project_id = p.project_id
  LEFT JOIN overdue_actions AS a
    ON a.project_id = p.project_id
  LEFT JOIN dq_issues AS d
    ON d.project_id = p.project_id
  WHERE NOT coalesce(p.is_archived, false)
),
-- One flag per rule: 2 red, 1 amber, 0 not triggered.
flagged AS (
  SELECT
    *,
    CASE
      WHEN coalesce(budget_to_date, 0) = 0 AND coalesce(actual_to_date, 0) > 0 THEN 2
      WHEN cost_variance_pct < -cv_red THEN 2
      WHEN cost_variance_pct < -cv_amber THEN 1
      ELSE 0
    END AS cost_flag,
    CASE WHEN cpi < cpi_red THEN 2 WHEN cpi < cpi_amber THEN 1 ELSE 0 END AS cpi_flag,
    CASE WHEN spi < spi_red THEN 2 WHEN spi < spi_amber THEN 1 ELSE 0 END AS spi_flag,
    CASE WHEN overdue_actions >= overdue_red THEN 2 ELSE 0 END AS overdue_flag,
    CASE WHEN open_high_risks >= risks_red THEN 2 ELSE 0 END AS risks_flag,
    CASE WHEN dq_issues >= dq_amber THEN 1 ELSE 0 END AS dq_flag,
    CASE
      WHEN cloud_amber IS NOT NULL
        AND cloud_to_date > 0
        AND cloud_to_date > coalesce(actual_to_date, 0) * (1 + cloud_amber / 100)
        THEN 1
      ELSE 0
    END AS cloud_flag
  FROM scored
)
SELECT
  project_id,
  program_id,
  CASE greatest(cost_flag, cpi_flag, spi_flag, overdue_flag, risks_flag, dq_flag, cloud_flag)
    WHEN 2 THEN 'red'
    WHEN 1 THEN 'amber'
    ELSE 'green'
  END AS health,
  CAST(cost_variance_pct AS DOUBLE) AS cost_variance_pct,
  CAST(cpi AS DOUBLE) AS cpi,
  CAST(spi AS DOUBLE) AS spi,
  CAST(overdue_actions AS INT) AS overdue_actions,
  CAST(open_high_risks AS INT) AS open_high_risks,
  CAST(dq_issues AS INT) AS dq_issues,
  concat(
    '[',
    concat_ws(
      ',',
      CASE
        WHEN cost_flag > 0 AND cost_variance_pct IS NULL
          THEN '"Actual cost recorded against no budget to date"'
        WHEN cost_flag > 0
          THEN concat(
            '"Actual cost is ',
            CAST(CAST(-cost_variance_pct AS DECIMAL(18, 2)) AS STRING),
            '% over budget to date (',
            CASE WHEN cost_flag = 2 THEN 'red' ELSE 'amber' END,
            ' above ',
            CAST(CAST(CASE WHEN cost_flag = 2 THEN cv_red ELSE cv_amber END AS DECIMAL(18, 2)) AS STRING),
            '%)"'
          )
      END,
      CASE
        WHEN cpi_flag > 0
          THEN concat(
            '"CPI ',
            CAST(CAST(cpi AS DECIMAL(18, 2)) AS STRING),
            ' is below ',
            CAST(CAST(CASE WHEN cpi_flag = 2 THEN cpi_red ELSE cpi_amber END AS DECIMAL(18, 2)) AS STRING),
            '"'
          )
      END,
      CASE
        WHEN spi_flag > 0
          THEN concat(
            '"SPI ',
            CAST(CAST(spi AS DECIMAL(18, 2)) AS STRING),
            ' is below ',
            CAST(CAST(CASE WHEN spi_flag = 2 THEN spi_red ELSE spi_amber END AS DECIMAL(18, 2)) AS STRING),
            '"'
          )
      END,
      CASE
        WHEN overdue_flag > 0
          THEN concat('"', CAST(overdue_actions AS STRING), ' overdue actions"')
      END,
      CASE
        WHEN risks_flag > 0
          THEN concat('"', CAST(open_high_risks AS STRING), ' open high-impact risks"')
      END,
      CASE
        WHEN dq_flag > 0
          THEN concat('"', CAST(dq_issues AS STRING), ' data-quality issues"')
      END,
      CASE
        WHEN cloud_flag > 0
          THEN concat(
            '"Cloud spend ',
            CAST(CAST(cloud_to_date AS DECIMAL(18, 2)) AS STRING),
            ' ',
            coalesce(reporting_currency, ''),
            ' to date is more than ',
            CAST(CAST(cloud_amber AS DECIMAL(18, 2)) AS STRING),
            '% above the Notion actual of ',
            CAST(CAST(coalesce(actual_to_date, 0) AS DECIMAL(18, 2)) AS STRING),
            ' ',
            coalesce(reporting_currency, ''),
            ' (amber)"'
          )
      END
    ),
    ']'
  ) AS reasons,
  current_timestamp AS computed_at
FROM flagged;
