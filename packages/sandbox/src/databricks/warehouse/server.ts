import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Processor } from '@databricks/sql/thrift/TCLIService';
import { TBinaryProtocol, TBufferedTransport } from 'thrift';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { BundleTarget, readBundleJobs } from '../jobs/bundle';
import { EmulatedJobsApi, JobsApiError } from '../jobs/jobsApi';
import { createThrowawayCertificate } from './certificate';
import { appendBounded } from './logs';
import {
  EmulatedWarehouse,
  HangMatcher,
  WarehouseStatementLogEntry,
} from './warehouse';

/**
 * A fault the next matching requests meet. `method` is the Thrift method
 * (`ExecuteStatement`, `FetchResults`, ...) or a Jobs API path
 * (`/api/2.1/jobs/run-now`); unset, any request matches.
 */
export type WarehouseFault =
  | {
      kind: 'status';
      status: 429 | 503;
      /** Seconds, sent as `Retry-After`. */
      retryAfterSeconds?: number;
      method?: string;
      times?: number;
    }
  | {
      /**
       * The connection is cut without an answer: before the call is
       * processed, or after it (the call took effect; the client cannot
       * know).
       */
      kind: 'drop-connection';
      afterProcessing?: boolean;
      method?: string;
      times?: number;
    };

/** @public */
export interface SqlWarehouseEmulatorOptions {
  /** The personal access token sessions must present. */
  token: string;
  /** The warehouse's HTTP path; default `/sql/1.0/warehouses/sandbox`. */
  httpPath?: string;
  /** Backing store; default a fresh in-memory DuckDB lakehouse. */
  lakehouse?: DuckDbLakehouse;
  /** When set, sessions asking for another catalog are refused. */
  catalog?: string;
  /** Rows per fetched batch at most; default 1000. */
  maxRowsPerBatch?: number;
  /** Wait before answering with a handle to poll; default 50 ms. */
  directResultsWaitMs?: number;
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /**
   * A bundle whose jobs the Jobs API 2.1 serves on the same host, running
   * their SQL files on this warehouse. `schedules: true` runs them on their
   * Quartz schedules too (development targets pause them).
   */
  bundle?: BundleTarget & { schedules?: boolean };
}

/** @public */
export interface SqlWarehouseEmulator {
  /** `127.0.0.1`. */
  host: string;
  port: number;
  httpPath: string;
  /** The DuckDB lakehouse behind the warehouse, for seeding and checks. */
  lakehouse: DuckDbLakehouse;
  /** The emulated Jobs API, when a bundle was given. */
  jobs?: EmulatedJobsApi;
  /** The certificate the server presents, in PEM. */
  certificate: string;
  /** Thrift methods in the order they arrived (after the token check), the last 1000. */
  readonly requests: string[];
  /** The last 1000 statements that ended, with how they ended. */
  readonly statements: WarehouseStatementLogEntry[];
  /** Sessions and operations still open. */
  openHandles(): { sessions: number; operations: number };
  injectFault(fault: WarehouseFault): void;
  /** Holds matching statements until cancelled; returns an undo. */
  hangStatements(matcher: HangMatcher): () => void;
  close(): Promise<void>;
}

const THRIFT_CONTENT_TYPE = 'application/x-thrift';

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The Thrift method a request calls, read from its message header. */
export function thriftMethodName(body: Buffer): string | undefined {
  let name: string | undefined;
  try {
    TBufferedTransport.receiver(transport => {
      name = new TBinaryProtocol(transport).readMessageBegin().fname;
    }, 0)(body);
  } catch {
    return undefined;
  }
  return name;
}

/** Runs one Thrift call through the processor and returns the reply bytes. */
function processThrift(
  processor: { process(input: unknown, output: unknown): void },
  body: Buffer,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      TBufferedTransport.receiver(transport => {
        const input = new TBinaryProtocol(transport);
        const output = new TBinaryProtocol(
          new TBufferedTransport(undefined, (reply?: Buffer) =>
            resolve(reply ?? Buffer.alloc(0)),
          ),
        );
        processor.process(input, output);
      }, 0)(body);
    } catch (error) {
      reject(error);
    }
  });
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1];
}

function respond(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'text/plain', ...headers });
  res.end(body);
}

/**
 * Starts the emulated Databricks SQL warehouse: `TCLIService` over HTTPS
 * (TBinaryProtocol in TBufferedTransport, as `@databricks/sql` speaks it)
 * on 127.0.0.1, with a throwaway self-signed certificate (the driver does
 * not verify certificates). Backed by DuckDB through the project's Spark
 * SQL layer.
 *
 * @public
 */
export async function startSqlWarehouseEmulator(
  options: SqlWarehouseEmulatorOptions,
): Promise<SqlWarehouseEmulator> {
  const httpPath = options.httpPath ?? '/sql/1.0/warehouses/sandbox';
  const ownLakehouse = !options.lakehouse;
  const lakehouse =
    options.lakehouse ?? (await DuckDbLakehouse.open({ path: ':memory:' }));
  const warehouse = new EmulatedWarehouse({
    lakehouse,
    catalog: options.catalog,
    maxRowsPerBatch: options.maxRowsPerBatch,
    directResultsWaitMs: options.directResultsWaitMs,
  });
  // The generated Processor types every method; the warehouse serves the
  // ones the driver calls; any other method fails with HTTP 500.
  const processor = new Processor(
    warehouse as unknown as ConstructorParameters<typeof Processor>[0],
  );
  const requests: string[] = [];
  const faults: Array<WarehouseFault & { left: number }> = [];
  const sockets = new Set<Socket>();

  const takeFault = (method: string | undefined) => {
    const index = faults.findIndex(
      fault => fault.method === undefined || fault.method === method,
    );
    if (index === -1) return undefined;
    const fault = faults[index];
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(index, 1);
    return fault;
  };

  const jobs = options.bundle
    ? new EmulatedJobsApi({
        jobs: readBundleJobs(options.bundle),
        submitSql: sql => warehouse.submit(sql),
      })
    : undefined;
  if (jobs && options.bundle?.schedules) jobs.startScheduler();

  const handleJobsApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ) => {
    const json = (status: number, body: unknown) =>
      respond(res, status, JSON.stringify(body), {
        'content-type': 'application/json',
      });
    if (bearerToken(req) !== options.token) {
      json(403, {
        error_code: 'PERMISSION_DENIED',
        message: 'Invalid access token.',
      });
      return;
    }
    if (!jobs) {
      json(404, {
        error_code: 'ENDPOINT_NOT_FOUND',
        message: 'No bundle is deployed',
      });
      return;
    }
    const body =
      req.method === 'POST'
        ? (JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<
            string,
            unknown
          >)
        : {};
    const routes: Record<string, () => unknown> = {
      'GET /api/2.1/jobs/list': () => jobs.listJobs(url.searchParams),
      'POST /api/2.1/jobs/run-now': () => jobs.runNow(body),
      'GET /api/2.1/jobs/runs/list': () => jobs.listRuns(url.searchParams),
      'GET /api/2.1/jobs/runs/get': () => jobs.getRun(url.searchParams),
      'POST /api/2.1/jobs/runs/cancel': () => jobs.cancelRun(body),
    };
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) {
      json(404, {
        error_code: 'ENDPOINT_NOT_FOUND',
        message: `No API found for '${req.method} ${url.pathname}'`,
      });
      return;
    }
    try {
      json(200, route());
    } catch (error) {
      if (error instanceof JobsApiError) {
        json(error.status, {
          error_code: error.errorCode,
          message: error.message,
        });
      } else {
        throw error;
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname;
    if (path.startsWith('/api/2.1/jobs/')) {
      const fault = takeFault(path);
      if (fault?.kind === 'status') {
        respond(res, fault.status, 'The workspace is busy', {
          ...(fault.retryAfterSeconds !== undefined
            ? { 'retry-after': String(fault.retryAfterSeconds) }
            : {}),
        });
        return;
      }
      await handleJobsApi(req, res, url);
      return;
    }
    if (
      req.method === 'GET' &&
      path.startsWith('/api/2.0/connector-service/')
    ) {
      // The driver asks whether to send telemetry; the sandbox says no.
      respond(res, 200, JSON.stringify({ flags: [], ttl_seconds: 900 }), {
        'content-type': 'application/json',
      });
      return;
    }
    if (req.method !== 'POST' || path !== httpPath) {
      respond(res, 404, `No SQL warehouse at ${req.method} ${path}`);
      return;
    }
    if (bearerToken(req) !== options.token) {
      await readBody(req);
      respond(res, 403, 'Invalid access token.', {
        'x-databricks-reason-phrase': 'Invalid access token.',
      });
      return;
    }
    const body = await readBody(req);
    const method = thriftMethodName(body);
    const fault = takeFault(method);
    if (fault?.kind === 'drop-connection' && !fault.afterProcessing) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      respond(res, fault.status, 'The SQL warehouse is busy', {
        ...(fault.retryAfterSeconds !== undefined
          ? { 'retry-after': String(fault.retryAfterSeconds) }
          : {}),
      });
      return;
    }
    appendBounded(requests, method ?? 'unknown');
    try {
      const reply = await processThrift(processor, body);
      if (fault?.kind === 'drop-connection') {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, {
        'content-type': THRIFT_CONTENT_TYPE,
        'content-length': String(reply.length),
      });
      res.end(reply);
    } catch (error) {
      respond(res, 500, `Thrift processing failed: ${String(error)}`);
    }
  };

  const certificate = await createThrowawayCertificate();
  const server: Server = createServer(
    { key: certificate.key, cert: certificate.cert },
    (req, res) => {
      handle(req, res).catch(error => {
        if (!res.headersSent) respond(res, 500, String(error));
      });
    },
  );
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    httpPath,
    lakehouse,
    jobs,
    certificate: certificate.cert,
    requests,
    statements: warehouse.statementLog,
    openHandles: () => warehouse.openHandles,
    injectFault(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    hangStatements: matcher => warehouse.hangStatements(matcher),
    async close() {
      await jobs?.close();
      warehouse.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
      if (ownLakehouse) await lakehouse.close();
    },
  };
}
