import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DuckDbLakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
// Until packages/sandbox/src/index.ts re-exports ./azure (owned elsewhere).
import {
  createAzureSandbox,
  createSandboxAzureHttpClient,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../../lakehouse/migrations';
import { createAzureSource } from './azureSource';

describe('createAzureSource', () => {
  it('runs both pulls against the sandbox when no subscriptions are configured', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
    const sandbox = createAzureSandbox();
    const logger = mockServices.logger.mock();
    const pulls = createAzureSource({
      config: new ConfigReader({
        controlRoom: {
          azure: {
            clientSecret: 'hush',
            costManagement: { backfillMonths: 1 },
          },
        },
      }),
      lakehouse,
      logger,
      sandbox: () => ({
        httpClient: createSandboxAzureHttpClient(sandbox),
        credential: sandboxAzureCredential,
        subscriptions: sandbox.subscriptions,
        resourceGroupProjects: sandbox.resourceGroupProjects,
      }),
    })!;

    await expect(pulls.azure_rg_ingest_bronze()).resolves.toEqual({
      rowsWritten: sandbox.resources.length * 2,
    });
    await expect(pulls.azure_advisor_transform()).resolves.toEqual({
      rowsWritten: sandbox.recommendations.length * 2,
    });
    const { rowsWritten } = await pulls.azure_cost_ingest();
    const [{ n }] = await lakehouse.query(
      'SELECT count(*) AS n FROM silver.azure_costs',
    );
    expect(Number(n)).toBeGreaterThan(0);
    expect(rowsWritten).toBeGreaterThan(Number(n));
    const [{ first }] = await lakehouse.query(
      'SELECT CAST(min(charge_period_start) AS VARCHAR) AS first FROM silver.azure_costs',
    );
    // One month back: the configured backfill, not the default thirteen.
    expect(String(first)).toBe(`${new Date().toISOString().slice(0, 7)}-01`);
    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain('sandbox');
    expect(logged).not.toContain('hush');
    await lakehouse.close();
  });

  it('switches the Azure jobs off without subscriptions or a sandbox', () => {
    expect(
      createAzureSource({
        config: new ConfigReader({}),
        lakehouse: {} as any,
        logger: mockServices.logger.mock(),
      }),
    ).toBeUndefined();
  });

  it('uses the configured subscriptions and credential when given', () => {
    const pulls = createAzureSource({
      config: new ConfigReader({
        controlRoom: { azure: { subscriptions: ['s1'] } },
      }),
      lakehouse: {} as any,
      logger: mockServices.logger.mock(),
      sandbox: () => {
        throw new Error('the sandbox must not be used');
      },
    });
    expect(Object.keys(pulls!).sort()).toEqual([
      'azure_advisor_transform',
      'azure_cost_ingest',
      'azure_rg_ingest_bronze',
    ]);
  });
});
