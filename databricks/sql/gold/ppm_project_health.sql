-- gold.ppm_project_health: red, amber or green per active project.
--
-- First version: the colour comes from the cost variance to date only,
--   cost_variance_pct = (budget - actual) * 100 / budget
-- over the budget lines up to and including the current month (negative
-- means over budget):
--   red    more than 10% over budget, or actuals against no budget
--   amber  more than 5% over budget
--   green  otherwise, including projects with nothing due yet
-- Open high-impact risks and overdue actions are counted for the page but do
-- not change the colour yet. CPI, SPI and data-quality issues are left null
-- until the forecast has earned value and the checks name projects.

DELETE FROM gold.ppm_project_health;

INSERT INTO gold.ppm_project_health (
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
WITH spend_to_date AS (
  SELECT
    project_id,
    sum(coalesce(amount, 0)) AS budget_to_date,
    sum(coalesce(actual_amount, 0)) AS actual_to_date
  FROM silver.notion_budget_lines
  WHERE NOT coalesce(is_archived, false)
    AND period <= current_date
  GROUP BY project_id
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
scored AS (
  SELECT
    p.project_id,
    p.program_id,
    s.budget_to_date,
    s.actual_to_date,
    CASE
      WHEN s.budget_to_date > 0
        THEN round((s.budget_to_date - s.actual_to_date) * 100 / s.budget_to_date, 1)
    END AS cost_variance_pct,
    coalesce(r.risk_count, 0) AS open_high_risks,
    coalesce(a.action_count, 0) AS overdue_actions
  FROM silver.notion_projects AS p
  LEFT JOIN spend_to_date AS s
    ON s.project_id = p.project_id
  LEFT JOIN open_high_risks AS r
    ON r.project_id = p.project_id
  LEFT JOIN overdue_actions AS a
    ON a.project_id = p.project_id
  WHERE NOT coalesce(p.is_archived, false)
),
rated AS (
  SELECT
    *,
    CASE
      WHEN cost_variance_pct < -10 THEN 'red'
      WHEN coalesce(budget_to_date, 0) = 0 AND coalesce(actual_to_date, 0) > 0 THEN 'red'
      WHEN cost_variance_pct < -5 THEN 'amber'
      ELSE 'green'
    END AS health
  FROM scored
)
SELECT
  project_id,
  program_id,
  health,
  CAST(cost_variance_pct AS DOUBLE) AS cost_variance_pct,
  CAST(NULL AS DOUBLE) AS cpi,
  CAST(NULL AS DOUBLE) AS spi,
  CAST(overdue_actions AS INT) AS overdue_actions,
  CAST(open_high_risks AS INT) AS open_high_risks,
  CAST(NULL AS INT) AS dq_issues,
  -- A JSON array of strings; the texts hold no quotes, so concat is safe.
  CASE
    WHEN coalesce(budget_to_date, 0) = 0 AND coalesce(actual_to_date, 0) > 0
      THEN '["Actual cost recorded against no budget to date"]'
    WHEN cost_variance_pct < -5
      THEN concat(
        '["Actual cost is ',
        CAST(CAST(-cost_variance_pct AS DECIMAL(18, 1)) AS STRING),
        '% over budget to date"]'
      )
    ELSE '[]'
  END AS reasons,
  current_timestamp AS computed_at
FROM rated;
