import { defineConfig, devices } from '@playwright/test';

// Browser tests drive the system's Chromium (Debian's package); nothing
// downloads a browser. Override with CHROMIUM_PATH.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The tests drive the app's production bundle (`yarn test:e2e` builds it
 * first), served by each backend's app plugin, as a deployment serves it:
 * a page loads in about a third of the dev server's time. `yarn start`'s
 * dev server has its own test (scripts/tests/start.test.mjs); set
 * PLAYWRIGHT_URL=http://localhost:3000 to drive it instead.
 */
const backendPort = 7007;
const appUrl = process.env.PLAYWRIGHT_URL ?? `http://localhost:${backendPort}`;
/**
 * The Databricks portal (databricksPortal.test.ts): a second backend with
 * app-config.databricks.yaml, on ports clear of the DuckDB portal's
 * (7007, 7071) and of `yarn start:databricks`' default 7443. It serves the
 * same bundle, configured for itself.
 */
const databricksBackendPort = 7207;
const databricksBackend =
  process.env.PLAYWRIGHT_DATABRICKS_BACKEND_URL ??
  `http://localhost:${databricksBackendPort}`;

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  // Written but not yet passing; see pending/README.md.
  testIgnore: ['**/pending/**'],
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'e2e-test-results',
  webServer: [
    {
      command: 'yarn workspace backend start',
      url: `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
      env: { APP_CONFIG_app_baseUrl: `http://localhost:${backendPort}` },
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Engine and orchestrator databricks, through the real driver, on the
      // emulated workspace (SQL warehouse and Jobs API) at 127.0.0.1:7543.
      command:
        'yarn workspace backend start --config ../../app-config.yaml --config ../../app-config.databricks.yaml',
      url: `${databricksBackend}/.backstage/health/v1/readiness`,
      env: {
        APP_CONFIG_app_baseUrl: `http://localhost:${databricksBackendPort}`,
        APP_CONFIG_backend_baseUrl: `http://localhost:${databricksBackendPort}`,
        APP_CONFIG_backend_listen_port: `${databricksBackendPort}`,
        APP_CONFIG_controlRoom_sandbox_notionPort: '7271',
        APP_CONFIG_controlRoom_lakehouse_databricks_host: '127.0.0.1:7543',
      },
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: {
    baseURL: appUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
