import fs from 'node:fs/promises';
import { expect, Page, test } from '@playwright/test';
import { captureApi } from './support/figures';
import { isApiCall, signIn, waitForPortalData } from './support/portal';

/*
 * Issue 19: the Overview lists, the Data Quality issue cards and the
 * Pipelines run history keep their filters in the URL (a link opens the same
 * view) and export what they show as CSV; so does the Overview's Alerts card.
 */

/** Clicks an export button and returns the downloaded CSV's name and lines. */
async function download(page: Page, button: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const text = await fs.readFile((await file.path())!, 'utf8');
  return {
    name: file.suggestedFilename(),
    lines: text.split('\r\n').filter(Boolean),
  };
}

test.beforeAll(async () => {
  test.setTimeout(400_000);
  await waitForPortalData();
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('Overview: top variances filtered by the URL, exported as CSV', async ({
  page,
}) => {
  const projectsAnswer = page.waitForResponse(isApiCall('/projects'));
  const programsAnswer = page.waitForResponse(isApiCall('/programs'));
  await page.goto('/control-room/overview');
  const projects = (await (await projectsAnswer).json()).data;
  const programs = (await (await programsAnswer).json()).data;
  const program = programs.find((p: any) =>
    projects.some((project: any) => project.program_id === p.program_id),
  );
  const inProgram = projects.filter(
    (p: any) => p.program_id === program.program_id,
  );

  await page.goto(
    `/control-room/overview?program=${encodeURIComponent(program.name)}&top=20`,
  );
  const list = page.getByTestId('top-variances');
  await expect(list.getByRole('listitem')).toHaveCount(inProgram.length);
  for (const project of inProgram) {
    await expect(list).toContainText(project.name);
  }

  const csv = await download(page, 'Export top variances as CSV');
  expect(csv.name).toBe('top-variances.csv');
  expect(csv.lines[0]).toBe('Project,Program,Budget,Actual,Variance,Currency');
  expect(csv.lines).toHaveLength(inProgram.length + 1);
  for (const line of csv.lines.slice(1)) {
    expect(line).toContain(`,${program.name},`);
  }

  // Choosing another program writes it to the URL.
  await page.getByLabel('Program').click();
  await page.getByRole('option', { name: 'All' }).click();
  await expect(page).not.toHaveURL(/program=/);
  await expect(page).toHaveURL(/top=20/);
});

test('Overview: the open alerts exported as CSV, by name and link', async ({
  page,
}) => {
  const answers = captureApi(page);
  await page.goto('/control-room/overview');
  const listed = page.getByTestId('alerts-open').getByRole('link');
  // The sandbox portfolio has red projects and unactioned recommendations.
  await expect(listed.first()).toBeVisible();
  const shownTitles = await listed.allTextContents();

  const csv = await download(page, 'Export alerts as CSV');
  // The card reloads after each job run: compare with its latest answer.
  const alerts = answers.filter(a => a.route === '/alerts').at(-1)!.body.data;
  expect(csv.name).toBe('alerts.csv');
  expect(csv.lines[0]).toBe('Alert,Kind,Severity,Status,Opened,Details,Link');
  expect(csv.lines).toHaveLength(alerts.length + 1);
  // The rows start in the card's order, each with the title it shows.
  shownTitles.forEach((title, i) =>
    expect(csv.lines[i + 1].replace(/^"/, '').startsWith(title)).toBe(true),
  );
  const text = csv.lines.join('\n');
  for (const alert of alerts) {
    if (alert.project_id) {
      expect(text).not.toContain(alert.project_id);
    }
  }
  // Red projects link to their catalog entity's Finance tab.
  const red = csv.lines.filter(line => line.includes(',Project,'));
  expect(red.length).toBeGreaterThan(0);
  for (const line of red) {
    expect(line).toMatch(/,http:\/\/[^,]+\/catalog\/[^,]+\/finance$/);
  }
});

test('Data Quality: issue filters in the URL, issues exported as CSV', async ({
  page,
}) => {
  const issuesAnswer = page.waitForResponse(isApiCall('/dq/issues'));
  await page.goto('/control-room/data-quality?severity=error');
  const issues = (await (await issuesAnswer).json()).data;
  const errors = issues.filter((i: any) => (i.severity ?? 'error') === 'error');
  // The sandbox plants defects of every kind.
  expect(errors.length).toBeGreaterThan(0);
  await expect(page.getByText(`Errors (${errors.length})`)).toBeVisible();
  await expect(page.getByText(/^Warnings \(/)).toHaveCount(0);

  const csv = await download(page, 'Export data-quality issues as CSV');
  expect(csv.name).toBe('data-quality-issues.csv');
  expect(csv.lines[0]).toBe(
    'Severity,Table,Check,Kind,Status,Failing rows,Sample keys,Measured',
  );
  expect(csv.lines).toHaveLength(errors.length + 1);
  expect(csv.lines.slice(1).every(line => line.startsWith('error,'))).toBe(
    true,
  );

  const table = errors[0].table_name;
  await page.getByLabel('Table').click();
  await page.getByRole('option', { name: table, exact: true }).click();
  await expect(page).toHaveURL(
    new RegExp(`table=${encodeURIComponent(table).replace(/\./g, '\\.')}`),
  );
  await expect(page).toHaveURL(/severity=error/);
  await expect(
    page.getByText(
      `Errors (${errors.filter((i: any) => i.table_name === table).length})`,
    ),
  ).toBeVisible();
});

test('Pipelines: the run history and its search in the URL, exported as CSV', async ({
  page,
}) => {
  const runsAnswer = page.waitForResponse(isApiCall('/job-runs'));
  await page.goto('/control-room/pipelines?job=ppm_marts_gold&runs=SUCCESS');
  const runs = (await (await runsAnswer).json()).data;
  const history = page
    .locator('.MuiPaper-root')
    .filter({
      has: page.getByRole('heading', { name: /^Run history: / }),
    })
    .last();
  await expect(history).toBeVisible();
  const search = history.getByPlaceholder('Filter');
  await expect(search).toHaveValue('SUCCESS');
  const succeeded = runs.filter((r: any) => r.status === 'SUCCESS');
  expect(succeeded.length).toBeGreaterThan(0);
  await expect(history.getByText('FAILED')).toHaveCount(0);

  await search.fill('manual');
  await expect(page).toHaveURL(/runs=manual/);
  await expect(page).toHaveURL(/job=ppm_marts_gold/);

  await history.getByRole('button', { name: /export/i }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Export as CSV' }).click(),
  ]);
  expect(file.suggestedFilename()).toBe('runs-ppm_marts_gold.csv');
  const text = await fs.readFile((await file.path())!, 'utf8');
  expect(text.split('\r\n')[0]).toBe(
    'Job,Started,Ended,Status,Trigger,Duration (s),Rows,Error',
  );
});
