import { expect, test } from '@playwright/test';
import { BACKEND, signIn } from './support/portal';

// Runs the "Create a Control Room action" template against the portal
// Playwright started (the backend talks to the Notion sandbox locally).

test('the Control Room action template creates a Notion task', async ({
  page,
  request,
}) => {
  const title = `E2E task ${Date.now()}`;

  // Signed in before leaving the page, or /create shows the sign-in page.
  await signIn(page);
  await page.goto('/create');

  const card = page
    .getByRole('article')
    .filter({ hasText: 'Create a Control Room action' });
  await card.getByRole('button', { name: 'Choose' }).click();

  // The project picker lists only Components of spec.type project.
  // The picker's combobox has no name of its own; its input carries the label.
  await page.getByRole('textbox', { name: 'Project' }).click();
  const firstProject = page.getByRole('option').first();
  await expect(firstProject).toBeVisible();
  await firstProject.click();

  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  await page.getByRole('textbox', { name: 'Due date' }).fill('2026-12-31');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('## Why\n- found by the e2e test\n\n```sql\nselect 1\n```');

  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(title)).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  // The output link points at the created Notion page.
  const link = page.getByRole('link', { name: 'Open the task in Notion' });
  await expect(link).toBeVisible({ timeout: 60_000 });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^https:\/\/www\.notion\.so\/[0-9a-f]{32}$/);
  const pageIdHex = href!.split('/').pop()!;

  const taskId = page.url().split('/tasks/')[1];
  expect(taskId).toBeTruthy();

  // The page exists in Notion: asking the Control Room API to create the
  // same (source, source id) again returns that page instead of a new one.
  const { backstageIdentity } = await (
    await request.post(`${BACKEND}/api/auth/guest/refresh`)
  ).json();
  const headers = { Authorization: `Bearer ${backstageIdentity.token}` };

  const task = await (
    await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${taskId}`, {
      headers,
    })
  ).json();
  expect(task.status).toBe('completed');
  const projectRef: string = task.spec.parameters.project;
  const [kind, rest] = projectRef.split(':');
  const [namespace, name] = rest.split('/');
  const entity = await (
    await request.get(
      `${BACKEND}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers },
    )
  ).json();
  const projectId: string = entity.metadata.annotations['notion.so/project-id'];

  const again = await request.post(
    `${BACKEND}/api/control-room/notion/actions`,
    {
      headers,
      data: {
        project_id: projectId,
        title,
        source: 'manual',
        source_id: `scaffolder:${taskId}`,
      },
    },
  );
  expect(again.ok()).toBe(true);
  const body = await again.json();
  expect(body.created).toBe(false);
  expect(body.action_id.replace(/-/g, '')).toBe(pageIdHex);
});
