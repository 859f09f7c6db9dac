import { createHash, randomUUID } from 'node:crypto';
import type { BlockObjectRequest } from '@notionhq/client';
import { Knex } from 'knex';
import { CreateActionRequest } from '@finance-ppm/plugin-control-room-common';
import {
  IdempotentActionCreator,
  NotionActionPage,
  NotionActionStore,
} from '@finance-ppm/plugin-control-room-node';

export const ACTION_CLAIMS_TABLE = 'control_room_action_claims';

/** A created or found Notion action; `created` is false for a repeat. */
export type CreatedAction = NotionActionPage & { created: boolean };

/**
 * The one way every entry point (REST, MCP actions, scaffolder) creates a
 * Notion action.
 */
export interface ActionCreator {
  create(
    request: CreateActionRequest,
    options?: {
      children?: BlockObjectRequest[];
      /** Makes an action without a source id once-only (`manual`). */
      idempotencyKey?: string;
    },
  ): Promise<CreatedAction>;
}

interface ClaimRow {
  claim_key: string;
  claim_token: string;
  claimed_at: number | string;
  action_id: string | null;
  notion_url: string | null;
}

const DEFAULT_STALE_AFTER_MS = 60_000;
const DEFAULT_POLL_MS = 100;

/**
 * Creates actions once across replicas: before calling Notion a request
 * claims the row of its (source, source_id) in the plugin database. Whoever
 * holds the claim creates the page; the others wait for its result. A
 * failed Notion call releases the claim, so a retry can create; a claim
 * never finished (its replica died) is taken over after `staleAfterMs` and
 * reconciled against Notion by source id before creating.
 */
export function createClaimedActionCreator(options: {
  knex: Knex;
  store: NotionActionStore;
  staleAfterMs?: number;
  pollMs?: number;
  now?: () => Date;
}): ActionCreator {
  const { knex, store } = options;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const now = () => (options.now?.() ?? new Date()).getTime();

  const rowOf = async (claimKey: string) =>
    (await knex<ClaimRow>(ACTION_CLAIMS_TABLE)
      .where({ claim_key: claimKey })
      .first()) as ClaimRow | undefined;

  async function createAsHolder(
    claimKey: string,
    token: string,
    request: CreateActionRequest & { source_id: string },
    children: BlockObjectRequest[] | undefined,
  ): Promise<CreatedAction> {
    let result: CreatedAction;
    try {
      // A page may exist without a finished claim: one made before claims
      // existed, or by a replica that died before it wrote the result.
      const existing = await store.findBySource(
        request.source,
        request.source_id,
      );
      result = existing
        ? { ...existing, created: false }
        : { ...(await store.create(request, children)), created: true };
    } catch (error) {
      await knex(ACTION_CLAIMS_TABLE)
        .where({ claim_key: claimKey, claim_token: token })
        .delete();
      throw error;
    }
    await knex(ACTION_CLAIMS_TABLE)
      .where({ claim_key: claimKey, claim_token: token })
      .update({
        action_id: result.action_id,
        notion_url: result.notion_url,
        finished_at: now(),
      });
    return result;
  }

  return {
    async create(request, createOptions = {}) {
      const sourceId = request.source_id ?? createOptions.idempotencyKey;
      if (!sourceId) {
        return {
          ...(await store.create(request, createOptions.children)),
          created: true,
        };
      }
      // An idempotency key becomes the page's Source ID, so a claim left
      // unfinished can be reconciled against Notion like any other.
      const keyed = { ...request, source_id: sourceId };
      const claimKey = createHash('sha256')
        .update(JSON.stringify([request.source, sourceId]))
        .digest('hex');
      for (;;) {
        const token = randomUUID();
        await knex(ACTION_CLAIMS_TABLE)
          .insert({
            claim_key: claimKey,
            source: request.source,
            source_id: sourceId,
            claim_token: token,
            claimed_at: now(),
          })
          .onConflict('claim_key')
          .ignore();
        let row = await rowOf(claimKey);
        if (row?.claim_token === token) {
          return createAsHolder(claimKey, token, keyed, createOptions.children);
        }
        while (row && !row.action_id) {
          if (now() - Number(row.claimed_at) >= staleAfterMs) {
            const taken = await knex(ACTION_CLAIMS_TABLE)
              .where({ claim_key: claimKey, claim_token: row.claim_token })
              .whereNull('action_id')
              .update({ claim_token: token, claimed_at: now() });
            if (taken === 1) {
              return createAsHolder(
                claimKey,
                token,
                keyed,
                createOptions.children,
              );
            }
          } else {
            await new Promise(resolve => setTimeout(resolve, pollMs));
          }
          row = await rowOf(claimKey);
        }
        if (row?.action_id) {
          return {
            action_id: row.action_id,
            notion_url: row.notion_url ?? '',
            created: false,
          };
        }
        // The holder's Notion call failed and released the claim: try again.
      }
    },
  };
}

/**
 * Once-only within one process (an in-memory lock); for tests and tools
 * that run without the plugin database.
 */
export function processActionCreator(store: NotionActionStore): ActionCreator {
  const creator = new IdempotentActionCreator(store);
  return {
    create: (request, createOptions = {}) =>
      creator.create(
        {
          ...request,
          source_id: request.source_id ?? createOptions.idempotencyKey,
        },
        createOptions.children,
      ),
  };
}
