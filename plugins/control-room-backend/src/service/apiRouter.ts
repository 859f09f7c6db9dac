import express from 'express';
import type { BlockObjectRequest } from '@notionhq/client';
import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createHash } from 'node:crypto';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  CreateActionRequest,
  controlRoomActionCreatePermission,
  controlRoomJobRunPermission,
} from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { AlertStateStore, toOpenAlert } from '../alerts';
import { pipelineJobs, PipelineJob } from '../pipeline/jobs';
import { spec } from '../schema/openapi.generated';
import { DataChanges } from './dataChanges';
import { LastGoodCache } from './lastGoodCache';
import { NotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { ActionCreator, processActionCreator } from '../database';
import {
  affectedDataSourceId,
  isValidNotionSignature,
  KeyedDebouncer,
  readVerificationToken,
  WebhookReplayGuard,
} from './notionWebhook';
import { getProjectCloudCosts, parseResourceLimit } from './cloudCosts';
import { ProjectAccess, ProjectScope } from './projectAccess';
import { SeenWebhookEvents } from './webhookEvents';
import { assertLiveProject } from './writeChecks';
import * as queries from './queries';
import { checkHealth } from './health';
import {
  DEFAULT_MAX_KPI_MONTHS,
  decodeCursor,
  parseDateRange,
  parseIsoDate,
  parseLimit,
  parseText,
  toPage,
} from './validation';
import { createJsonSender } from './jsonSender';

/** Paths that answer without Backstage credentials; plugin.ts adds a policy for each. */
export const unauthenticatedPaths = ['/health', '/webhooks/notion'] as const;

/** @public */
export interface ControlRoomRouterOptions {
  lakehouse: Lakehouse;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Which projects each caller may read (`control-room.finance.read`). */
  projectAccess: ProjectAccess;
  /** Longest period `/kpis` answers, in months; default 60. */
  maxKpiMonths?: number;
  /** Most rows `/kpis` and `/forecast` answer before asking for a filter; default 10,000. */
  maxListRows?: number;
  /** Starts a job now; the scheduler's `triggerTask` backs it. */
  runJob?: (jobId: string) => Promise<void>;
  /** The Notion actions data source; without it POST /notion/actions answers 503. */
  notionActions?: NotionActionStore;
  /**
   * Creates actions once across replicas (the plugin database's claims);
   * default: once within this process, on `notionActions`.
   */
  actionCreator?: ActionCreator;
  /** Starts a targeted sync of one Notion data source (by id). */
  triggerNotionSync?: (dataSourceId: string) => Promise<void>;
  notionWebhook?: {
    /** Token Notion sent in the verification request; without it every event gets 401. */
    verificationToken?: string;
    /** Quiet time before a data source with new events is synced; default 5 s. */
    debounceMs?: number;
    /** Receives the token of a verification request, for the operator to configure. */
    onVerificationToken?: (token: string) => void;
    /** Where received event ids are kept; default this process's memory. */
    seenEvents?: SeenWebhookEvents;
  };
  /** Alert state in the plugin database; without it GET /alerts answers 503. */
  alertState?: Pick<AlertStateStore, 'readOpen'>;
  /** Default: every pipeline job. */
  jobs?: readonly PipelineJob[];
  /** How long a read is reused before the lakehouse is asked again; default 30 s. */
  cacheTtlMs?: number;
  /** Announces lakehouse changes; cached answers are read again after each. */
  dataChanges?: Pick<DataChanges, 'subscribe'>;
  now?: () => Date;
}

const DEFAULT_DEBOUNCE_MS = 5000;
const MAX_SOURCE_ID_LENGTH = 1000;
const DEFAULT_CACHE_TTL_MS = 30_000;

type RawBodyRequest = express.Request & { rawBody?: Buffer };

/**
 * The Control Room REST API, typed and validated from `schema/openapi.yaml`.
 * Every route but /health and the webhook needs user or service credentials
 * and a permission.
 *
 * @public
 */
export async function createControlRoomRouter(
  options: ControlRoomRouterOptions,
): Promise<express.Router> {
  const { lakehouse, httpAuth, permissions, auditor, logger, projectAccess } =
    options;
  const now = options.now ?? (() => new Date());
  const jobs = options.jobs ?? pipelineJobs;
  const cache = new LastGoodCache(options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
  options.dataChanges?.subscribe(() => cache.markStale(now()));
  const actionCreator =
    options.actionCreator ??
    (options.notionActions
      ? processActionCreator(options.notionActions)
      : undefined);
  const syncDebouncer = options.triggerNotionSync
    ? new KeyedDebouncer(
        options.notionWebhook?.debounceMs ?? DEFAULT_DEBOUNCE_MS,
        options.triggerNotionSync,
        (dataSourceId, error) =>
          logger.error(
            `Webhook-triggered sync of Notion data source ${dataSourceId} failed`,
            error as Error,
          ),
      )
    : undefined;

  const router = await createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: [
      express.json({
        // The webhook signature covers the exact bytes Notion sent.
        verify: (req, _res, buf) => {
          (req as RawBodyRequest).rawBody = Buffer.from(buf);
        },
      }),
    ],
  });

  async function authorize(
    req: express.Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  }

  const sendJson = createJsonSender();
  const maxKpiMonths = options.maxKpiMonths ?? DEFAULT_MAX_KPI_MONTHS;
  const maxListRows = options.maxListRows ?? queries.MAX_LIST_ROWS;
  /** Rows fetched with one extra; more than the bound asks for a filter. */
  const withinBound = <T>(rows: T[], what: string, narrow: string): T[] => {
    if (rows.length > maxListRows) {
      throw new InputError(
        `${what} has more than ${maxListRows} rows; narrow it with ${narrow}`,
      );
    }
    return rows;
  };
  const replayGuard = new WebhookReplayGuard(options.notionWebhook?.seenEvents);
  let handshakeLogged = false;

  /** The projects the caller may read; 403 when none at all. */
  const readFinance = async (req: express.Request): Promise<ProjectScope> =>
    projectAccess.scopeOf(
      await httpAuth.credentials(req, { allow: ['user', 'service'] }),
    );
  const readableOf = (scope: ProjectScope) =>
    scope.all ? undefined : scope.projectIds;
  // A project the caller may not read answers as if it did not exist.
  const assertReadable = (scope: ProjectScope, projectId: string) => {
    if (!scope.all && !scope.projectIds.includes(projectId)) {
      throw new NotFoundError(`No project with id ${projectId}`);
    }
  };
  // Answers differ per readable set, so the set is part of the cache key.
  // Project access hands out one scope object per set for a while, so each
  // is hashed once.
  const scopeKeys = new WeakMap<ProjectScope, string>();
  const scopeKey = (scope: ProjectScope) => {
    if (scope.all) {
      return 'all';
    }
    let key = scopeKeys.get(scope);
    if (key === undefined) {
      key = createHash('sha256')
        .update([...scope.projectIds].sort().join('\n'))
        .digest('base64url');
      scopeKeys.set(scope, key);
    }
    return key;
  };
  const cached = <T extends object>(key: unknown[], read: () => Promise<T>) =>
    cache.read(JSON.stringify(key), read, now);

  router.get('/health', async (req, res) => {
    const health = await checkHealth(lakehouse, now);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    // Anonymous callers learn the status only: no engine, host or error.
    if (credentials.principal.type === 'none') {
      res.json({ status: health.status, checked_at: health.checked_at });
      return;
    }
    res.json(health);
  });

  router.get('/jobs', async (req, res) => {
    await readFinance(req);
    await sendJson(
      res,
      await cached(['jobs'], async () => ({
        data: await queries.listJobs(lakehouse, jobs),
      })),
    );
  });

  router.get('/job-runs', async (req, res) => {
    await readFinance(req);
    const job = parseText('job', req.query.job);
    const offset = decodeCursor(req.query.cursor);
    const limit = parseLimit(req.query.limit);
    await sendJson(
      res,
      await cached(['job-runs', job, offset, limit], async () =>
        toPage(
          await queries.listJobRuns(lakehouse, { job, offset, limit }),
          offset,
          limit,
        ),
      ),
    );
  });

  router.post('/jobs/:id/run', async (req, res) => {
    const credentials = await authorize(req, controlRoomJobRunPermission);
    const job = jobs.find(candidate => candidate.id === req.params.id);
    if (!job) {
      throw new NotFoundError(`No job with id ${req.params.id}`);
    }
    if (!options.runJob) {
      throw new ServiceUnavailableError(
        'Jobs cannot be started on this backend',
      );
    }
    const audit = await auditor.createEvent({
      eventId: 'job-run',
      severityLevel: 'medium',
      request: req,
      meta: { jobId: job.id, actor: principalOf(credentials) },
    });
    try {
      await options.runJob(job.id);
      await audit.success();
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
    res.status(202).json({ job_id: job.id, started: true });
  });

  router.get('/kpis', async (req, res) => {
    const scope = await readFinance(req);
    const { from, to } = parseDateRange(req.query, now(), maxKpiMonths);
    const dimension = req.query.dimension;
    await sendJson(
      res,
      await cached(['kpis', scopeKey(scope), from, to, dimension], async () => {
        const data = withinBound(
          await queries.getKpis(lakehouse, {
            from,
            to,
            dimension,
            readable: readableOf(scope),
            maxRows: maxListRows + 1,
          }),
          'The KPI answer',
          'a shorter from/to period or a dimension',
        );
        return { data, meta: { from, to, total_records: data.length } };
      }),
    );
  });

  router.get('/projects', async (req, res) => {
    const scope = await readFinance(req);
    const filter = {
      program: parseText('program', req.query.program),
      status: parseText('status', req.query.status),
      health: req.query.health,
      text: parseText('text', req.query.text),
      sort: req.query.sort ?? 'name',
      offset: decodeCursor(req.query.cursor),
      limit: parseLimit(req.query.limit),
    };
    await sendJson(
      res,
      await cached(['projects', scopeKey(scope), filter], async () =>
        toPage(
          await queries.listProjects(lakehouse, {
            ...filter,
            readable: readableOf(scope),
          }),
          filter.offset,
          filter.limit,
        ),
      ),
    );
  });

  router.get('/projects/:id', async (req, res) => {
    const projectId = req.params.id;
    assertReadable(await readFinance(req), projectId);
    const detail = await cached(['project', projectId], async () => ({
      found: await queries.getProjectDetail(lakehouse, projectId),
    }));
    if (!detail.found) {
      throw new NotFoundError(`No project with id ${projectId}`);
    }
    res.json({
      ...detail.found,
      ...(detail.as_of && { as_of: detail.as_of }),
    });
  });

  router.get('/projects/:id/cloud-costs', async (req, res) => {
    const projectId = parseText('id', req.params.id)!;
    assertReadable(await readFinance(req), projectId);
    const range = parseDateRange(req.query, now());
    const limit = parseResourceLimit(req.query.limit);
    const costs = await cached(
      ['cloud-costs', projectId, range, limit],
      async () => ({
        found: await getProjectCloudCosts(lakehouse, projectId, {
          ...range,
          limit,
        }),
      }),
    );
    if (!costs.found) {
      throw new NotFoundError(`No project with id ${projectId}`);
    }
    res.json({ ...costs.found, ...(costs.as_of && { as_of: costs.as_of }) });
  });

  router.get('/programs', async (req, res) => {
    const scope = await readFinance(req);
    await sendJson(
      res,
      await cached(['programs', scopeKey(scope)], async () => ({
        data: await queries.listPrograms(lakehouse, readableOf(scope)),
      })),
    );
  });

  router.get('/forecast', async (req, res) => {
    const scope = await readFinance(req);
    const project = parseText('project', req.query.project);
    await sendJson(
      res,
      await cached(['forecast', scopeKey(scope), project], async () => ({
        data: withinBound(
          await queries.getForecast(lakehouse, {
            project,
            readable: readableOf(scope),
            maxRows: maxListRows + 1,
          }),
          'The forecast answer',
          'project',
        ),
      })),
    );
  });

  // Sample keys name rows; a caller sees those of readable projects only.
  router.get('/dq/issues', async (req, res) => {
    const scope = await readFinance(req);
    const severity = req.query.severity;
    await sendJson(
      res,
      await cached(['dq-issues', scopeKey(scope), severity], async () => ({
        data: await queries.limitSampleKeys(
          lakehouse,
          await queries.listDqChecks(lakehouse, {
            failingOnly: true,
            severity,
          }),
          readableOf(scope),
        ),
      })),
    );
  });

  router.get('/dq/metrics', async (req, res) => {
    const scope = await readFinance(req);
    await sendJson(
      res,
      await cached(['dq-metrics', scopeKey(scope)], async () => ({
        data: await queries.limitSampleKeys(
          lakehouse,
          await queries.listDqChecks(lakehouse, { failingOnly: false }),
          readableOf(scope),
        ),
      })),
    );
  });

  router.get('/advisor/recommendations', async (req, res) => {
    const scope = await readFinance(req);
    const filter = {
      category: req.query.category,
      impact: req.query.impact,
      project: parseText('project', req.query.project),
      hasAction:
        req.query.has_action === undefined
          ? undefined
          : req.query.has_action === 'true',
      offset: decodeCursor(req.query.cursor),
      limit: parseLimit(req.query.limit),
    };
    await sendJson(
      res,
      await cached(['advisor', scopeKey(scope), filter], async () =>
        toPage(
          await queries.listAdvisorRecommendations(lakehouse, {
            ...filter,
            readable: readableOf(scope),
          }),
          filter.offset,
          filter.limit,
        ),
      ),
    );
  });

  router.get('/advisor/summary', async (req, res) => {
    const scope = await readFinance(req);
    await sendJson(
      res,
      await cached(['advisor-summary', scopeKey(scope)], async () => ({
        data: await queries.getAdvisorSummary(lakehouse, readableOf(scope)),
      })),
    );
  });

  router.get('/alerts', async (req, res) => {
    const scope = await readFinance(req);
    const readable = readableOf(scope);
    const alertState = options.alertState;
    if (!alertState) {
      throw new ServiceUnavailableError('Alerts are not configured');
    }
    await sendJson(
      res,
      await cached(['alerts', scopeKey(scope)], async () => ({
        data: (
          await alertState.readOpen()
        )
          // Pipeline alerts concern everyone; project alerts their readers.
          .filter(
            alert =>
              !alert.projectId ||
              readable === undefined ||
              readable.includes(alert.projectId),
          )
          .slice(0, queries.MAX_LIST_ROWS)
          .map(toOpenAlert),
      })),
    );
  });

  router.post('/notion/actions', async (req, res) => {
    const credentials = await authorize(req, controlRoomActionCreatePermission);
    const { children, ...request } = parseCreateActionRequest(req.body);
    if (!actionCreator) {
      throw new ServiceUnavailableError('Notion actions are not configured');
    }
    await assertLiveProject(lakehouse, request.project_id);
    const audit = await auditor.createEvent({
      eventId: 'notion-action-create',
      severityLevel: 'medium',
      request: req,
      meta: {
        projectId: request.project_id,
        source: request.source,
        sourceId: request.source_id ?? null,
        actor: principalOf(credentials),
      },
    });
    try {
      const page = await actionCreator.create(request, {
        // The schema checked the shape; Notion checks each block.
        children: children as BlockObjectRequest[] | undefined,
        idempotencyKey: readIdempotencyKey(req.header('idempotency-key')),
      });
      await audit.success({
        meta: { actionId: page.action_id, created: page.created },
      });
      res.json({ success: true, ...page });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/webhooks/notion', async (req, res) => {
    const rawBody = (req as RawBodyRequest).rawBody;
    const signature = req.header('x-notion-signature');
    const handshakeToken = readVerificationToken(req.body);
    if (handshakeToken && !signature) {
      // The one unsigned request: Notion hands over the token to verify
      // with. Anyone can send one, so only the first reaches the log.
      if (!handshakeLogged) {
        handshakeLogged = true;
        options.notionWebhook?.onVerificationToken?.(handshakeToken);
      }
      res.json({ accepted: true });
      return;
    }
    const token = options.notionWebhook?.verificationToken;
    if (
      !token ||
      !rawBody ||
      !isValidNotionSignature(rawBody, signature, token)
    ) {
      throw new AuthenticationError('Missing or invalid X-Notion-Signature');
    }
    // Signed but stale or seen before: a replay.
    await replayGuard.check(req.body, now());
    const dataSourceId = affectedDataSourceId(req.body);
    if (dataSourceId && syncDebouncer) {
      syncDebouncer.schedule(dataSourceId);
    }
    const audit = await auditor.createEvent({
      eventId: 'notion-webhook',
      severityLevel: 'low',
      request: req,
      meta: {
        eventType: String((req.body as { type?: unknown }).type ?? 'unknown'),
        dataSourceId: dataSourceId ?? null,
      },
    });
    await audit.success();
    res.json({ accepted: true });
  });

  return router;
}

function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

const MAX_TITLE_LENGTH = 2000;

/** Checks what the schema cannot: lengths, dates and the source id rule. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** The `Idempotency-Key` header of POST /notion/actions, checked. */
export function readIdempotencyKey(
  header: string | undefined,
): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const key = header.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new InputError(
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  return key;
}

export function parseCreateActionRequest(body: unknown): CreateActionRequest {
  const request = body as CreateActionRequest;
  const title = request.title?.trim() ?? '';
  if (title.length === 0 || title.length > MAX_TITLE_LENGTH) {
    throw new InputError(`title must be 1 to ${MAX_TITLE_LENGTH} characters`);
  }
  parseText('project_id', request.project_id);
  if (request.assignee !== undefined) {
    parseText('assignee', request.assignee);
  }
  parseIsoDate('due_date', request.due_date);
  if (request.source !== 'manual' && !request.source_id) {
    throw new InputError(
      `source_id is required when source is ${request.source}`,
    );
  }
  if (request.source_id !== undefined) {
    // Advisor ids are full Azure resource paths, often past 200 characters.
    parseText('source_id', request.source_id, MAX_SOURCE_ID_LENGTH);
  }
  return { ...request, title };
}
