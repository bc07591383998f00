export interface Config {
  /** The auditrelay audit-logs plugin. */
  auditLogs?: {
    /**
     * Default ingestion schedule for every source (a source's own `schedule` wins). Same shape as
     * Backstage task schedules: `frequency` and `timeout` as ISO durations, human durations
     * (`{ minutes: 5 }`) or `{ cron: '...' }`; `initialDelay` optional. Default: every 5 minutes,
     * timeout 10 minutes, initial delay 5 seconds. Tasks always run in `global` scope.
     */
    schedule?: {
      frequency?: { cron: string } | string | { [unit: string]: number };
      timeout?: string | { [unit: string]: number };
      initialDelay?: string | { [unit: string]: number };
    };
    /**
     * How long stored events are kept. An hourly task (global scope: one replica at a time)
     * deletes older events in batches of 5,000 rows, one short transaction each.
     */
    retention?: {
      /** Days events are kept, for every source. Default 90; 0 keeps everything. */
      days?: number;
      /** Per source id: days for that source instead (0 keeps everything of it). */
      sources?: { [sourceId: string]: number };
    };
    /**
     * @deprecated Use `retention.days` (same meaning). Still read, with a warning at startup;
     * setting both is an error.
     */
    retentionDays?: number;
    /**
     * The sources to ingest. Validated at startup by `@auditrelay/core` (built-in types) or the
     * module that added the type; a bad entry stops the backend with a message naming the key.
     */
    sources?: Array<{
      /** Lower-case id, unique: `[a-z0-9][a-z0-9_-]*`. */
      id: string;
      /**
       * A source type built into `@auditrelay/core` (`auditrelay auditlogs sources --types` lists
       * them; the repository README's table of source types and the vendor guides describe each),
       * or a module's type.
       */
      type: string;
      /** Display name; defaults to the id. */
      name?: string;
      /** The vendor's base URL (https; plain http only on loopback). */
      baseUrl: string;
      /** The vendor credentials: literals, `{ env: NAME }`, or Backstage `${NAME}` substitution. */
      credentials: {
        /** Kore XO / UiPath client id. */
        clientId?: string | { env: string };
        /**
         * Kore XO signing secret / UiPath client secret.
         * @visibility secret
         */
        clientSecret?: string | { env: string };
        /**
         * Kore AI for Work personal API key.
         * @visibility secret
         */
        apiKey?: string | { env: string };
        /**
         * Credentials of source types added by modules.
         * @visibility secret
         */
        [name: string]: unknown;
      };
      /**
       * The type's options (described with the type, as above), e.g. the vendor's `organization`
       * and `tenant`. `filters` limits what is ingested, by the type's filter names, with the
       * vendor's names where it has them: `filters: { <filter>: <name> }`.
       */
      options?: { [name: string]: unknown };
      /** This source's schedule (same shape as `auditLogs.schedule`). */
      schedule?: {
        frequency?: { cron: string } | string | { [unit: string]: number };
        timeout?: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
      };
    }>;
  };
}
