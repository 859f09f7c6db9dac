import {
  backoffDelayMs,
  classifyDriverError,
  errorMessage,
  isInvalidSessionError,
  redactSecrets,
} from './errors';
import { driverErrors } from './__testUtils__/fakeDriver';

describe('classifyDriverError', () => {
  it.each([
    [429, 'not-sent'],
    [503, 'not-sent'],
    [502, 'maybe-sent'],
    [504, 'maybe-sent'],
  ] as const)('treats HTTP %i as transient (%s)', (status, transient) => {
    expect(classifyDriverError(driverErrors.httpStatus(status))).toEqual({
      transient,
      unreachable: true,
      rejectedCredentials: false,
      reason: `HTTP ${status}`,
    });
  });

  it('reads the status from the message when the field is missing', () => {
    expect(
      classifyDriverError(
        new Error('Received a response with a bad HTTP status code: 503'),
      ).transient,
    ).toBe('not-sent');
  });

  it('does not retry other HTTP errors', () => {
    expect(classifyDriverError(driverErrors.httpStatus(500))).toEqual({
      unreachable: false,
      rejectedCredentials: false,
      reason: 'HTTP 500',
    });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
    'treats %s as never sent',
    code => {
      expect(classifyDriverError(driverErrors.network(code))).toMatchObject({
        transient: 'not-sent',
        unreachable: true,
        reason: code,
      });
    },
  );

  it.each(['ECONNRESET', 'ETIMEDOUT', 'EPIPE'])(
    'treats %s as possibly sent',
    code => {
      expect(classifyDriverError(driverErrors.network(code)).transient).toBe(
        'maybe-sent',
      );
    },
  );

  it('finds a network code on the cause', () => {
    const error = new Error('fetch failed', {
      cause: { code: 'ECONNRESET' },
    });
    expect(classifyDriverError(error).transient).toBe('maybe-sent');
  });

  it('treats driver timeouts and dropped sockets as possibly sent', () => {
    expect(classifyDriverError(new Error('Request timed out')).transient).toBe(
      'maybe-sent',
    );
    expect(
      classifyDriverError({ type: 'body-timeout', message: 'x' }).transient,
    ).toBe('maybe-sent');
    expect(classifyDriverError(new Error('socket hang up')).transient).toBe(
      'maybe-sent',
    );
  });

  it('reports exhausted driver retries as unreachable, without retrying', () => {
    expect(
      classifyDriverError(
        driverErrors.retriesExhausted(driverErrors.network('ECONNRESET')),
      ),
    ).toEqual({
      unreachable: true,
      rejectedCredentials: false,
      reason: 'gave up after retrying (ECONNRESET)',
    });
    expect(
      classifyDriverError(driverErrors.retriesExhausted(undefined)).reason,
    ).toBe('gave up after retrying');
  });

  it('recognises rejected credentials', () => {
    expect(classifyDriverError(driverErrors.httpStatus(403))).toMatchObject({
      rejectedCredentials: true,
    });
    class AuthenticationError extends Error {}
    expect(
      classifyDriverError(
        new AuthenticationError('Failed to fetch access token'),
      ),
    ).toMatchObject({ rejectedCredentials: true });
    expect(
      classifyDriverError(new Error('OAuth: invalid_client')),
    ).toMatchObject({ rejectedCredentials: true });
  });

  it('passes other errors through by message', () => {
    expect(
      classifyDriverError(driverErrors.sql('[PARSE_SYNTAX_ERROR]')),
    ).toEqual({
      unreachable: false,
      rejectedCredentials: false,
      reason: '[PARSE_SYNTAX_ERROR]',
    });
    expect(errorMessage('plain')).toBe('plain');
  });
});

describe('isInvalidSessionError', () => {
  it.each([
    'Invalid SessionHandle: SessionHandle [abc]',
    'The session was closed or has expired',
    'Session abc does not exist',
    '[SESSION_NOT_FOUND] session gone',
  ])('recognises "%s"', message => {
    expect(isInvalidSessionError({ message })).toBe(true);
  });

  it('ignores other errors', () => {
    expect(isInvalidSessionError(new Error('[PARSE_SYNTAX_ERROR]'))).toBe(
      false,
    );
  });
});

describe('redactSecrets', () => {
  it('removes configured secrets and bearer tokens', () => {
    expect(
      redactSecrets('token abc123 and header Bearer xyz.987, done', [
        'abc123',
        '',
      ]),
    ).toBe('token *** and header Bearer ***, done');
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the minimum up to the maximum', () => {
    const settings = { delayMinMs: 1000, delayMaxMs: 5000 };
    expect([1, 2, 3, 4].map(n => backoffDelayMs(n, settings))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
  });
});
