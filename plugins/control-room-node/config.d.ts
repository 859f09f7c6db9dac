export interface Config {
  controlRoom?: {
    /** The Notion client, shared by the sync, the API and the scaffolder action. */
    notion?: {
      /**
       * Notion integration token. Without it the sandbox (when enabled) emulates Notion.
       * @visibility secret
       */
      token?: string;
      /** API origin. Default `https://api.notion.com`. */
      baseUrl?: string;
      /** Average requests per second for the whole process. Default 3. */
      requestsPerSecond?: number;
      /** Requests allowed back to back. Default requestsPerSecond. */
      burst?: number;
      /** Timeout per request in ms. Default 30000. */
      timeoutMs?: number;
      /** SDK retries of 429, 529 and GET 5xx. Default 5. */
      maxRetries?: number;
    };
    /** The local Notion, Azure and Databricks emulators (packages/backend only). */
    sandbox?: {
      /**
       * Serve emulated Notion and Azure data where no credentials are set.
       * Default false: a backend missing the Notion token, an Azure
       * subscription or a Databricks setting then refuses to start.
       */
      enabled?: boolean;
      /** Loopback port of the Notion emulator; default a free port. */
      notionPort?: number;
      /**
       * An emulated Databricks workspace (SQL warehouse and Jobs API over
       * the bundle in databricks/), served at the loopback
       * `controlRoom.lakehouse.databricks.host` with its `httpPath` and
       * `token` (`yarn start:databricks`).
       */
      databricks?: {
        /** Serve it; default false. */
        enabled?: boolean;
        /** The bundle target whose jobs it runs; default `dev`. */
        target?: string;
      };
    };
    lakehouse?: {
      /**
       * `duckdb` (default): an embedded DuckDB file. `databricks`: a
       * Databricks SQL warehouse with Unity Catalog.
       */
      engine?: 'duckdb' | 'databricks';
      /**
       * Longest one lakehouse statement may run, in seconds (1 to 86400).
       * DuckDB interrupts it; on Databricks the warehouse cancels it (the
       * statement's query timeout and the session's STATEMENT_TIMEOUT).
       * Default 300.
       */
      statementTimeoutSeconds?: number;
      /** Settings of the embedded DuckDB engine. */
      duckdb?: {
        /**
         * The DuckDB file, relative to the backend's working directory, or
         * `:memory:`. Default `.data/control-room/lakehouse.duckdb`.
         */
        path?: string;
        /**
         * Rows per row group of the DuckDB file, a multiple of 2048; unset,
         * DuckDB's 122880. Smaller row groups bound the memory a checkpoint
         * uses to merge rows of wide JSON (a full Notion sync), outside
         * DuckDB's memory_limit.
         */
        rowGroupSize?: number;
        /**
         * DuckDB's memory_limit, e.g. `256MB` or `2GB`; unset, DuckDB's
         * default of 80 % of the machine's memory. DuckDB spills to disk
         * beyond it.
         */
        memoryLimit?: string;
      };
      /** Settings of the Databricks engine. */
      databricks?: {
        /** Workspace host, e.g. `adb-123.4.azuredatabricks.net`; `name:port` connects to another port than 443. */
        host?: string;
        /** HTTP path of the SQL warehouse, e.g. `/sql/1.0/warehouses/abc`. */
        httpPath?: string;
        /**
         * Personal access token. Give this, or clientId and clientSecret.
         * @visibility secret
         */
        token?: string;
        /** Service principal client id for OAuth machine-to-machine. */
        clientId?: string;
        /**
         * Service principal secret for OAuth machine-to-machine.
         * @visibility secret
         */
        clientSecret?: string;
        /** Unity Catalog catalog holding the bronze, silver and gold schemas. */
        catalog?: string;
        /**
         * Retries on transient errors (429, 503, connection failures). The
         * same budget is given to the driver and to statement execution.
         */
        retry?: {
          /** Attempts per call, first included. Default 5. */
          maxAttempts?: number;
          /** Total time budget in milliseconds. Default 120000. */
          timeoutMs?: number;
          /** First backoff delay in milliseconds, doubled each attempt. Default 1000. */
          delayMinMs?: number;
          /** Longest backoff delay in milliseconds. Default 30000. */
          delayMaxMs?: number;
        };
      };
    };
  };
}
