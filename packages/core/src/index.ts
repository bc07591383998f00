// Public API of @auditrelay/core for Node.js: the portable API plus Node defaults (undici
// transport, timer sleep, process.env for secrets) and the streamed CSV download parser.
// Explicit exports below take precedence over the same names from `./portable.js`.
export * from './portable.js';
export { createSource, parseSourceConfig, type CreateSourceOptions } from './create-source.js';
export { parseDownloadCsv } from './sources/download-parsers.js';
