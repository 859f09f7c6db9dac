import { expect, test } from '@playwright/test';

test('the Control Room page shows the backend health', async ({
  page,
}, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', message => {
    // React's development-build warnings come from Backstage's own MUI v4
    // components; real errors are what this test guards against.
    if (message.type() === 'error' && !message.text().startsWith('Warning:')) {
      consoleErrors.push(message.text());
    }
  });

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await nav.getByRole('link', { name: 'Control Room' }).click();

  // The page opens its first tab, Overview.
  await expect(page).toHaveURL(/\/control-room(\/overview)?$/);
  // The plugin header (new frontend system) carries the page title.
  await expect(
    page.getByRole('heading', { name: 'Control Room' }).first(),
  ).toBeVisible();
  await expect(page.getByText('Backend health')).toBeVisible();
  await expect(page.getByText('Healthy')).toBeVisible();
  await expect(page.getByText('duckdb')).toBeVisible();

  await page.screenshot({
    path: testInfo.outputPath('control-room.png'),
    fullPage: true,
  });
  expect(consoleErrors).toEqual([]);
});

test('the catalog lists the example entities', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  await expect(
    page.getByRole('link', { name: 'finance-ppm-control-room' }),
  ).toBeVisible();
});
