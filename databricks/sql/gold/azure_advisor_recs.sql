-- gold.azure_advisor_recs: every Advisor recommendation with its savings,
-- the project and program it belongs to, and the Notion action raised for it,
-- so the API can total savings by project, category and impact.
--
-- Savings stay in the currency Advisor reports (no FX conversion yet); the
-- annual figure falls back to twelve months of the monthly one.

DELETE FROM gold.azure_advisor_recs;

INSERT INTO gold.azure_advisor_recs (
  recommendation_id,
  project_id,
  program_id,
  category,
  impact,
  problem,
  solution,
  resource_id,
  monthly_savings,
  annual_savings,
  unit,
  action_id,
  has_action,
  computed_at
)
WITH advisor_actions AS (
  -- One action per recommendation, even if several were raised.
  SELECT source_id AS recommendation_id, min(action_id) AS action_id
  FROM silver.notion_actions
  WHERE source = 'advisor'
    AND source_id IS NOT NULL
    AND NOT coalesce(is_archived, false)
  GROUP BY source_id
)
SELECT
  r.recommendation_id,
  r.project_id,
  p.program_id,
  r.category,
  r.impact,
  r.problem,
  r.solution,
  r.resource_id,
  CAST(r.monthly_savings AS DECIMAL(18, 2)) AS monthly_savings,
  CAST(coalesce(r.annual_savings, r.monthly_savings * 12) AS DECIMAL(18, 2)) AS annual_savings,
  coalesce(r.savings_currency, 'USD') AS unit,
  a.action_id,
  a.action_id IS NOT NULL AS has_action,
  current_timestamp AS computed_at
FROM silver.azure_advisor_recommendations AS r
LEFT JOIN silver.notion_projects AS p
  ON p.project_id = r.project_id
LEFT JOIN advisor_actions AS a
  ON a.recommendation_id = r.recommendation_id;
