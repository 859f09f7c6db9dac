import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The operator scripts run against the portal Playwright started.
const repoRoot = path.resolve(__dirname, '../../..');
const backend = 'http://localhost:7007';

function run(script: string, ...args: string[]) {
  return spawnSync('bash', [path.join(repoRoot, 'scripts', script), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('health_check.sh reports a healthy backend and fails on a dead one', () => {
  const healthy = run('health_check.sh', backend);
  expect(healthy.status).toBe(0);
  // The script asks without credentials: the status only, no engine.
  expect(JSON.parse(healthy.stdout)).toEqual({
    status: 'ok',
    checked_at: expect.any(String),
  });

  const dead = run('health_check.sh', 'http://127.0.0.1:9');
  expect(dead.status).toBe(2);
  expect(dead.stderr).toContain('no answer');
});

test('run_notion_sync.sh starts a Notion sync through the API', async ({
  request,
}) => {
  const { backstageIdentity } = await (
    await request.post(`${backend}/api/auth/guest/refresh`)
  ).json();
  const runCount = async () => {
    const res = await request.get(
      `${backend}/api/control-room/job-runs?job=notion_sync_bronze&limit=500`,
      { headers: { Authorization: `Bearer ${backstageIdentity.token}` } },
    );
    return ((await res.json()).data as unknown[]).length;
  };
  const before = await runCount();

  const started = run('run_notion_sync.sh', backend);

  expect(started.status).toBe(0);
  // The scheduler picks up a triggered task on its next poll.
  await expect.poll(runCount, { timeout: 90_000 }).toBeGreaterThan(before);
});

test('dab_deploy.sh refuses an unknown target before calling Databricks', () => {
  const result = run('dab_deploy.sh', 'staging');
  expect(result.status).toBe(64);
  expect(result.stderr).toContain("target must be dev or prod, got 'staging'");
});
