import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogMappingOptions } from './mapping/types';

export const DEFAULT_LIFECYCLES: Record<string, string> = {
  Planned: 'experimental',
  Active: 'production',
  'On hold': 'experimental',
  Done: 'deprecated',
};

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 15 },
};

export interface CatalogModuleSettings {
  mapping: CatalogMappingOptions;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** Reads `controlRoom.catalog`; every key is optional (see config.d.ts). */
export function readCatalogModuleConfig(root: Config): CatalogModuleSettings {
  const config = root.getOptionalConfig('controlRoom.catalog');
  const part = (key: string, kind: string, type: string) => ({
    enabled: config?.getOptionalBoolean(`${key}.enabled`) ?? true,
    kind: config?.getOptionalString(`${key}.kind`) ?? kind,
    type: config?.getOptionalString(`${key}.type`) ?? type,
  });
  const resources = part('resources', 'Resource', 'azure-');
  return {
    mapping: {
      defaultOwner:
        config?.getOptionalString('defaultOwner') ??
        'group:default/finance-pmo',
      programs: part('programs', 'System', 'program'),
      projects: part('projects', 'Component', 'project'),
      resources: {
        enabled: resources.enabled,
        kind: resources.kind,
        typePrefix:
          config?.getOptionalString('resources.typePrefix') ?? 'azure-',
      },
      lifecycles: {
        ...DEFAULT_LIFECYCLES,
        ...(config
          ?.getOptionalConfig('lifecycles')
          ?.get<Record<string, string>>() ?? {}),
      },
      include: config?.getOptionalStringArray('include') ?? [],
      exclude: config?.getOptionalStringArray('exclude') ?? [],
    },
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}
