import {
  ClientSecretCredential,
  DefaultAzureCredential,
  TokenCredential,
} from '@azure/identity';
import { InputError } from '@backstage/errors';
import { AzureSourceSettings } from './config';

/**
 * A client secret credential when tenant, client and secret are all set,
 * otherwise DefaultAzureCredential (environment, workload or managed
 * identity, Azure CLI). A partial set is a config error rather than a
 * silent fallback to another identity; the error names keys, never values.
 */
export function createAzureCredential(
  settings: Pick<AzureSourceSettings, 'tenantId' | 'clientId' | 'clientSecret'>,
): TokenCredential {
  const { tenantId, clientId, clientSecret } = settings;
  const keys = { tenantId, clientId, clientSecret };
  const missing = Object.entries(keys)
    .filter(([, value]) => !value)
    .map(([key]) => `controlRoom.azure.${key}`);
  if (missing.length === 0) {
    return new ClientSecretCredential(tenantId!, clientId!, clientSecret!);
  }
  if (missing.length < 3) {
    throw new InputError(
      `Azure client credentials are incomplete; also set ${missing.join(', ')}`,
    );
  }
  return new DefaultAzureCredential();
}
