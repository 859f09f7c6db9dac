/** The plugin id, which is also the backend route prefix `/api/control-room`. */
export const CONTROL_ROOM_PLUGIN_ID = 'control-room';

/** Annotation that links any catalog entity to its Notion project page. */
export const NOTION_PROJECT_ID_ANNOTATION = 'notion.so/project-id';

/** Annotation that links a program's catalog `System` to its Notion page. */
export const NOTION_PROGRAM_ID_ANNOTATION = 'notion.so/program-id';

/** Annotation that carries an Azure resource id on a catalog `Resource`. */
export const AZURE_RESOURCE_ID_ANNOTATION = 'management.azure.com/resource-id';

/**
 * Signals channel on which the backend announces every finished job run;
 * open Control Room tabs reload their data when a message arrives.
 */
export const CONTROL_ROOM_JOB_RUNS_CHANNEL = 'control-room:job-runs';

/**
 * Message on {@link CONTROL_ROOM_JOB_RUNS_CHANNEL}.
 *
 * @public
 */
export type JobRunSignal = {
  job_id: string;
  run_id: string;
  /** SUCCESS or FAILED. */
  status: string;
  ended_at: string | null;
};
