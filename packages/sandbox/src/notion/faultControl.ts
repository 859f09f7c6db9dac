import { http, HttpHandler, HttpResponse } from 'msw';
import type { NotionFault, NotionSandbox } from './sandbox';

/** Where a local operator or a browser test sets the sandbox's next fault. */
export const NOTION_FAULT_PATH = '/_sandbox/fault';

const SERVER_ERROR_STATUSES = [500, 502, 503, 529];

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Reads a fault from a request body; returns why when it is not one. */
export function parseNotionFault(
  body: unknown,
): { fault: NotionFault | null } | { problem: string } {
  if (body === null) return { fault: null };
  const fault = body as Partial<Record<string, unknown>>;
  if (typeof body !== 'object' || !isCount(fault.count)) {
    return { problem: 'A fault is null or an object with a positive count.' };
  }
  switch (fault.kind) {
    case 'rate_limit_storm':
    case 'malformed_json':
    case 'truncated_page':
      return { fault: { kind: fault.kind, count: fault.count } };
    case 'server_error':
      return SERVER_ERROR_STATUSES.includes(fault.status as number)
        ? { fault: body as NotionFault }
        : { problem: `status must be one of ${SERVER_ERROR_STATUSES}.` };
    case 'timeout':
      return isCount(fault.delayMs)
        ? { fault: body as NotionFault }
        : { problem: 'delayMs must be a positive integer.' };
    default:
      return { problem: `Unknown fault kind ${String(fault.kind)}.` };
  }
}

/**
 * `PUT /_sandbox/fault` with a NotionFault (or null to clear it). Only for
 * the sandbox server on loopback: it lets a local demo or a browser test make
 * the Notion jobs fail without touching the backend.
 */
export function createNotionFaultControl(
  sandbox: Pick<NotionSandbox, 'setFault'>,
): HttpHandler {
  return http.put(`*${NOTION_FAULT_PATH}`, async ({ request }) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return HttpResponse.json(
        { problem: 'The body must be JSON.' },
        { status: 400 },
      );
    }
    const parsed = parseNotionFault(body);
    if ('problem' in parsed) {
      return HttpResponse.json(parsed, { status: 400 });
    }
    sandbox.setFault(parsed.fault);
    return HttpResponse.json({ fault: parsed.fault });
  });
}
