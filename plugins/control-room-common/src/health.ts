/** The lakehouse engines the backend can run on. */
export const LAKEHOUSE_ENGINES = ['duckdb', 'databricks'] as const;

/** @public */
export type LakehouseEngineName = (typeof LAKEHOUSE_ENGINES)[number];

/**
 * `ok` when the lakehouse answers, `degraded` when it does not and the API
 * serves the last good data.
 *
 * @public
 */
export type HealthStatus = 'ok' | 'degraded';

/**
 * Body of `GET /api/control-room/health`.
 *
 * @public
 */
export interface HealthResponse {
  status: HealthStatus;
  /** Given to signed-in callers only. */
  engine?: LakehouseEngineName;
  /** Server time of the check, ISO 8601. */
  checked_at: string;
  /** Why the status is degraded, for signed-in callers; never contains credentials. */
  message?: string;
}

/** @public */
export function isLakehouseEngineName(
  value: unknown,
): value is LakehouseEngineName {
  return (LAKEHOUSE_ENGINES as readonly unknown[]).includes(value);
}
