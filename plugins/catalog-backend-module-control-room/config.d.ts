import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  controlRoom?: {
    /** How the catalog module maps silver rows to catalog entities. */
    catalog?: {
      /** How often the entity provider re-reads silver. Default every 10 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Owner of entities whose Notion owner email matches no catalog User.
       * Default `group:default/finance-pmo`.
       */
      defaultOwner?: string;
      /** Notion programs. Defaults: enabled, kind System, type program. */
      programs?: { enabled?: boolean; kind?: string; type?: string };
      /** Notion projects. Defaults: enabled, kind Component, type project. */
      projects?: { enabled?: boolean; kind?: string; type?: string };
      /** Azure resources. Defaults: enabled, kind Resource, type prefix `azure-`. */
      resources?: { enabled?: boolean; kind?: string; typePrefix?: string };
      /**
       * Notion project status to catalog lifecycle. Defaults: Planned and
       * On hold experimental, Active production, Done deprecated; any other
       * status experimental.
       */
      lifecycles?: { [status: string]: string };
      /** Program, project or resource ids to emit; empty or unset emits all. */
      include?: string[];
      /** Program, project or resource ids never to emit. */
      exclude?: string[];
    };
  };
}
