import { PageObjectResponse } from '@notionhq/client';
import { createNotionSandbox } from './notion/sandbox';
import { notionFetch, sandboxClient } from './notion/testUtils';
import { startSandboxServer } from './server';

describe('startSandboxServer', () => {
  it('serves the Notion handlers over HTTP on loopback', async () => {
    const sandbox = createNotionSandbox({ requestsPerSecond: 100, burst: 100 });
    const server = await startSandboxServer(sandbox);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = sandboxClient({ baseUrl: server.url });
      const result = await client.dataSources.query({
        data_source_id: sandbox.dataSourceIds.projects,
        filter: {
          property: 'Currency',
          select: { equals: 'EUR' },
        },
      });
      const eur = sandbox.portfolio.projects.filter(p => p.currency === 'EUR');
      expect(result.results.map(r => r.id).sort()).toEqual(
        eur.map(p => p.id).sort(),
      );

      const created = (await client.pages.create({
        parent: {
          type: 'data_source_id',
          data_source_id: sandbox.dataSourceIds.programs,
        },
        properties: { Name: { title: [{ text: { content: 'Over HTTP' } }] } },
      })) as PageObjectResponse;
      expect(sandbox.pages('programs').map(p => p.id)).toContain(created.id);

      const unknown = await notionFetch('/v1/nowhere', {}, server.url);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({
        object: 'error',
        code: 'invalid_request_url',
      });
      expect(sandbox.requestLog.map(e => e.status)).toEqual([200, 200]);
    } finally {
      await server.close();
    }
  });

  it('listens on the port asked for and frees it on close', async () => {
    const first = await startSandboxServer({ handlers: [] });
    const port = Number(new URL(first.url).port);
    await first.close();
    const second = await startSandboxServer({ handlers: [] }, { port });
    expect(second.url).toBe(`http://127.0.0.1:${port}`);
    await second.close();
  });
});
