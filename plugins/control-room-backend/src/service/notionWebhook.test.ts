import { createHmac } from 'node:crypto';
import {
  affectedDataSourceId,
  isValidNotionSignature,
  KeyedDebouncer,
  readVerificationToken,
} from './notionWebhook';

describe('notion webhook helpers', () => {
  const body = Buffer.from('{"type":"page.created"}');
  const signature = `sha256=${createHmac('sha256', 'tok')
    .update(body)
    .digest('hex')}`;

  it('accepts only the HMAC of the exact body with the token', () => {
    expect(isValidNotionSignature(body, signature, 'tok')).toBe(true);
    expect(
      isValidNotionSignature(Buffer.from(`${body} `), signature, 'tok'),
    ).toBe(false);
    expect(isValidNotionSignature(body, signature, 'other')).toBe(false);
    expect(isValidNotionSignature(body, undefined, 'tok')).toBe(false);
    expect(isValidNotionSignature(body, 'sha256=short', 'tok')).toBe(false);
  });

  it('recognises only the bare verification request', () => {
    expect(readVerificationToken({ verification_token: 'secret_x' })).toBe(
      'secret_x',
    );
    expect(
      readVerificationToken({
        verification_token: 'secret_x',
        type: 'page.created',
      }),
    ).toBeUndefined();
    expect(readVerificationToken([])).toBeUndefined();
    expect(readVerificationToken(null)).toBeUndefined();
  });

  it.each([
    [{ entity: { id: 'ds1', type: 'data_source' } }, 'ds1'],
    [
      {
        entity: { id: 'pg', type: 'page' },
        data: { parent: { id: 'db', type: 'database', data_source_id: 'ds2' } },
      },
      'ds2',
    ],
    [
      {
        entity: { id: 'pg', type: 'page' },
        data: { parent: { id: 'ds3', type: 'data_source' } },
      },
      'ds3',
    ],
    [
      {
        entity: { id: 'pg', type: 'page' },
        data: { parent: { id: 'pg0', type: 'page' } },
      },
      undefined,
    ],
    ['text', undefined],
  ])('finds the data source of %j', (event, expected) => {
    expect(affectedDataSourceId(event)).toBe(expected);
  });

  it('runs once per key after the quiet time and reports failures', async () => {
    jest.useFakeTimers();
    try {
      const run = jest
        .fn()
        .mockRejectedValueOnce(new Error('sync failed'))
        .mockResolvedValue(undefined);
      const onError = jest.fn();
      const debouncer = new KeyedDebouncer(100, run, onError);
      debouncer.schedule('a');
      jest.advanceTimersByTime(50);
      debouncer.schedule('a');
      debouncer.schedule('b');
      expect(debouncer.pending().sort()).toEqual(['a', 'b']);
      jest.advanceTimersByTime(100);
      expect(run.mock.calls).toEqual([['a'], ['b']]);
      await Promise.resolve();
      await Promise.resolve();
      expect(onError).toHaveBeenCalledWith('a', expect.any(Error));
      debouncer.schedule('c');
      debouncer.cancelAll();
      jest.advanceTimersByTime(500);
      expect(run).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
