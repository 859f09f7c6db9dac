import { ConfigReader } from '@backstage/config';
import {
  ClientSecretCredential,
  DefaultAzureCredential,
} from '@azure/identity';
import { readAzureConfig } from './config';
import { createAzureCredential } from './credentials';

describe('readAzureConfig', () => {
  it('applies defaults when nothing is configured', () => {
    expect(readAzureConfig(new ConfigReader({}))).toEqual({
      tenantId: undefined,
      clientId: undefined,
      clientSecret: undefined,
      subscriptions: [],
      projectTag: 'ppm-project',
      resourceGroupProjects: {},
      advisorSource: 'resource-graph',
      subscriptionBatchSize: 100,
      pageSize: 1000,
      costManagement: {
        billingScopes: [],
        backfillMonths: 13,
        refreshDays: 5,
        maxThrottleRetries: 5,
      },
    });
  });

  it('reads every key', () => {
    const settings = readAzureConfig(
      new ConfigReader({
        controlRoom: {
          azure: {
            subscriptions: ['s1', 's2'],
            projectTag: 'project',
            resourceGroupProjects: { 'rg-a': 'p1' },
            advisorSource: 'advisor-api',
            pageSize: 500,
            costManagement: {
              billingScopes: ['/providers/Microsoft.Billing/billingAccounts/1'],
              backfillMonths: 3,
              refreshDays: 7,
              maxThrottleRetries: 2,
            },
          },
        },
      }),
    );
    expect(settings).toMatchObject({
      subscriptions: ['s1', 's2'],
      projectTag: 'project',
      resourceGroupProjects: { 'rg-a': 'p1' },
      advisorSource: 'advisor-api',
      pageSize: 500,
      costManagement: {
        billingScopes: ['/providers/Microsoft.Billing/billingAccounts/1'],
        backfillMonths: 3,
        refreshDays: 7,
        maxThrottleRetries: 2,
      },
    });
  });

  it('rejects a cost refresh window that is not a whole number of days', () => {
    expect(() =>
      readAzureConfig(
        new ConfigReader({
          controlRoom: { azure: { costManagement: { refreshDays: 0 } } },
        }),
      ),
    ).toThrow(/costManagement\.refreshDays must be an integer from 1 to 31/);
  });

  it('rejects an unknown advisor source and an oversized page', () => {
    expect(() =>
      readAzureConfig(
        new ConfigReader({ controlRoom: { azure: { advisorSource: 'x' } } }),
      ),
    ).toThrow(/advisorSource/);
    expect(() =>
      readAzureConfig(
        new ConfigReader({ controlRoom: { azure: { pageSize: 5000 } } }),
      ),
    ).toThrow(/pageSize/);
  });
});

describe('createAzureCredential', () => {
  it('uses a client secret only when all three parts are set', () => {
    expect(
      createAzureCredential({
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        clientId: 'c',
        clientSecret: 's',
      }),
    ).toBeInstanceOf(ClientSecretCredential);
    expect(createAzureCredential({})).toBeInstanceOf(DefaultAzureCredential);
  });

  it('names missing keys and never the secret', () => {
    const secret = 'super-secret-value';
    expect(() => createAzureCredential({ clientSecret: secret })).toThrow(
      /tenantId, controlRoom\.azure\.clientId/,
    );
    let message = '';
    try {
      createAzureCredential({ clientSecret: secret, tenantId: 't' });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/clientId/);
    expect(message).not.toContain(secret);
  });
});
