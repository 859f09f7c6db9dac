import {
  APIRequestContext,
  Browser,
  BrowserContext,
  expect,
  Page,
  request as playwrightRequest,
  test,
} from '@playwright/test';
import {
  API,
  BACKEND,
  DATABRICKS_BACKEND,
  getAsGuest,
  isApiCall,
  signIn,
  waitForPortalData,
} from './support/portal';

/**
 * The Databricks portal: the same app, whose backend runs `engine:
 * databricks` and `orchestrator: databricks` through the real
 * @databricks/sql driver against the emulated workspace
 * (playwright.config.ts starts it). Each backend serves the same app
 * bundle, configured for itself. Every figure the Databricks portal shows
 * must equal the one the DuckDB portal shows for the same sandbox
 * portfolio, to the cent.
 */

/** The emulated workspace: SQL warehouse and Jobs API on one port. */
const WORKSPACE = process.env.PLAYWRIGHT_DATABRICKS_HOST
  ? `https://${process.env.PLAYWRIGHT_DATABRICKS_HOST}`
  : 'https://127.0.0.1:7543';
/** The emulator's own token (app-config.databricks.yaml), not a secret. */
const WORKSPACE_TOKEN = 'sandbox-databricks-token';
const GOLD_JOB = 'ppm_marts_gold';

/** A page of the app as the Databricks portal's backend serves it. */
async function databricksPortalPage(browser: Browser) {
  const context: BrowserContext = await browser.newContext({
    baseURL: DATABRICKS_BACKEND,
  });
  const page = await context.newPage();
  await signIn(page);
  return page;
}

async function duckDbPortalPage(browser: Browser) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page);
  return page;
}

/** GETs a Jobs API 2.1 path of the emulated workspace. */
async function jobsApi(request: APIRequestContext, path: string) {
  const response = await request.get(`${WORKSPACE}/api/2.1/jobs/${path}`, {
    headers: { Authorization: `Bearer ${WORKSPACE_TOKEN}` },
  });
  expect(response.ok()).toBe(true);
  return response.json();
}

/** The bundle job deployed for one of our jobs, found by its tag. */
async function bundleJob(request: APIRequestContext, jobId: string) {
  const { jobs } = await jobsApi(request, 'list?limit=100');
  return jobs.find(
    (job: any) => job.settings?.tags?.control_room_job === jobId,
  );
}

/** `label -> text` of the Projects table row of a project. */
async function projectRow(page: Page, name: string) {
  await page.getByPlaceholder('Filter').fill(name);
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toHaveCount(1);
  const headers = await page
    .getByRole('columnheader')
    .evaluateAll(cells => cells.map(cell => cell.textContent?.trim() ?? ''));
  const cells = await row
    .getByRole('cell')
    .evaluateAll(tds => tds.map(td => td.textContent?.trim() ?? ''));
  return Object.fromEntries(
    headers.map((header, i) => [header, cells[i]]).filter(([h]) => h),
  );
}

/** The text of each figure on the Overview tab, by its test id. */
async function overviewFigures(page: Page, ids: string[]) {
  const figures: Record<string, string> = {};
  for (const id of ids) {
    figures[id] = (await page.getByTestId(id).textContent())?.trim() ?? '';
  }
  return figures;
}

/** Refreshes the run history; the status of the job's run after `since`. */
async function runStatusAfter(page: Page, since: string) {
  const runs = page.waitForResponse(isApiCall('/job-runs'));
  await page.getByRole('button', { name: 'Refresh' }).click();
  const body = await (await runs).json();
  return body.data.find(
    (run: any) => run.job_id === GOLD_JOB && run.started_at >= since,
  );
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  await Promise.all([
    waitForPortalData(BACKEND),
    waitForPortalData(DATABRICKS_BACKEND),
  ]);
});

test('the Databricks portal runs on the Databricks engine and orchestrator', async ({
  browser,
}) => {
  const page = await databricksPortalPage(browser);
  await page.goto('/control-room/overview');
  // The Backend health card names the engine that answered.
  await expect(page.getByText('Healthy')).toBeVisible();
  await expect(page.getByText('databricks', { exact: true })).toBeVisible();
  await expect(page.getByText('duckdb', { exact: true })).toHaveCount(0);
});

test('Overview figures equal the DuckDB portal, to the cent', async ({
  browser,
}) => {
  const duckDb = await duckDbPortalPage(browser);
  const databricks = await databricksPortalPage(browser);
  for (const page of [duckDb, databricks]) {
    await page.goto('/control-room/overview');
    await expect(page.getByTestId('kpi-budget')).toBeVisible();
    await expect(page.getByTestId('advisor-savings')).toBeVisible();
  }
  const kpiIds = await duckDb
    .locator('[data-testid^="kpi-"]')
    .evaluateAll(els => els.map(el => el.getAttribute('data-testid')!));
  expect(kpiIds).toEqual(expect.arrayContaining(['kpi-budget', 'kpi-actual']));
  const ids = [...kpiIds, 'advisor-savings', 'forecast-eac', 'top-variances'];
  const expected = await overviewFigures(duckDb, ids);
  // Amounts in cents with their currency, not an empty card.
  expect(expected['kpi-budget']).toMatch(/\$[\d,]+\.\d{2}/);
  expect(expected['advisor-savings']).toMatch(/\$[\d,]+\.\d{2}/);
  for (const id of ids) {
    await expect(databricks.getByTestId(id), id).toHaveText(expected[id]);
  }
});

test('Projects figures equal the DuckDB portal, to the cent, column by column', async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const projects = (await getAsGuest(request, `${API}/projects`))?.data ?? [];
  expect(projects.length).toBeGreaterThan(0);
  const duckDb = await duckDbPortalPage(browser);
  const databricks = await databricksPortalPage(browser);
  for (const page of [duckDb, databricks]) {
    await page.goto('/control-room/projects');
    await expect(page.getByText(`Projects (${projects.length})`)).toBeVisible();
  }
  for (const project of projects) {
    const expected = await projectRow(duckDb, project.name);
    expect(expected).toMatchObject({
      Budget: expect.stringMatching(/\d\.\d{2}$/),
      Actual: expect.stringMatching(/\d\.\d{2}$/),
    });
    expect(await projectRow(databricks, project.name), project.name).toEqual(
      expected,
    );
  }
});

test('Advisor figures equal the DuckDB portal, to the cent', async ({
  browser,
}) => {
  const duckDb = await duckDbPortalPage(browser);
  const databricks = await databricksPortalPage(browser);
  for (const page of [duckDb, databricks]) {
    await page.goto('/control-room/advisor');
    await expect(page.getByTestId('advisor-summary-total')).toBeVisible();
  }
  const total = (
    await duckDb.getByTestId('advisor-summary-total').innerText()
  ).trim();
  expect(total).toMatch(/\$[\d,]+\.\d{2} a month, \$[\d,]+\.\d{2} a year/);
  await expect(databricks.getByTestId('advisor-summary-total')).toHaveText(
    total,
  );
  const count = await duckDb.getByText(/^Recommendations \(\d+\)$/).innerText();
  await expect(databricks.getByText(count, { exact: true })).toBeVisible();
});

test('Pipelines lists the bundle runs of the dev target, and Run now on ppm_marts_gold ends SUCCESS', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const workspace = await playwrightRequest.newContext({
    ignoreHTTPSErrors: true,
  });
  try {
    // The dev target deploys the job under the user's name prefix.
    const job = await bundleJob(workspace, GOLD_JOB);
    expect(job.settings.name).toMatch(/^\[dev [^\]]+\] \[PPM\] /);
    const before = await jobsApi(
      workspace,
      `runs/list?job_id=${job.job_id}&limit=25`,
    );
    expect(before.runs?.length).toBeGreaterThan(0);

    const page = await databricksPortalPage(browser);
    const jobs = page.waitForResponse(isApiCall('/jobs'));
    await page.goto('/control-room/pipelines');
    const jobName = (await (await jobs).json()).data.find(
      (j: any) => j.job_id === GOLD_JOB,
    ).job_name;
    // Our name for it; the deployed, prefixed name ends with it.
    expect(job.settings.name.endsWith(jobName)).toBe(true);

    const history = page.waitForResponse(isApiCall('/job-runs'));
    await page.getByRole('button', { name: `History of ${jobName}` }).click();
    const runs = (await (await history).json()).data;
    // Every finished bundle run is listed, matched by the job's tag.
    const listed = new Set(runs.map((r: any) => r.run_id));
    for (const run of before.runs.filter(
      (r: any) => r.state.life_cycle_state === 'TERMINATED',
    )) {
      expect(listed).toContain(`databricks-${run.run_id}`);
    }
    await expect(page.getByText(`Run history: ${jobName}`)).toBeVisible();
    const historyTable = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: 'Trigger' }) });
    await expect(
      historyTable
        .getByRole('row')
        .filter({ hasText: 'databricks' })
        .filter({ hasText: 'SUCCESS' })
        .first(),
    ).toBeVisible();

    // Run now, from the UI.
    const since = new Date().toISOString();
    const started = page.waitForResponse(
      isApiCall(`/jobs/${GOLD_JOB}/run`, 'POST'),
    );
    await page.getByRole('button', { name: `Run ${jobName} now` }).click();
    expect((await (await started).json()).job_id).toBe(GOLD_JOB);
    let run: any;
    await expect
      .poll(
        async () => {
          run = await runStatusAfter(page, since);
          return run?.status;
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toBe('SUCCESS');
    expect(run.run_id).toMatch(/^databricks-\d+$/);
    expect(run.trigger).toBe('databricks');
    await expect(
      historyTable.getByRole('row').filter({ hasText: 'SUCCESS' }).first(),
    ).toBeVisible();

    // The workspace ran it as a bundle run of the dev target, SUCCESS.
    const ran = await jobsApi(
      workspace,
      `runs/get?run_id=${run.run_id.slice('databricks-'.length)}`,
    );
    expect(ran.job_id).toBe(job.job_id);
    expect(ran.run_name).toBe(job.settings.name);
    expect(ran.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'SUCCESS',
    });
  } finally {
    await workspace.dispose();
  }
});
