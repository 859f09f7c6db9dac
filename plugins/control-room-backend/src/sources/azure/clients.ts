import { AdvisorManagementClient } from '@azure/arm-advisor';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type {
  HttpClient,
  PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { ResourceGraphQueries } from './resourceGraph';

/**
 * Lists one subscription's Advisor recommendations, every page, as the wire
 * JSON items (see {@link listRawRecommendations}).
 */
export type ListRecommendations = (
  subscriptionId: string,
) => AsyncIterable<unknown>;

/** The SDK clients the Azure pulls use. */
export interface AzureClients {
  resourceGraph: ResourceGraphQueries;
  listRecommendations: ListRecommendations;
}

export interface AzureClientOptions {
  /** Replaces the SDK's HTTP transport, e.g. with the sandbox emulator. */
  httpClient?: HttpClient;
  retryOptions?: PipelineRetryOptions;
}

/** Real SDK clients over the given credential. */
export function createAzureClients(
  credential: TokenCredential,
  options: AzureClientOptions = {},
): AzureClients {
  const resourceGraph = new ResourceGraphClient(credential, options);
  return {
    resourceGraph,
    listRecommendations: subscriptionId =>
      listRawRecommendations(
        new AdvisorManagementClient(credential, subscriptionId, options),
      ),
  };
}

/** The `value` items of a list page's body; none when it is not JSON. */
export function pageItems(bodyAsText: string | null | undefined): unknown[] {
  if (!bodyAsText) return [];
  try {
    const body = JSON.parse(bodyAsText);
    return Array.isArray(body?.value) ? body.value : [];
  } catch {
    return [];
  }
}

/**
 * The SDK pages (nextLink, retries, Retry-After) while the items are taken
 * from each page's raw body: the SDK's mapper for `actions` and
 * `resourceMetadata.action` expects nested dictionaries and turns their
 * string values into character maps, so its models are not kept.
 */
export async function* listRawRecommendations(
  client: AdvisorManagementClient,
): AsyncIterable<unknown> {
  const pages: unknown[][] = [];
  const iterator = client.recommendations
    .list({ onResponse: raw => pages.push(pageItems(raw.bodyAsText)) })
    .byPage();
  for await (const _page of iterator) {
    while (pages.length > 0) yield* pages.shift()!;
  }
}
