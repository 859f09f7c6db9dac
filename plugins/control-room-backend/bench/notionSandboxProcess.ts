/*
 * The Notion sandbox for notionSync.bench.ts, in a process of its own so the
 * backend's peak RSS is the backend's: the sandbox renders every page and
 * keeps its query results, which Notion does on its own machines.
 *
 * Started with `fork` (IPC channel); BENCH_PAGES and BENCH_RATE set the
 * portfolio size and the rate limit. It answers one message at a time:
 *   → { type: 'ready', url, databaseIds, pages }   once it listens
 *   ← { type: 'requests' } → { type: 'requests', requests, throttled }
 *   ← { type: 'reset' }    → { type: 'reset' }      (clears the request log)
 *   ← { type: 'close' }    closes the server and exits
 */
import {
  createNotionSandbox,
  NOTION_DATABASE_KEYS,
  startSandboxServer,
} from '@finance-ppm/sandbox';
import { portfolioOfAbout } from './benchPortfolio';

export type SandboxProcessMessage =
  | {
      type: 'ready';
      url: string;
      databaseIds: Record<string, string>;
      pages: number;
    }
  | { type: 'requests'; requests: number; throttled: number }
  | { type: 'reset' };

async function serve() {
  const portfolio = portfolioOfAbout(Number(process.env.BENCH_PAGES));
  const sandbox = createNotionSandbox({
    portfolio,
    requestsPerSecond: Number(process.env.BENCH_RATE ?? 3),
  });
  const server = await startSandboxServer(sandbox);
  const pages = NOTION_DATABASE_KEYS.reduce(
    (sum, key) => sum + sandbox.pages(key).length,
    0,
  );
  const send = (message: SandboxProcessMessage) => process.send!(message);
  process.on('message', async (message: { type?: string }) => {
    if (message.type === 'requests') {
      send({
        type: 'requests',
        requests: sandbox.requestLog.length,
        throttled: sandbox.requestLog.filter(e => e.status === 429).length,
      });
    } else if (message.type === 'reset') {
      sandbox.resetRequestLog();
      send({ type: 'reset' });
    } else if (message.type === 'close') {
      await server.close();
      process.disconnect?.();
    }
  });
  send({
    type: 'ready',
    url: server.url,
    databaseIds: sandbox.databaseIds,
    pages,
  });
}

// Serves only when forked with an IPC channel; importing it does nothing.
if (process.send) {
  serve().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
