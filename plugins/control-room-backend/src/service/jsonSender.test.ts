import express from 'express';
import request from 'supertest';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
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

  it('gives concurrent requests for one body the same gzip bytes, compressed once', async () => {
    const server = appSending(large).listen(0);
    await new Promise(resolve => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    // Raw HTTP: the bytes exactly as sent, not inflated by a client.
    const fetchRaw = () =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        http
          .get(
            { port, path: '/', headers: { 'accept-encoding': 'gzip' } },
            res => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () =>
                resolve({
                  encoding: res.headers['content-encoding'],
                  body: Buffer.concat(chunks),
                }),
              );
            },
          )
          .on('error', reject);
      });
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, fetchRaw));
      expect(answers.map(answer => answer.encoding)).toEqual(
        answers.map(() => 'gzip'),
      );
      const distinct = new Set(answers.map(a => a.body.toString('base64')));
      expect(distinct.size).toBe(1);
      expect(JSON.parse(gunzipSync(answers[0].body).toString('utf8'))).toEqual(
        large,
      );
    } finally {
      server.close();
    }
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
