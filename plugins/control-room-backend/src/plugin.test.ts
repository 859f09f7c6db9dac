import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { controlRoomPlugin } from './plugin';

async function startWith(config: object) {
  const { server } = await startTestBackend({
    features: [
      controlRoomPlugin,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return server;
}

describe('control room backend plugin', () => {
  it('answers /health without credentials and names the default engine', async () => {
    const server = await startWith({});

    const res = await request(server).get('/api/control-room/health');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', engine: 'duckdb' });
    expect(Number.isNaN(Date.parse(res.body.checked_at))).toBe(false);
  });

  it('reports the engine chosen in config', async () => {
    const server = await startWith({
      controlRoom: { lakehouse: { engine: 'databricks' } },
    });

    const res = await request(server).get('/api/control-room/health');

    expect(res.body.engine).toBe('databricks');
  });

  it('refuses to start with an unknown engine and says which key is wrong', async () => {
    await expect(
      startWith({ controlRoom: { lakehouse: { engine: 'sqlite' } } }),
    ).rejects.toThrow(
      /controlRoom\.lakehouse\.engine must be one of duckdb, databricks/,
    );
  });
});
