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
    /** The portal's permission policy (packages/backend). */
    permissions?: {
      /** Allow every permission to every signed-in user. Local use only. */
      allowAll?: boolean;
      /** Users or groups (ownership refs) allowed `control-room.job.run`. */
      jobRunners?: string[];
      /** Users or groups allowed `control-room.action.create`. */
      actionCreators?: string[];
      /** Users or groups that read every project (`control-room.finance.read`). */
      financeReaders?: string[];
      /** Which projects everyone else reads; with none of these on, nobody else reads any. */
      projectReads?: {
        /** Projects whose catalog entity the user (or their group) owns. Default true. */
        owners?: boolean;
        /** Projects whose program's catalog System the user's group owns. Default true. */
        programOwners?: boolean;
        /** Notion program ids whose projects every signed-in user reads. Default none. */
        programs?: string[];
      };
    };
    pipeline?: {
      /** Run every job once when the backend starts. Default true. */
      runOnStartup?: boolean;
      /** Days bronze.job_runs keeps a finished run. Default 90. */
      jobRunRetentionDays?: number;
      /**
       * Cron per job id, replacing the plan's schedule: 5 fields, or 6 with
       * seconds first. Default the plan's schedules.
       */
      schedules?: { [jobId: string]: string };
      /** Longest a pipeline task may run before the scheduler aborts it and another replica may take it over. Default 1800. */
      taskTimeoutSeconds?: number;
      /** Quiet time after a scheduled Notion silver rebuild before the changed projects' gold rows are recomputed, in ms; a webhook's changes are recomputed in its own sync run. Default 5000. */
      goldRefreshDebounceMs?: number;
    };
    api?: {
      /** How long a read is reused before the lakehouse is asked again. Default 30. */
      cacheTtlSeconds?: number;
      /** Longest period `/kpis` answers, in months (1 to 1200). Default 60. */
      maxKpiMonths?: number;
    };
    /** Backstage notifications on failing jobs, data-quality breaks, red projects and Advisor findings. */
    alerts?: {
      /** Receives job and data-quality alerts, and project alerts whose project has no catalog owner. Default `group:default/platform`. */
      platformGroup?: string;
      /** Minutes between evaluations besides the one after each job run; catches missed schedules. Default 5. */
      evaluationIntervalMinutes?: number;
      /** A job run fails, or a job misses its schedule by more than one interval; default recipient the platform group. */
      jobs?: {
        /** Send notifications of this kind. Default true. */
        enabled?: boolean;
        /** Entity ref (user or group) notified instead of the default. */
        recipient?: string;
      };
      /** A data-quality check of severity error starts failing, or recovers; default recipient the platform group. */
      dataQuality?: {
        /** Send notifications of this kind. Default true. */
        enabled?: boolean;
        /** Entity ref (user or group) notified instead of the default. */
        recipient?: string;
      };
      /** A project turns red, or returns from red; default recipient the project's catalog owner. */
      projectHealth?: {
        /** Send notifications of this kind. Default true. */
        enabled?: boolean;
        /** Entity ref (user or group) notified instead of the default. */
        recipient?: string;
      };
      /** A new high-impact Advisor recommendation without an action appears for a project; default recipient the project's catalog owner. */
      advisor?: {
        /** Send notifications of this kind. Default true. */
        enabled?: boolean;
        /** Entity ref (user or group) notified instead of the default. */
        recipient?: string;
      };
    };
    notion?: {
      /** Minutes before the watermark each incremental query starts. Default 2. */
      overlapMinutes?: number;
      /** Hours between full reconciliations that find deleted pages. Default 24. */
      fullSyncIntervalHours?: number;
      /** The five PPM databases; defaults match the sandbox's property names. */
      databases?: {
        [name in
          | 'programs'
          | 'projects'
          | 'budgetLines'
          | 'risks'
          | 'actions']?: {
          /** Notion database id; the database is not synced when unset. */
          id?: string;
          /** Least minutes between two incremental syncs. Default 5. */
          syncIntervalMinutes?: number;
          /** Silver column to Notion property name. */
          properties?: { [column: string]: string };
        };
      };
      webhook?: {
        /**
         * Token that signs Notion webhook events (X-Notion-Signature).
         * Without it every event gets 401.
         * @visibility secret
         */
        verificationToken?: string;
        /** Quiet time in ms before a data source with new events is synced. Default 5000. */
        debounceMs?: number;
      };
    };
    azure?: {
      /** Tenant of the service principal; with clientId and clientSecret. */
      tenantId?: string;
      /** Service principal client id; DefaultAzureCredential when unset. */
      clientId?: string;
      /**
       * Service principal secret.
       * @visibility secret
       */
      clientSecret?: string;
      /** Subscriptions to read; empty uses the sandbox when it is enabled, else the backend refuses to start. */
      subscriptions?: string[];
      /** Tag naming the project of a resource. Default `ppm-project`. */
      projectTag?: string;
      /** Resource group to project id, used when a resource has no project tag. */
      resourceGroupProjects?: { [resourceGroup: string]: string };
      /** Where Advisor recommendations come from. Default `resource-graph`. */
      advisorSource?: 'resource-graph' | 'advisor-api';
      /** Subscriptions per Resource Graph request, 1 to 1000. Default 100. */
      subscriptionBatchSize?: number;
      /** Rows per Resource Graph page, 1 to 1000. Default 1000. */
      pageSize?: number;
      /** Cost Management pull (job azure_cost_ingest). */
      costManagement?: {
        /**
         * Billing scopes queried besides the subscriptions, e.g.
         * `/providers/Microsoft.Billing/billingAccounts/123`.
         */
        billingScopes?: string[];
        /** Months the first run reads back, current month included. Default 13. */
        backfillMonths?: number;
        /** Trailing days every later run reads again, as Azure revises them. Default 5. */
        refreshDays?: number;
        /** 429 answers waited out per request before the run fails. Default 5. */
        maxThrottleRetries?: number;
      };
    };
    finance?: {
      /** ISO 4217 currency gold figures are reported in. Default USD. */
      reportingCurrency?: string;
      /** Units of the reporting currency per unit of each other currency. */
      fxRates?: { [currency: string]: number };
      /** Thresholds of project health. */
      health?: {
        /** Amber above this % over budget to date. Default 5. */
        costVariancePctAmber?: number;
        /** Red above this % over budget to date. Default 10. */
        costVariancePctRed?: number;
        /** Amber below this CPI. Default 0.95. */
        cpiAmber?: number;
        /** Red below this CPI. Default 0.9. */
        cpiRed?: number;
        /** Amber below this SPI. Default 0.95. */
        spiAmber?: number;
        /** Red below this SPI. Default 0.9. */
        spiRed?: number;
        /** Red at this many overdue open actions. Default 3. */
        overdueActionsRed?: number;
        /** Red at this many open high-impact risks. Default 2. */
        openHighRisksRed?: number;
        /** Amber at this many data-quality issues naming the project. Default 1. */
        dqIssuesAmber?: number;
        /** Amber when Azure spend to date exceeds the Notion actual by more than this %. Off when unset. */
        cloudOverActualPctAmber?: number;
      };
    };
  };
}
