import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, RequestHandler } from 'msw';

export interface SandboxServerOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  host?: '127.0.0.1';
}

export interface SandboxServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

async function toFetchRequest(
  req: IncomingMessage,
  base: string,
): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value])
      headers.append(name, v);
  }
  const hasBody =
    req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(req.url ?? '/', base), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function writeResponse(res: ServerResponse, response: Response) {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Serves the sandbox's msw handlers over real HTTP on loopback, for the
 * local backend and the benchmarks. Requests no handler answers get
 * Notion's 404 error shape.
 */
export async function startSandboxServer(
  sandbox: { handlers: RequestHandler[] },
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const base = `http://${host}`;
    toFetchRequest(req, base)
      .then(async request => {
        const response =
          (await getResponse(sandbox.handlers, request)) ??
          Response.json(
            {
              object: 'error',
              status: 404,
              code: 'invalid_request_url',
              message: 'Invalid request URL.',
            },
            { status: 404 },
          );
        await writeResponse(res, response);
      })
      .catch(() => {
        // The cause stays in the process; the client only learns it failed.
        if (!res.headersSent)
          res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'error',
            status: 500,
            code: 'internal_server_error',
            message: 'The sandbox failed to answer.',
          }),
        );
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
