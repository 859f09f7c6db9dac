import { expect, test } from '@playwright/test';
import {
  API,
  getAsGuest,
  isApiCall,
  runJob,
  signIn,
  waitForPortalData,
} from './support/portal';

/**
 * Alerts reach the guest (a member of the platform group in
 * examples/org.yaml) as Backstage notifications, and open Control Room tabs
 * follow finished runs through signals. The Notion sandbox's fault control
 * (controlRoom.sandbox.notionPort in app-config.yaml) makes a job fail.
 */
const NOTION_FAULT_URL = 'http://127.0.0.1:7071/_sandbox/fault';

test.beforeAll(async () => {
  test.setTimeout(400_000);
  await waitForPortalData();
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('the Pipelines tab shows a finished run by itself, without a reload', async ({
  page,
}) => {
  const jobsAnswer = page.waitForResponse(isApiCall('/jobs'));
  await page.goto('/control-room/pipelines');
  const jobs = await (await jobsAnswer).json();
  const job = jobs.data.find(
    (j: any) => j.job_id === 'control_room_status_refresh',
  );
  const row = page.getByRole('row').filter({
    has: page.getByRole('cell', { name: job.job_name, exact: true }),
  });
  await expect(row).toBeVisible();

  // The run is started outside the page; only a signal can tell it.
  const startedAfter = new Date().toISOString();
  const refetched = page.waitForResponse(async response => {
    if (!isApiCall('/jobs')(response)) return false;
    const body = await response.json();
    const now = body.data.find((j: any) => j.job_id === job.job_id);
    return (now?.last_run_time ?? '') >= startedAfter;
  });
  expect(await runJob(page.request, job.job_id)).toBe('SUCCESS');
  const updated = (await (await refetched).json()).data.find(
    (j: any) => j.job_id === job.job_id,
  );
  // Formatted in the browser's locale and time zone, as the tab does.
  const shown = await page.evaluate(
    time => new Date(time).toLocaleString(),
    updated.last_run_time as string,
  );
  await expect(row).toContainText(shown);
});

test('a failing job notifies the platform group, and its recovery too', async ({
  page,
}) => {
  test.setTimeout(400_000);
  const job = 'notion_sync_bronze';
  const jobs = await getAsGuest(page.request, `${API}/jobs`);
  const jobName = jobs.data.find((j: any) => j.job_id === job).job_name;
  const title = `Job ${jobName} is failing`;

  const setFault = async (fault: unknown) =>
    expect(
      (await page.request.put(NOTION_FAULT_URL, { data: fault })).ok(),
    ).toBe(true);
  await setFault({ kind: 'server_error', status: 503, count: 100_000 });
  try {
    expect(await runJob(page.request, job, 240_000)).toBe('FAILED');
  } finally {
    await setFault(null);
  }

  const alerts = await getAsGuest(page.request, `${API}/alerts`);
  expect(alerts.data.map((a: any) => a.title)).toContain(title);

  await page.goto('/notifications');
  await expect(page.getByText(title).first()).toBeVisible();

  // The next good run closes the alert and says so.
  expect(await runJob(page.request, job, 240_000)).toBe('SUCCESS');
  await expect
    .poll(
      async () =>
        (
          await getAsGuest(page.request, `${API}/alerts`)
        ).data.map((a: any) => a.title),
      { timeout: 60_000 },
    )
    .not.toContain(title);
  await page.reload();
  await expect(page.getByText(`Recovered: ${title}`).first()).toBeVisible();
});
