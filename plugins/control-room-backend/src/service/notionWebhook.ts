import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthenticationError,
  ConflictError,
  InputError,
} from '@backstage/errors';
import { memorySeenWebhookEvents, SeenWebhookEvents } from './webhookEvents';

/**
 * True when `signature` is `sha256=` followed by the hex HMAC-SHA256 of the
 * raw body keyed with the verification token. Compared in constant time.
 */
export function isValidNotionSignature(
  rawBody: Buffer,
  signature: string | undefined,
  verificationToken: string,
): boolean {
  if (!signature || !signature.startsWith('sha256=')) {
    return false;
  }
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', verificationToken)
      .update(rawBody)
      .digest('hex')}`,
  );
  const received = Buffer.from(signature);
  return (
    received.length === expected.length && timingSafeEqual(received, expected)
  );
}

/** The one-time request Notion sends when a subscription is created. */
export function readVerificationToken(body: unknown): string | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    const token = (body as Record<string, unknown>).verification_token;
    if (keys.length === 1 && typeof token === 'string' && token.length > 0) {
      return token;
    }
  }
  return undefined;
}

/**
 * The data source an event touched: `data.parent` names it for page events
 * (`data_source_id`, or `id` when the parent is a data source), and the
 * entity itself for data source events.
 */
export function affectedDataSourceId(event: unknown): string | undefined {
  if (!event || typeof event !== 'object') {
    return undefined;
  }
  const { entity, data } = event as {
    entity?: { id?: unknown; type?: unknown };
    data?: {
      parent?: { id?: unknown; type?: unknown; data_source_id?: unknown };
    };
  };
  if (entity?.type === 'data_source' && typeof entity.id === 'string') {
    return entity.id;
  }
  const parent = data?.parent;
  if (typeof parent?.data_source_id === 'string') {
    return parent.data_source_id;
  }
  if (parent?.type === 'data_source' && typeof parent.id === 'string') {
    return parent.id;
  }
  return undefined;
}

/**
 * Coalesces bursts of events per key into one call after `delayMs` of quiet,
 * so a page edited ten times syncs its data source once.
 */
export class KeyedDebouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  schedule(key: string) {
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.run(key).catch(error => this.onError(key, error));
    }, this.delayMs);
    // A pending sync must not keep the process alive at shutdown.
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Keys waiting for their timer. */
  pending(): string[] {
    return [...this.timers.keys()];
  }

  cancelAll() {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}

/** How old an event may be; older ones are rejected as replays. */
export const WEBHOOK_MAX_AGE_MS = 5 * 60 * 1000;
// Clocks differ a little; an event this far in the future is still taken.
const CLOCK_SKEW_MS = 60 * 1000;

/**
 * Rejects signed events that are stale (their `timestamp` more than five
 * minutes old) or were seen before (same `id`). Ids are kept only as long
 * as their event could pass the age check, in `seen`: the plugin's
 * database, so a replay to another replica is refused too.
 */
export class WebhookReplayGuard {
  constructor(
    private readonly seen: SeenWebhookEvents = memorySeenWebhookEvents(),
    private readonly maxAgeMs: number = WEBHOOK_MAX_AGE_MS,
  ) {}

  async check(event: unknown, now: Date): Promise<void> {
    const { id, timestamp } = (event ?? {}) as {
      id?: unknown;
      timestamp?: unknown;
    };
    if (
      typeof id !== 'string' ||
      !id ||
      id.length > 255 ||
      typeof timestamp !== 'string'
    ) {
      throw new InputError('A Notion event needs an id and a timestamp');
    }
    const sentAt = Date.parse(timestamp);
    const nowMs = now.getTime();
    if (
      Number.isNaN(sentAt) ||
      nowMs - sentAt > this.maxAgeMs ||
      sentAt - nowMs > CLOCK_SKEW_MS
    ) {
      throw new AuthenticationError(
        `Notion event ${id} is older than ${
          this.maxAgeMs / 60000
        } minutes or not yet due; rejected as a replay`,
      );
    }
    const expiresAt = new Date(sentAt + this.maxAgeMs + CLOCK_SKEW_MS);
    if (!(await this.seen.claim(id, expiresAt, now))) {
      throw new ConflictError(`Notion event ${id} was already received`);
    }
  }
}

/**
 * The webhook settings from `controlRoom.notion.webhook`, with event ids
 * kept in `seenEvents` (the plugin database, shared by replicas).
 */
export function readNotionWebhookOptions(
  config: Config,
  logger: LoggerService,
  seenEvents: SeenWebhookEvents,
) {
  return {
    verificationToken: config.getOptionalString(
      'controlRoom.notion.webhook.verificationToken',
    ),
    debounceMs: config.getOptionalNumber(
      'controlRoom.notion.webhook.debounceMs',
    ),
    seenEvents,
    onVerificationToken: () =>
      logger.warn(
        'Notion sent a webhook verification token; copy it from the Notion integration settings into controlRoom.notion.webhook.verificationToken',
      ),
  };
}
