import { ConfigReader, JsonObject } from '@backstage/config';
import {
  normalizeDatabricksHost,
  splitDatabricksHost,
  readDatabricksOptions,
  resolveRetrySettings,
} from './options';

const SECRET = 'sp-secret-not-a-real-credential';

function configWith(databricks: JsonObject) {
  return new ConfigReader({ controlRoom: { lakehouse: { databricks } } });
}

const base = {
  host: 'https://adb-123.4.azuredatabricks.net/',
  httpPath: '/sql/1.0/warehouses/abc',
  catalog: 'finance_ppm',
};

describe('readDatabricksOptions', () => {
  it('reads a token setup', () => {
    expect(
      readDatabricksOptions(configWith({ ...base, token: 'pat' })),
    ).toEqual({
      host: 'adb-123.4.azuredatabricks.net',
      httpPath: '/sql/1.0/warehouses/abc',
      catalog: 'finance_ppm',
      auth: { token: 'pat' },
      retry: {},
    });
  });

  it('reads a service principal and retry settings', () => {
    expect(
      readDatabricksOptions(
        configWith({
          ...base,
          clientId: 'sp-id',
          clientSecret: SECRET,
          retry: { maxAttempts: 2, delayMaxMs: 5000 },
        }),
      ),
    ).toMatchObject({
      auth: { clientId: 'sp-id', clientSecret: SECRET },
      retry: { maxAttempts: 2, delayMaxMs: 5000 },
    });
  });

  it('reads the statement timeout of either engine and refuses one out of range', () => {
    const withTimeout = (statementTimeoutSeconds: number) =>
      new ConfigReader({
        controlRoom: {
          lakehouse: {
            statementTimeoutSeconds,
            databricks: { ...base, token: 'pat' },
          },
        },
      });
    expect(readDatabricksOptions(withTimeout(30)).statementTimeoutSeconds).toBe(
      30,
    );
    for (const bad of [-1, 0, 1.5, 86_401]) {
      expect(() => readDatabricksOptions(withTimeout(bad))).toThrow(
        `controlRoom.lakehouse.statementTimeoutSeconds must be a whole number from 1 to 86400; got ${bad}`,
      );
    }
  });

  it.each(['host', 'httpPath', 'catalog'])('names a missing %s', key => {
    const settings: JsonObject = { ...base, token: 'pat' };
    delete settings[key];
    expect(() => readDatabricksOptions(configWith(settings))).toThrow(
      `Databricks lakehouse: missing required config value at 'controlRoom.lakehouse.databricks.${key}'`,
    );
  });

  it('treats a blank value as missing', () => {
    expect(() =>
      readDatabricksOptions(configWith({ ...base, catalog: ' ', token: 'x' })),
    ).toThrow("'controlRoom.lakehouse.databricks.catalog'");
  });

  it('asks for credentials when none are set', () => {
    expect(() => readDatabricksOptions(configWith(base))).toThrow(
      "needs credentials: set 'controlRoom.lakehouse.databricks.token', or both 'controlRoom.lakehouse.databricks.clientId' and 'controlRoom.lakehouse.databricks.clientSecret'",
    );
  });

  it('names the missing half of a service principal, without the secret', () => {
    expect(() =>
      readDatabricksOptions(configWith({ ...base, clientId: 'sp-id' })),
    ).toThrow(
      "missing required config value at 'controlRoom.lakehouse.databricks.clientSecret' (required with clientId)",
    );
    let message = '';
    try {
      readDatabricksOptions(configWith({ ...base, clientSecret: SECRET }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("'controlRoom.lakehouse.databricks.clientId'");
    expect(message).not.toContain(SECRET);
  });

  it('refuses both kinds of credentials at once', () => {
    expect(() =>
      readDatabricksOptions(
        configWith({
          ...base,
          token: 'pat',
          clientId: 'id',
          clientSecret: SECRET,
        }),
      ),
    ).toThrow("sets both 'token' and 'clientId'/'clientSecret'");
  });
});

describe('normalizeDatabricksHost', () => {
  it('accepts host names and workspace URLs', () => {
    expect(normalizeDatabricksHost('dbc-1.cloud.databricks.com')).toBe(
      'dbc-1.cloud.databricks.com',
    );
    expect(
      normalizeDatabricksHost(' https://dbc-1.cloud.databricks.com// '),
    ).toBe('dbc-1.cloud.databricks.com');
  });
});

describe('splitDatabricksHost', () => {
  it('keeps a port written after the host name', () => {
    expect(splitDatabricksHost('https://127.0.0.1:8443')).toEqual({
      hostname: '127.0.0.1',
      port: 8443,
    });
    expect(splitDatabricksHost('dbc-1.cloud.databricks.com')).toEqual({
      hostname: 'dbc-1.cloud.databricks.com',
    });
  });
});

describe('resolveRetrySettings', () => {
  it('fills unset values with the defaults', () => {
    expect(resolveRetrySettings({ maxAttempts: 1 })).toEqual({
      maxAttempts: 1,
      timeoutMs: 120_000,
      delayMinMs: 1_000,
      delayMaxMs: 30_000,
    });
  });
});
