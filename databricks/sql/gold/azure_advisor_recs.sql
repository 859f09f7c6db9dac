-- gold.azure_advisor_recs: every Advisor recommendation with its savings in
-- the reporting currency, the project and program it belongs to, and the
-- Notion action raised for it (source 'advisor', source_id = recommendation
-- id), so the API can total savings by project, program, category and impact.
--
-- Savings are converted with the rate of their currency from bronze.fx_rates;
-- with no rate they stay null (never converted at 1) and savings_currency
-- says which currency lacked one. The annual figure falls back to twelve
-- months of the monthly one.
--
-- Recommendations Azure no longer returns (removed_at set by a complete
-- pull: resolved, dismissed, or their resource deleted) are left out.

INSERT OVERWRITE gold.azure_advisor_recs (
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
  savings_currency,
  action_id,
  has_action,
  computed_at
)
WITH reporting AS (
  SELECT max(reporting_currency) AS currency
  FROM bronze.fx_rates
),
advisor_actions AS (
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
  CAST(round(r.monthly_savings * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2) AS DECIMAL(18, 2)) AS monthly_savings,
  CAST(
    round(coalesce(r.annual_savings, r.monthly_savings * 12) * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)
    AS DECIMAL(18, 2)
  ) AS annual_savings,
  rc.currency AS unit,
  coalesce(r.savings_currency, rc.currency) AS savings_currency,
  a.action_id,
  a.action_id IS NOT NULL AS has_action,
  current_timestamp AS computed_at
FROM silver.azure_advisor_recommendations AS r
CROSS JOIN reporting AS rc
LEFT JOIN silver.notion_projects AS p
  ON p.project_id = r.project_id
LEFT JOIN bronze.fx_rates AS fx
  ON fx.currency = coalesce(r.savings_currency, rc.currency)
LEFT JOIN advisor_actions AS a
  ON a.recommendation_id = r.recommendation_id
WHERE r.removed_at IS NULL;
