import net from 'node:net';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  DatabricksJobsClient,
  DatabricksLakehouse,
} from '@finance-ppm/plugin-control-room-node';
import {
  findBundleDirectory,
  readDatabricksSandboxSettings,
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
