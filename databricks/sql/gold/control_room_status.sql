-- gold.control_room_status: one row per pipeline job with its latest run,
-- from bronze.job_runs (written by the backend scheduler, and copied from the
-- Databricks Jobs API when Databricks orchestrates the SQL jobs).
--
-- next_run_time is left null here: the schedules live in the orchestrator,
-- and the API fills it from there.

DELETE FROM gold.control_room_status;

INSERT INTO gold.control_room_status (
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
)
SELECT
  job_id,
  coalesce(job_name, job_id) AS job_name,
  run_id AS last_run_id,
  status AS last_run_status,
  started_at AS last_run_time,
  CAST(duration_seconds AS INT) AS last_run_duration_seconds,
  CAST(NULL AS TIMESTAMP) AS next_run_time,
  error_message,
  current_timestamp AS updated_at
FROM ranked_runs
WHERE recency = 1;
