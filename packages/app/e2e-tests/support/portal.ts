import {
  APIRequestContext,
  expect,
  Page,
  request as playwrightRequest,
  Response,
} from '@playwright/test';

/** Helpers the browser tests share: sign-in, API calls and readiness. */

/** The DuckDB portal's backend, which the app on PLAYWRIGHT_URL calls. */
export const BACKEND =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
/**
 * The Databricks portal's backend (engine and orchestrator `databricks`,
 * on the emulated workspace); see playwright.config.ts.
 */
export const DATABRICKS_BACKEND =
  process.env.PLAYWRIGHT_DATABRICKS_BACKEND_URL ?? 'http://localhost:7207';
export const API = '/api/control-room';

/** Matches a successful response of the Control Room API. */
export function isApiCall(path: string, method = 'GET') {
  return (response: Response) => {
    const url = new URL(response.url());
    return (
      url.pathname === `${API}${path}` &&
      response.request().method() === method &&
      response.ok()
    );
  };
}

export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** The guest's Backstage token as a header, for calls made outside a page. */
export async function guestAuthHeader(
  request: APIRequestContext,
  backend = BACKEND,
): Promise<Record<string, string>> {
  const response = await request.get(`${backend}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await response.json())?.backstageIdentity?.token;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** GETs a backend path as the guest; undefined when it does not answer 2xx. */
export async function getAsGuest(
  request: APIRequestContext,
  path: string,
  backend = BACKEND,
) {
  const res = await request.get(`${backend}${path}`, {
    headers: await guestAuthHeader(request, backend),
  });
  return res.ok() ? res.json() : undefined;
}

/**
 * Starts a job through the API and waits until a run of it that started
 * afterwards has ended, returning that run's status.
 */
export async function runJob(
  request: APIRequestContext,
  job: string,
  timeout = 120_000,
): Promise<string> {
  const startedAfter = new Date().toISOString();
  const started = await request.post(`${BACKEND}${API}/jobs/${job}/run`, {
    headers: await guestAuthHeader(request),
  });
  expect(started.ok()).toBe(true);
  let status: string | undefined;
  await expect
    .poll(
      async () => {
        const runs = await getAsGuest(
          request,
          `${API}/job-runs?job=${job}&limit=20`,
        );
        status = runs?.data?.find(
          (run: any) => run.started_at >= startedAfter,
        )?.status;
        return status !== undefined && status !== 'RUNNING';
      },
      { timeout, intervals: [1_000, 2_000] },
    )
    .toBe(true);
  return status!;
}

/**
 * A fresh portal fills the lakehouse in the background after start, and
 * the catalog reads its projects a little later: waits for the first gold
 * build and for every project's catalog entity.
 */
export async function waitForPortalData(backend = BACKEND) {
  const request = await playwrightRequest.newContext();
  const pollUntil = (probe: () => Promise<unknown>, expected: unknown) =>
    expect
      .poll(
        async () => {
          try {
            return await probe();
          } catch {
            // The backend may still be starting.
            return undefined;
          }
        },
        { timeout: 180_000, intervals: [2_000] },
      )
      .toBe(expected);
  try {
    // The run history, not /jobs: the status table behind /jobs is a
    // snapshot that can hold a finished run as RUNNING until its refresh.
    await pollUntil(async () => {
      const runs =
        (
          await getAsGuest(
            request,
            `${API}/job-runs?job=ppm_marts_gold&limit=20`,
            backend,
          )
        )?.data ?? [];
      return runs.some((run: any) => run.status === 'SUCCESS');
    }, true);
    await pollUntil(async () => {
      const projects =
        (await getAsGuest(request, `${API}/projects`, backend))?.data ?? [];
      const entities =
        (
          await getAsGuest(
            request,
            '/api/catalog/entities/by-query?filter=kind=component,spec.type=project&fields=metadata.annotations&limit=1000',
            backend,
          )
        )?.items ?? [];
      const inCatalog = new Set(
        entities.map(
          (e: any) => e.metadata?.annotations?.['notion.so/project-id'],
        ),
      );
      return (
        projects.length > 0 &&
        projects.every((p: any) => inCatalog.has(p.project_id))
      );
    }, true);
  } finally {
    await request.dispose();
  }
}
