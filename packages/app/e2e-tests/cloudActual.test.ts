import { expect, Page, test } from '@playwright/test';
import {
  getAsGuest,
  API,
  isApiCall,
  signIn,
  waitForPortalData,
} from './support/portal';

/*
 * Issue 20: cloud actual on the Overview and on a project's Finance tab,
 * equal to the API's figures.
 */

function sumCents(values: string[]): bigint {
  return values.reduce((total, value) => {
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
function formatMoney(page: Page, value: string, currency: string) {
  return page.evaluate(
    ([amount, unit]) =>
      new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: unit,
      }).format(amount as unknown as number),
    [value, currency] as const,
  );
}

test.beforeAll(async () => {
  await waitForPortalData();
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('Overview shows cloud actual and unallocated spend per month as the API gives them', async ({
  page,
}) => {
  const kpisAnswer = page.waitForResponse(isApiCall('/kpis'));
  await page.goto('/control-room/overview');
  const kpis = await (await kpisAnswer).json();
  const cloud = kpis.data.filter(
    (k: any) =>
      k.dimension === 'portfolio' &&
      ['cloud_actual', 'cloud_unallocated'].includes(k.metric_name),
  );
  expect(cloud.length).toBeGreaterThan(0);
  const unit = cloud[0].unit;
  const month = cloud[cloud.length - 1].period.slice(0, 7);
  const inMonth = (metric: string) =>
    cloud
      .filter(
        (k: any) => k.metric_name === metric && k.period.startsWith(month),
      )
      .map((k: any) => k.value);
  const row = page.getByRole('row').filter({ hasText: month }).last();
  await expect(row).toContainText(
    await formatMoney(
      page,
      centsToDecimal(sumCents(inMonth('cloud_actual'))),
      unit,
    ),
  );
  await expect(page.getByTestId('cloud-unallocated')).toContainText(
    await formatMoney(
      page,
      centsToDecimal(
        sumCents(
          cloud
            .filter((k: any) => k.metric_name === 'cloud_unallocated')
            .map((k: any) => k.value),
        ),
      ),
      unit,
    ),
  );
});

test("a project's Finance tab shows the cloud spend the API gives", async ({
  page,
  request,
}) => {
  const projects = await getAsGuest(request, `${API}/projects?limit=500`);
  const project = projects.data.find((p: any) => p.cloud_actual);
  expect(project).toBeDefined();
  const projectsAnswer = page.waitForResponse(isApiCall('/projects'));
  await page.goto('/control-room/projects');
  await projectsAnswer;
  await page.getByPlaceholder('Filter').fill(project.name);
  const row = page.getByRole('row').filter({ hasText: project.name }).first();
  await expect(row).toContainText(
    await formatMoney(page, project.cloud_actual, project.cloud_actual_unit),
  );
  await row.getByRole('link', { name: project.name }).click();
  const costsAnswer = page.waitForResponse(
    isApiCall(
      `/projects/${encodeURIComponent(project.project_id)}/cloud-costs`,
    ),
  );
  await page
    .getByRole('tab', { name: 'Finance' })
    .or(page.getByRole('link', { name: 'Finance', exact: true }))
    .first()
    .click();
  const costs = await (await costsAnswer).json();
  await expect(page.getByTestId('cloud-total')).toContainText(
    await formatMoney(page, costs.total, costs.unit),
  );
  const latest = costs.months[costs.months.length - 1];
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: latest.period.slice(0, 7) })
      .first(),
  ).toContainText(await formatMoney(page, latest.cloud_actual, latest.unit));
  await expect(page.getByText('Top resources by cloud spend')).toBeVisible();
});
