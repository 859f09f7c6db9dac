-- gold.ppm_forecast: one row per project and month, from the project's first
-- month to its last, with earned-value figures and estimates at completion,
-- in the reporting currency.
--
-- Reads the converted line totals of gold.ppm_budget_line_totals, summed per
-- project and month as gold.ppm_budget_vs_actual sums its project rows (the
-- months with converted lines), without reading that far larger table.
--
-- Each row is as of month a = the earlier of its month and the current
-- month (the status date); later rows repeat the status month's figures.
--   BAC  project budget_total converted with its currency's rate (null when
--        the currency has no rate), else the sum of its lines
--   PV   budget of its lines up to and including a
--   AC   actuals of its lines up to and including a
--   EV   percent_complete x BAC. Silver keeps only today's progress, so EV
--        and every figure built on it are null before the status month
--   CV = EV - AC, SV = EV - PV, CPI = EV / AC, SPI = EV / PV
--   eac_cpi               BAC / CPI, null unless EV > 0 and AC > 0
--   eac_ac_plus_remaining AC + (BAC - EV)
--   eac_cpi_spi           AC + (BAC - EV) / (CPI x SPI)
--   eac (headline)        eac_cpi; when CPI is undefined or 0 (AC 0 or
--                         EV 0), eac_ac_plus_remaining; with no EV (before
--                         the status month, or no BAC), AC + run rate x
--                         months left; with nothing spent yet, BAC; see
--                         docs/finance-metrics.md
--   ETC = EAC - AC, VAC = BAC - EAC, TCPI = (BAC - EV) / (BAC - AC)
--   run_rate              AC / months from the first month to a
--   budget_exhausted_on   a plus the whole months the remaining budget
--                         lasts at the run rate
-- Products come before quotients so money stays exact until the last
-- rounding. Months are counted as year * 12 + month, so no engine's
-- datediff is used.

INSERT OVERWRITE gold.ppm_forecast (
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
WITH reporting AS (
  SELECT max(reporting_currency) AS currency
  FROM bronze.fx_rates
),
-- A month counts when a line of it converted; unconverted lines add nothing.
project_months AS (
  SELECT
    project_id,
    period,
    sum(budget) AS planned,
    sum(actual) AS actual
  FROM gold.ppm_budget_line_totals
  WHERE converted_lines > 0
  GROUP BY project_id, period
),
project_spans AS (
  SELECT
    p.project_id,
    CASE
      WHEN p.budget_total IS NULL THEN sum(pm.planned)
      ELSE CAST(round(p.budget_total * CAST(max(fx.rate_to_reporting) AS DECIMAL(18, 6)), 2) AS DECIMAL(18, 2))
    END AS budget_at_completion,
    CAST(p.percent_complete AS DECIMAL(18, 6)) AS percent_complete,
    CAST(date_trunc('MONTH', coalesce(p.start_date, min(pm.period))) AS DATE) AS first_month,
    CAST(date_trunc('MONTH', coalesce(p.end_date, max(pm.period))) AS DATE) AS last_month
  FROM silver.notion_projects AS p
  LEFT JOIN project_months AS pm
    ON pm.project_id = p.project_id
  -- A budget with no currency is never taken for USD: no rate, so BAC
  -- is null (as for a currency without a rate).
  LEFT JOIN bronze.fx_rates AS fx
    ON fx.currency = p.currency
  WHERE NOT coalesce(p.is_archived, false)
  GROUP BY p.project_id, p.currency, p.budget_total, p.percent_complete, p.start_date, p.end_date
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
    budget_at_completion,
    percent_complete,
    first_month,
    year(first_month) * 12 + month(first_month) AS first_index,
    year(last_month) * 12 + month(last_month) AS last_index,
    year(current_date) * 12 + month(current_date) AS current_index
  FROM project_spans
  WHERE first_month IS NOT NULL
    AND last_month >= first_month
),
-- Narrow on purpose: the running sums sort these rows, so they carry only
-- what the sums need; the project's figures join back after.
calendar AS (
  SELECT
    s.project_id,
    add_months(s.first_month, o.n) AS period,
    s.first_index + o.n AS period_index
  FROM indexed_spans AS s
  INNER JOIN month_offsets AS o
    ON o.n <= s.last_index - s.first_index
),
-- Lines dated before the project's first month still count from its start.
carried_in AS (
  SELECT
    s.project_id,
    sum(pm.planned) AS planned,
    sum(pm.actual) AS actual
  FROM indexed_spans AS s
  INNER JOIN project_months AS pm
    ON pm.project_id = s.project_id
    AND pm.period < s.first_month
  GROUP BY s.project_id
),
-- Running sums over the calendar; months after the current one add nothing,
-- so each row holds the totals as of its as-of month.
running AS (
  SELECT
    c.project_id,
    c.period,
    c.period_index,
    sum(CASE WHEN pm.period <= current_date THEN pm.planned ELSE 0 END) OVER (
      PARTITION BY c.project_id ORDER BY c.period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS planned_in_span,
    sum(CASE WHEN pm.period <= current_date THEN pm.actual ELSE 0 END) OVER (
      PARTITION BY c.project_id ORDER BY c.period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS actual_in_span
  FROM calendar AS c
  LEFT JOIN project_months AS pm
    ON pm.project_id = c.project_id
    AND pm.period = c.period
),
cumulative AS (
  SELECT
    r.project_id,
    r.period,
    s.budget_at_completion,
    add_months(s.first_month, least(r.period_index, s.current_index) - s.first_index) AS as_of_month,
    least(r.period_index, s.current_index) - s.first_index + 1 AS months_elapsed,
    greatest(s.last_index - least(r.period_index, s.current_index), 0) AS months_remaining,
    -- The status row is the current month, or the last month of a project
    -- that has ended; progress is known from there on.
    CASE
      WHEN r.period_index >= least(s.current_index, s.last_index)
        THEN CAST(round(s.budget_at_completion * s.percent_complete, 2) AS DECIMAL(18, 2))
    END AS earned_value,
    coalesce(ci.planned, 0) + r.planned_in_span AS planned_value,
    coalesce(ci.actual, 0) + r.actual_in_span AS actual_cost
  FROM running AS r
  INNER JOIN indexed_spans AS s
    ON s.project_id = r.project_id
  LEFT JOIN carried_in AS ci
    ON ci.project_id = r.project_id
),
earned AS (
  -- Products of amounts in cents pass 18 digits from tens of millions on:
  -- they are taken at 38 digits.
  SELECT
    *,
    CASE WHEN actual_cost > 0 THEN CAST(earned_value AS DOUBLE) / CAST(actual_cost AS DOUBLE) END AS cpi,
    CASE WHEN planned_value > 0 THEN CAST(earned_value AS DOUBLE) / CAST(planned_value AS DOUBLE) END AS spi,
    -- CPI must exist and be positive: with AC 0 it is undefined, and
    -- BAC x AC / EV would claim the project costs nothing.
    CASE
      WHEN earned_value > 0 AND actual_cost > 0
        THEN round(CAST(budget_at_completion AS DECIMAL(38, 2)) * actual_cost / earned_value, 2)
    END AS eac_cpi,
    actual_cost + budget_at_completion - earned_value AS eac_ac_plus_remaining,
    CASE
      WHEN earned_value > 0 AND actual_cost > 0 AND planned_value > 0
        THEN round(
          actual_cost
          + CAST(budget_at_completion - earned_value AS DECIMAL(38, 2)) * actual_cost * planned_value
            / (CAST(earned_value AS DECIMAL(38, 2)) * earned_value),
          2
        )
    END AS eac_cpi_spi,
    CASE
      WHEN months_elapsed >= 1
        THEN round(actual_cost + actual_cost * months_remaining / months_elapsed, 2)
      ELSE actual_cost
    END AS eac_run_rate,
    CASE WHEN months_elapsed >= 1 THEN round(actual_cost / months_elapsed, 2) END AS run_rate,
    CASE
      WHEN months_elapsed >= 1 AND actual_cost > 0 AND budget_at_completion > actual_cost
        THEN CAST(floor((budget_at_completion - actual_cost) * months_elapsed / actual_cost) AS INT)
    END AS months_of_budget_left
  FROM cumulative
),
headline AS (
  SELECT
    *,
    -- A run rate of nothing spent would forecast a free project: the plan
    -- (BAC) stands until money is spent.
    CAST(
      coalesce(eac_cpi, eac_ac_plus_remaining, CASE WHEN actual_cost > 0 THEN eac_run_rate END, budget_at_completion)
      AS DECIMAL(18, 2)
    ) AS eac
  FROM earned
)
SELECT
  h.project_id,
  h.period,
  CAST(h.budget_at_completion AS DECIMAL(18, 2)) AS budget_at_completion,
  CAST(h.planned_value AS DECIMAL(18, 2)) AS planned_value,
  CAST(h.earned_value AS DECIMAL(18, 2)) AS earned_value,
  CAST(h.actual_cost AS DECIMAL(18, 2)) AS actual_cost,
  CAST(h.earned_value - h.actual_cost AS DECIMAL(18, 2)) AS cost_variance,
  CAST(h.earned_value - h.planned_value AS DECIMAL(18, 2)) AS schedule_variance,
  CAST(h.cpi AS DOUBLE) AS cpi,
  CAST(h.spi AS DOUBLE) AS spi,
  h.eac,
  CAST(h.eac_cpi AS DECIMAL(18, 2)) AS eac_cpi,
  CAST(h.eac_ac_plus_remaining AS DECIMAL(18, 2)) AS eac_ac_plus_remaining,
  CAST(h.eac_cpi_spi AS DECIMAL(18, 2)) AS eac_cpi_spi,
  CAST(h.eac - h.actual_cost AS DECIMAL(18, 2)) AS etc,
  CAST(h.budget_at_completion - h.eac AS DECIMAL(18, 2)) AS vac,
  CASE
    WHEN h.earned_value IS NOT NULL AND h.budget_at_completion <> h.actual_cost
      THEN CAST(h.budget_at_completion - h.earned_value AS DOUBLE) / CAST(h.budget_at_completion - h.actual_cost AS DOUBLE)
  END AS tcpi,
  CAST(h.run_rate AS DECIMAL(18, 2)) AS run_rate,
  add_months(h.as_of_month, h.months_of_budget_left) AS budget_exhausted_on,
  r.currency AS unit,
  current_timestamp AS computed_at
FROM headline AS h
CROSS JOIN reporting AS r;
