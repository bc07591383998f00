// Extension API of @auditrelay/plugin-auditlogs: what another oclif plugin needs to add a source
// type or an output format through the `auditlogs:register-sources` hook.
export {
  EXTENSION_API_VERSION,
  REGISTER_HOOK,
  type AuditlogsHooks,
  type EventFormatter,
  type ExtensionContext,
  type ExtensionSourceConfig,
  type FormatRegistration,
  type Registration,
  type SourceRegistration,
} from './extension/registration.js';
export { EXIT_CODES } from './exit-codes.js';
