import { createNotionSandbox, NOTION_API_VERSION } from './sandbox';
import { startSandboxServer } from '../server';
import { createNotionFaultControl, NOTION_FAULT_PATH } from './faultControl';

describe('createNotionFaultControl', () => {
  async function start() {
    const sandbox = createNotionSandbox({ seed: 1 });
    const server = await startSandboxServer({
      handlers: [createNotionFaultControl(sandbox), ...sandbox.handlers],
    });
    const put = (body: string) =>
      fetch(`${server.url}${NOTION_FAULT_PATH}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const programs = () =>
      fetch(`${server.url}/v1/databases/${sandbox.databaseIds.programs}`, {
        headers: {
          authorization: 'Bearer sandbox',
          'notion-version': NOTION_API_VERSION,
        },
      });
    return { server, put, programs };
  }

  it('sets a fault that Notion requests then meet, and clears it', async () => {
    const { server, put, programs } = await start();
    try {
      const set = await put(
        JSON.stringify({ kind: 'server_error', status: 503, count: 2 }),
      );
      expect(set.status).toBe(200);
      expect((await programs()).status).toBe(503);
      expect((await put('null')).status).toBe(200);
      expect((await programs()).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['{"kind":"server_error","status":418,"count":1}', /status must be/],
    ['{"kind":"timeout","count":1}', /delayMs/],
    ['{"kind":"meteor","count":1}', /Unknown fault kind meteor/],
    ['{"kind":"rate_limit_storm","count":0}', /positive count/],
    ['not json', /must be JSON/],
  ])('refuses %s', async (body, problem) => {
    const { server, put } = await start();
    try {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect((await res.json()).problem).toMatch(problem);
    } finally {
      await server.close();
    }
  });
});
