// A minimal real Backstage backend: the default services from @backstage/backend-defaults and
// the audit-logs plugin. Config comes from `--config` files (see app-config.yaml).
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@auditrelay/backstage-plugin-audit-logs-backend'));
await backend.start();
