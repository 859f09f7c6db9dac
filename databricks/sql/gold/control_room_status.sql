-- gold.control_room_status: one row per pipeline job with its latest run,
-- from bronze.job_runs (written by the backend scheduler, and copied from the
-- Databricks Jobs API when Databricks orchestrates the SQL jobs), and its next
-- start from bronze.job_schedules (computed by the backend from the jobs'
-- cron schedules, since SQL cannot evaluate cron). A scheduled job that has
-- not run yet still gets a row.

INSERT OVERWRITE gold.control_room_status (
  job_id,
  job_name,
  last_run_id,
  last_run_status,
  last_run_time,
  last_run_duration_seconds,
  next_run_time,
  error_message,
  updated_at
)
WITH ranked_runs AS (
  SELECT
    job_id,
    job_name,
    run_id,
    status,
    started_at,
    duration_seconds,
    error_message,
    row_number() OVER (
      PARTITION BY job_id
      ORDER BY started_at DESC NULLS LAST, run_id DESC
    ) AS recency
  FROM bronze.job_runs
),
latest_runs AS (
  SELECT * FROM ranked_runs WHERE recency = 1
),
jobs AS (
  SELECT job_id FROM latest_runs
  UNION
  SELECT job_id FROM bronze.job_schedules
)
SELECT
  j.job_id,
  coalesce(s.job_name, r.job_name, j.job_id) AS job_name,
  r.run_id AS last_run_id,
  r.status AS last_run_status,
  r.started_at AS last_run_time,
  CAST(r.duration_seconds AS INT) AS last_run_duration_seconds,
  s.next_run_time,
  r.error_message,
  current_timestamp AS updated_at
FROM jobs AS j
LEFT JOIN latest_runs AS r
  ON r.job_id = j.job_id
LEFT JOIN bronze.job_schedules AS s
  ON s.job_id = j.job_id;
