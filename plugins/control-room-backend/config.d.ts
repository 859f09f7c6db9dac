export interface Config {
  controlRoom?: {
    lakehouse?: {
      /**
       * Who runs the SQL jobs. `backstage` (default): the backend's scheduler
       * runs every job on either engine. `databricks`: the bundle's jobs run
       * the SQL models on Databricks; the backend runs only the API pulls and
       * copies the bundle jobs' runs into the job-runs table.
       */
      orchestrator?: 'backstage' | 'databricks';
      /**
       * Folder holding the SQL models (`gold/<table>.sql`). Default: the
       * first `databricks/sql` folder found walking up from the backend's
       * working directory.
       */
      modelsDirectory?: string;
    };
  };
}
