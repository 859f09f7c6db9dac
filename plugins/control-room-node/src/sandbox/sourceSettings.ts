import { Config } from '@backstage/config';

/** The switch that lets a backend serve emulated Notion and Azure data. */
export const SANDBOX_ENABLED_KEY = 'controlRoom.sandbox.enabled';

/** True only when config asks for the sandbox; production never does. */
export function isSandboxEnabled(config: Config): boolean {
  return config.getOptionalBoolean(SANDBOX_ENABLED_KEY) ?? false;
}

function hasText(config: Config, key: string): boolean {
  return Boolean(config.getOptionalString(key)?.trim());
}

const DATABRICKS = 'controlRoom.lakehouse.databricks';

/**
 * The config keys a backend without the sandbox needs and lacks: the Notion
 * token, at least one Azure subscription and, on the Databricks engine, the
 * warehouse settings. Names only; values never appear.
 */
export function missingSourceSettings(config: Config): string[] {
  const missing: string[] = [];
  if (!hasText(config, 'controlRoom.notion.token')) {
    missing.push('controlRoom.notion.token');
  }
  const subscriptions =
    config.getOptionalStringArray('controlRoom.azure.subscriptions') ?? [];
  if (subscriptions.length === 0) {
    missing.push('controlRoom.azure.subscriptions');
  }
  if (
    config.getOptionalString('controlRoom.lakehouse.engine') === 'databricks'
  ) {
    for (const key of ['host', 'httpPath', 'catalog']) {
      if (!hasText(config, `${DATABRICKS}.${key}`)) {
        missing.push(`${DATABRICKS}.${key}`);
      }
    }
    const hasToken = hasText(config, `${DATABRICKS}.token`);
    const hasClient =
      hasText(config, `${DATABRICKS}.clientId`) &&
      hasText(config, `${DATABRICKS}.clientSecret`);
    if (!hasToken && !hasClient) {
      missing.push(
        `${DATABRICKS}.token (or ${DATABRICKS}.clientId and ${DATABRICKS}.clientSecret)`,
      );
    }
  }
  return missing;
}

/**
 * Stops a backend that would otherwise run on nothing: without the sandbox,
 * every source must be configured, and one error names every missing key.
 */
export function assertSourcesConfigured(config: Config): void {
  if (isSandboxEnabled(config)) {
    return;
  }
  const missing = missingSourceSettings(config);
  if (missing.length > 0) {
    throw new Error(
      `Control Room cannot start: ${SANDBOX_ENABLED_KEY} is not true and these settings are missing: ${missing.join(
        ', ',
      )}. Configure them (docs/configuration.md), or set ${SANDBOX_ENABLED_KEY}: true for local demo data.`,
    );
  }
}
