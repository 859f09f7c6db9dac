import { expect, Page, test } from '@playwright/test';
import {
  API,
  getAsGuest,
  isApiCall,
  signIn,
  waitForPortalData,
} from './support/portal';

/**
 * Drives the Control Room against the running portal (backend with sandbox
 * data). Every figure is checked against the API answer the page itself
 * received, so the tests hold for any generated portfolio.
 */

const TABS = [
  { path: 'overview', title: 'Overview' },
  { path: 'projects', title: 'Projects' },
  { path: 'pipelines', title: 'Pipelines' },
  { path: 'data-quality', title: 'Data Quality' },
  { path: 'advisor', title: 'Advisor' },
] as const;

/** Opens a tab and returns the JSON of the named API calls it made. */
async function openTab(page: Page, tab: string, paths: string[]) {
  const answers = paths.map(path => page.waitForResponse(isApiCall(path)));
  await page.goto(`/control-room/${tab}`);
  return Promise.all(answers.map(async a => (await a).json()));
}

/** Sums decimal strings in cents, as the page does; never through floats. */
function sumCents(values: Array<string | undefined>): bigint {
  return values.reduce((total, value) => {
    if (!value) return total;
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const cents = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
    return total + (value.startsWith('-') ? -cents : cents);
  }, 0n);
}

function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n)
    .toString()
    .padStart(2, '0')}`;
}

/** Formats like the page, in the browser's locale. */
function formatMoney(page: Page, value: string, currency?: string) {
  return page.evaluate(
    ([amount, unit]) =>
      unit && /^[A-Z]{3}$/.test(unit)
        ? new Intl.NumberFormat(undefined, {
            style: 'currency',
            currency: unit,
          }).format(amount as unknown as number)
        : new Intl.NumberFormat(undefined, {
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          }).format(amount as unknown as number),
    [value, currency] as const,
  );
}

/**
 * Refreshes the Pipelines tab's run history and returns the status of the
 * job's first run started after the given time, if there is one yet.
 */
async function newRunStatus(
  page: Page,
  job: string,
  startedAfter: string,
): Promise<string | undefined> {
  const runs = page.waitForResponse(isApiCall('/job-runs'));
  await page.getByRole('button', { name: 'Refresh' }).click();
  const body = await (await runs).json();
  return body.data.find(
    (run: any) => run.job_id === job && run.started_at >= startedAfter,
  )?.status;
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  await waitForPortalData();
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('Overview shows the KPIs, forecast and Advisor savings the API returns', async ({
  page,
}) => {
  const [kpis, summary] = await openTab(page, 'overview', [
    '/kpis',
    '/advisor/summary',
  ]);
  const money = kpis.data.filter((k: any) => /^[A-Z]{3}$/.test(k.unit));
  expect(money.length).toBeGreaterThan(0);
  const currency = money[0].unit;
  for (const [metric, testId] of [
    ['budget', 'kpi-budget'],
    ['actual', 'kpi-actual'],
  ]) {
    const total = centsToDecimal(
      sumCents(
        money
          .filter((k: any) => k.metric_name === metric)
          .map((k: any) => k.value),
      ),
    );
    await expect(page.getByTestId(testId)).toContainText(
      await formatMoney(page, total, currency),
    );
  }
  const monthly = centsToDecimal(
    sumCents(summary.data.map((r: any) => r.monthly_savings)),
  );
  if (summary.data.length > 0) {
    await expect(page.getByTestId('advisor-savings')).toContainText(
      await formatMoney(page, monthly, summary.data[0].unit),
    );
  }
  await expect(page.getByText('Backend health')).toBeVisible();
});

test('Projects lists the API projects and opens a project Finance tab', async ({
  page,
}) => {
  const [projects] = await openTab(page, 'projects', ['/projects']);
  expect(projects.data.length).toBeGreaterThan(0);
  await expect(
    page.getByText(`Projects (${projects.data.length})`),
  ).toBeVisible();

  const project = projects.data[0];
  await page.getByPlaceholder('Filter').fill(project.name);
  const row = page.getByRole('row').filter({ hasText: project.name }).first();
  // Each amount with the symbol of the unit the API gave for it.
  await expect(row).toContainText(
    await formatMoney(page, project.budget, project.unit),
  );
  await expect(row).toContainText(
    await formatMoney(page, project.actual, project.unit),
  );

  await row.getByRole('link', { name: project.name }).click();
  await expect(page).toHaveURL(/\/catalog\/[^/]+\/component\/[^/]+/);
  const detail = page.waitForResponse(
    isApiCall(`/projects/${encodeURIComponent(project.project_id)}`),
  );
  await page
    .getByRole('tab', { name: 'Finance' })
    .or(page.getByRole('link', { name: 'Finance', exact: true }))
    .first()
    .click();
  await detail;
  await expect(page.getByText(`Finance: ${project.name}`)).toBeVisible();
  await expect(page.getByText('Budget vs actual')).toBeVisible();
});

test('Pipelines shows the seven jobs and Run now starts a new run', async ({
  page,
}) => {
  const [jobs] = await openTab(page, 'pipelines', ['/jobs']);
  expect(jobs.data).toHaveLength(7);
  expect(jobs.data.map((j: any) => j.job_id)).toContain('azure_cost_ingest');
  for (const job of jobs.data) {
    await expect(
      page.getByRole('cell', { name: job.job_name, exact: true }),
    ).toBeVisible();
  }

  const job = 'control_room_status_refresh';
  const jobName = jobs.data.find((j: any) => j.job_id === job).job_name;
  const startedAfter = new Date().toISOString();
  const started = page.waitForResponse(isApiCall(`/jobs/${job}/run`, 'POST'));
  await page.getByRole('button', { name: `Run ${jobName} now` }).click();
  expect((await (await started).json()).job_id).toBe(job);

  await expect(page.getByText(`Run history: ${jobName}`)).toBeVisible();
  await expect
    .poll(() => newRunStatus(page, job, startedAfter), { timeout: 60_000 })
    .toBeDefined();
});

test('Data Quality shows the issues and metrics the API returns', async ({
  page,
}) => {
  const [issues, metrics] = await openTab(page, 'data-quality', [
    '/dq/issues',
    '/dq/metrics',
  ]);
  if (issues.data.length === 0 && metrics.data.length === 0) {
    await expect(page.getByText('No data-quality results yet')).toBeVisible();
    return;
  }
  const errors = issues.data.filter(
    (i: any) => (i.severity ?? 'error') === 'error',
  ).length;
  const warnings = issues.data.filter((i: any) => i.severity === 'warn').length;
  await expect(page.getByText(`Errors (${errors})`)).toBeVisible();
  await expect(page.getByText(`Warnings (${warnings})`)).toBeVisible();
  await expect(page.getByText('Metrics per table and check')).toBeVisible();
});

test('Advisor shows the savings and recommendations the API returns', async ({
  page,
}) => {
  const [summary, recommendations] = await openTab(page, 'advisor', [
    '/advisor/summary',
    '/advisor/recommendations',
  ]);
  expect(summary.data.length).toBeGreaterThan(0);
  await expect(page.getByTestId('advisor-summary-total')).toContainText(
    await formatMoney(
      page,
      centsToDecimal(sumCents(summary.data.map((r: any) => r.monthly_savings))),
      summary.data[0].unit,
    ),
  );
  await expect(
    page.getByText(`Recommendations (${recommendations.data.length})`),
  ).toBeVisible();
});

test('Push to Notion creates an action that appears after the next sync', async ({
  page,
}) => {
  // Two job runs on top of the page work.
  test.setTimeout(300_000);
  const [recommendations] = await openTab(page, 'advisor', [
    '/advisor/recommendations',
  ]);
  const recommendation = recommendations.data.find(
    (r: any) => !r.has_action && r.project_id,
  );
  // The sandbox always has recommendations without an action.
  expect(recommendation).toBeDefined();

  const title = `E2E action ${Date.now()}`;
  // The table's search matches the visible columns.
  await page
    .getByPlaceholder('Filter')
    .fill(recommendation.solution ?? recommendation.problem ?? '');
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: 'Push to Notion' }) })
    .first();
  await row.getByRole('button', { name: 'Push to Notion' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Title/).fill('');
  await dialog.getByRole('button', { name: 'Create in Notion' }).click();
  await expect(dialog.getByText('A title is required')).toBeVisible();
  await dialog.getByLabel(/Title/).fill(title);
  await dialog.getByLabel(/Assignee email/).fill('guest@example.com');
  const created = page.waitForResponse(isApiCall('/notion/actions', 'POST'));
  await dialog.getByRole('button', { name: 'Create in Notion' }).click();
  const answer = await (await created).json();
  await expect(
    dialog.getByRole('link', { name: /Open in Notion/ }),
  ).toHaveAttribute('href', answer.notion_url);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The next sync: bronze from Notion, then silver.
  const [jobs] = await openTab(page, 'pipelines', ['/jobs']);
  for (const job of ['notion_sync_bronze', 'notion_transform_silver']) {
    const jobName = jobs.data.find((j: any) => j.job_id === job).job_name;
    const startedAfter = new Date().toISOString();
    await page.getByRole('button', { name: `Run ${jobName} now` }).click();
    await expect
      .poll(() => newRunStatus(page, job, startedAfter), { timeout: 90_000 })
      .toBe('SUCCESS');
  }

  const { project } = await getAsGuest(
    page.request,
    `${API}/projects/${encodeURIComponent(recommendation.project_id)}`,
  );

  await page.goto('/control-room/projects');
  await page.getByPlaceholder('Filter').fill(project.name);
  await page.getByRole('link', { name: project.name }).first().click();
  await page
    .getByRole('tab', { name: 'Finance' })
    .or(page.getByRole('link', { name: 'Finance', exact: true }))
    .first()
    .click();
  await expect(page.getByText(title)).toBeVisible();
});

// Screenshots and layout checks at 1440 and 375 px: layout.test.ts.
test('every tab renders without console errors', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', message => {
    const text = message.text();
    // React's development warnings about third-party components (the first
    // frame with a source is under node_modules) are not ours to fix.
    const firstSource = /\(webpack-internal:\/\/\/([^)]+)\)/.exec(text)?.[1];
    const foreignWarning =
      text.startsWith('Warning:') && !!firstSource?.includes('node_modules/');
    if (message.type() === 'error' && !foreignWarning) {
      consoleErrors.push(`${text} (${message.location().url})`);
    }
  });
  page.on('response', response => {
    if (response.status() >= 400) {
      consoleErrors.push(`${response.status()} ${response.url()}`);
    }
  });
  for (const tab of TABS) {
    await page.goto(`/control-room/${tab.path}`);
    await expect(
      page
        .getByRole('tab', { name: tab.title })
        .or(page.getByRole('link', { name: tab.title, exact: true }))
        .first(),
    ).toBeVisible();
    await expect(page.getByTestId('progress')).toHaveCount(0);
  }
  expect(consoleErrors).toEqual([]);
});
