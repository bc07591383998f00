/** `--format` values built into the plugin (extensions add more). Kept apart so start-up stays light. */
export const BUILT_IN_FORMATS = ['table', 'json', 'ndjson', 'csv', 'ocsf', 'ecs'] as const;
export type BuiltInFormat = (typeof BUILT_IN_FORMATS)[number];
