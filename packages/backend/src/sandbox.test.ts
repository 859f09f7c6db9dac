import net from 'node:net';
import path from 'node:path';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ConfigReader, JsonObject } from '@backstage/config';
import {
  DatabricksJobsClient,
  DatabricksLakehouse,
} from '@finance-ppm/plugin-control-room-node';
import {
  loadAppConfig as loadConfig,
  PRODUCTION_CONFIG as PRODUCTION,
} from './__testUtils__/loadAppConfig';
import {
  findBundleDirectory,
  readDatabricksSandboxSettings,
  sandboxServiceFactory,
  startDatabricksSandbox,
} from './sandbox';

jest.setTimeout(60_000);

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function databricksConfig(host: string) {
  return new ConfigReader({
    controlRoom: {
      lakehouse: {
        engine: 'databricks',
        orchestrator: 'databricks',
        databricks: {
          host,
          httpPath: '/sql/1.0/warehouses/sandbox',
          catalog: 'finance_ppm',
          token: 'sandbox-databricks-token',
        },
      },
      sandbox: { databricks: { enabled: true } },
    },
  });
}

describe('the Databricks sandbox of yarn start:databricks', () => {
  it('serves the warehouse and the Jobs API where the engine config points', async () => {
    const config = databricksConfig(`127.0.0.1:${await freePort()}`);
    const workspace = await startDatabricksSandbox(config, __dirname);
    // What the backend builds from the same config.
    const lakehouse = DatabricksLakehouse.fromConfig(config);
    try {
      expect(await lakehouse.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      const jobs = DatabricksJobsClient.fromConfig(config, {
        fetch: workspace.fetch,
      });
      expect(await jobs.findJobIds('ppm_marts_gold')).toHaveLength(1);
      expect(
        await jobs.listJobRuns(['ppm_marts_gold'], { since: new Date(0) }),
      ).toEqual([]);
    } finally {
      await lakehouse.close();
      await workspace.close();
    }
  });

  it('needs a loopback host with a port, and finds the bundle', () => {
    expect(() =>
      readDatabricksSandboxSettings(
        databricksConfig('adb-1.azuredatabricks.net'),
      ),
    ).toThrow('needs controlRoom.lakehouse.databricks.host on loopback');
    expect(
      readDatabricksSandboxSettings(databricksConfig('https://127.0.0.1:7443')),
    ).toMatchObject({ port: 7443, target: 'dev' });
    expect(findBundleDirectory(__dirname)).toBe(
      path.resolve(__dirname, '../../../databricks'),
    );
    expect(() => findBundleDirectory('/')).toThrow(
      'No databricks/databricks.yml',
    );
  });
});

/** Starts the sandbox service on `data`; returns it and a way to stop it. */
async function startSandbox(data: JsonObject) {
  const hooks: Array<() => void | Promise<void>> = [];
  const lifecycle = mockServices.rootLifecycle.mock({
    addShutdownHook: hook => {
      hooks.push(hook);
    },
  });
  const tester = ServiceFactoryTester.from(sandboxServiceFactory, {
    dependencies: [
      mockServices.rootConfig.factory({ data }),
      lifecycle.factory,
      mockServices.rootLogger.factory(),
    ],
  });
  const service = await tester.getSubject();
  return {
    service,
    stop: async () => {
      for (const hook of hooks) await hook();
    },
  };
}

// What the production deployment reads from its environment.
const secrets = {
  NOTION_TOKEN: 'secret_notion_not_real',
  AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
  DATABRICKS_HOST: 'adb-1.azuredatabricks.net',
  DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/abc',
  DATABRICKS_CATALOG: 'finance_ppm',
  DATABRICKS_CLIENT_ID: 'client-id',
  DATABRICKS_CLIENT_SECRET: 'secret_databricks_not_real',
};

describe('sandboxServiceFactory', () => {
  it('stops a production config without secrets, naming every missing key', async () => {
    const data = await loadConfig(PRODUCTION);
    const failure = startSandbox(data);
    await expect(failure).rejects.toThrow(
      'these settings are missing: controlRoom.notion.token, controlRoom.azure.subscriptions, controlRoom.lakehouse.databricks.host, controlRoom.lakehouse.databricks.httpPath, controlRoom.lakehouse.databricks.catalog, controlRoom.lakehouse.databricks.token (or controlRoom.lakehouse.databricks.clientId and controlRoom.lakehouse.databricks.clientSecret)',
    );
  });

  it('names only what is missing', async () => {
    const { DATABRICKS_CATALOG: _catalog, ...rest } = secrets;
    const data = await loadConfig(PRODUCTION, rest);
    await expect(startSandbox(data)).rejects.toThrow(
      /missing: controlRoom\.lakehouse\.databricks\.catalog\. /,
    );
  });

  it('starts production with its secrets and emulates nothing', async () => {
    const data = await loadConfig(PRODUCTION, secrets);
    const { service, stop } = await startSandbox(data);
    expect(service).toEqual({});
    await stop();
  });

  it('runs the Notion emulator and its fault endpoint for app-config.yaml', async () => {
    const data = await loadConfig(['app-config.yaml']);
    // Port 7071 belongs to the running portal; any free port will do here.
    const controlRoom = data.controlRoom as JsonObject;
    const { service, stop } = await startSandbox({
      ...data,
      controlRoom: {
        ...controlRoom,
        sandbox: { ...(controlRoom.sandbox as JsonObject), notionPort: 0 },
      },
    });
    try {
      expect(service.notion?.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(Object.keys(service.notion!.databaseIds).sort()).toEqual([
        'actions',
        'budget_lines',
        'programs',
        'projects',
        'risks',
      ]);
      expect(service.azure).toBeDefined();
      const fault = await fetch(`${service.notion!.baseUrl}/_sandbox/fault`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: 'null',
      });
      expect(fault.status).toBeLessThan(300);
    } finally {
      await stop();
    }
  });

  it('never emulates without the switch, even for a local config with secrets', async () => {
    const data = await loadConfig(['app-config.yaml']);
    const { service } = await startSandbox({
      ...data,
      controlRoom: {
        ...(data.controlRoom as JsonObject),
        sandbox: { enabled: false, notionPort: 0 },
        notion: { token: 'secret_notion_not_real' },
        azure: { subscriptions: ['sub-1'] },
      },
    });
    expect(service.notion).toBeUndefined();
    expect(service.azure).toBeUndefined();
  });
});
