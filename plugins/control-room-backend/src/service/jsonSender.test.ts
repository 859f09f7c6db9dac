import express from 'express';
import request from 'supertest';
import { createJsonSender } from './jsonSender';

function appSending(body: object) {
  const sendJson = createJsonSender();
  return express().get('/', (_req, res) => sendJson(res, body));
}

const large = {
  data: Array.from({ length: 200 }, (_, i) => ({ metric_name: 'budget', i })),
};

describe('createJsonSender', () => {
  it('sends small bodies as plain JSON', async () => {
    const res = await request(appSending({ ok: true }))
      .get('/')
      .set('Accept-Encoding', 'gzip');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toEqual({ ok: true });
  });

  it('gzips large bodies for clients that accept gzip, and only for them', async () => {
    const app = appSending(large);
    // supertest inflates the body, so equality also proves valid gzip.
    const zipped = await request(app)
      .get('/')
      .set('Accept-Encoding', 'gzip, deflate, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(zipped.headers['content-length'])).toBeLessThan(
      JSON.stringify(large).length / 4,
    );
    expect(zipped.body).toEqual(large);

    const plain = await request(app)
      .get('/')
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(large);
  });

  it('answers 304 to a client that already has the same body', async () => {
    const app = appSending(large);
    const first = await request(app).get('/');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await request(app).get('/').set('If-None-Match', etag);
    expect(again.status).toBe(304);
    const other = await request(appSending({ other: 1 }))
      .get('/')
      .set('If-None-Match', etag);
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ other: 1 });
  });
});
