import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type express from 'express';

/** Below this size gzip saves less than it costs. */
const GZIP_MIN_BYTES = 1024;

/** A JSON body serialised once: its text, its gzip form and its entity tag. */
interface SerialisedBody {
  text: string;
  gzipped?: Buffer;
  etag: string;
}

function serialise(body: object): SerialisedBody {
  const text = JSON.stringify(body);
  return {
    text,
    gzipped:
      Buffer.byteLength(text) >= GZIP_MIN_BYTES ? gzipSync(text) : undefined,
    etag: `"${createHash('sha1').update(text).digest('base64url')}"`,
  };
}

/**
 * Sends JSON bodies that the read cache hands out again and again. Each body
 * object is stringified, gzipped and hashed once, so a cache hit costs a
 * write, not a year of KPIs turned into text per request; a client holding
 * the same ETag gets 304.
 */
export function createJsonSender() {
  const serialised = new WeakMap<object, SerialisedBody>();
  // `R` is the typed router's response, so bodies are still checked against the spec.
  return function sendJson<R extends { json(body: any): unknown }>(
    res: R,
    body: Parameters<R['json']>[0] & object,
  ) {
    const response = res as unknown as express.Response;
    let entry = serialised.get(body);
    if (!entry) {
      entry = serialise(body);
      serialised.set(body, entry);
    }
    response.setHeader('ETag', entry.etag);
    response.vary('Accept-Encoding');
    if (response.req.fresh) {
      response.status(304).end();
      return;
    }
    response.type('application/json');
    // Already encoded, so the root router's compression leaves it alone.
    if (entry.gzipped && response.req.acceptsEncodings('gzip') === 'gzip') {
      response.setHeader('Content-Encoding', 'gzip');
      response.send(entry.gzipped);
    } else {
      response.send(entry.text);
    }
  };
}
