export interface Config {
  /** Settings of the Control Room plugins. */
  controlRoom?: {
    /** Where the bronze, silver and gold tables live. */
    lakehouse?: {
      /**
       * `duckdb` (default) runs an embedded DuckDB file under the backend's
       * data directory; `databricks` uses a Databricks SQL warehouse.
       */
      engine?: 'duckdb' | 'databricks';
    };
  };
}
