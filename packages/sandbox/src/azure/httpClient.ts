import {
  createHttpHeaders,
  HttpClient,
  PipelineRequest,
  PipelineResponse,
} from '@azure/core-rest-pipeline';
import { getResponse, RequestHandler } from 'msw';
import { AzureSandbox } from './sandbox';

/**
 * An Azure SDK transport that answers from msw handlers in-process, so the
 * SDK's whole pipeline (bearer token, retries, Retry-After, paging) runs
 * against the emulator without a socket. A request no handler answers
 * fails like an unreachable host.
 */
export function createMswHttpClient(handlers: RequestHandler[]): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const headers = new Headers();
      for (const [name, value] of request.headers) headers.set(name, value);
      const body =
        typeof request.body === 'string' && request.method !== 'GET'
          ? request.body
          : undefined;
      const response = await getResponse(
        handlers,
        new Request(request.url, { method: request.method, headers, body }),
      );
      if (!response) {
        throw new Error(
          `No sandbox handler for ${request.method} ${
            new URL(request.url).pathname
          }`,
        );
      }
      const responseHeaders = createHttpHeaders();
      response.headers.forEach((value, name) =>
        responseHeaders.set(name, value),
      );
      return {
        request,
        status: response.status,
        headers: responseHeaders,
        bodyAsText: await response.text(),
      };
    },
  };
}

/** The SDK transport the backend uses when no Azure credentials are set. */
export function createSandboxAzureHttpClient(
  sandbox: AzureSandbox,
): HttpClient {
  return createMswHttpClient(sandbox.handlers);
}

/**
 * A fixed bearer token for the sandbox; structurally an `@azure/identity`
 * TokenCredential.
 */
export const sandboxAzureCredential = {
  getToken: async () => ({
    token: 'sandbox-token',
    expiresOnTimestamp: Date.now() + 60 * 60 * 1000,
  }),
};
