// The demo's permission policy. Without `auditLogsDemoPolicy` in config it allows everything
// (like the create-app template's allow-all policy). With it, catalog group membership decides
// the audit-logs permissions:
//
//   auditLogsDemoPolicy:
//     readers:            # 'all', or the source ids the group's members may read
//       - { group: group:default/security, sources: all }
//       - { group: group:default/rpa-team, sources: [uipath-platform, uipath-orchestrator] }
//     syncers: [group:default/security]
//
// Members of a reader group get `audit-logs.event.read`, and `audit-logs.source.read` as ALLOW
// ('all') or as a conditional decision (isSource) that the plugin applies in SQL; everybody
// else is denied both. Other plugins' permissions are allowed.
import {
  auditLogSourceConditions,
  createAuditLogSourceConditionalDecision,
} from '@auditrelay/backstage-plugin-audit-logs-node';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

interface DemoPolicyConfig {
  readers: Map<string, 'all' | string[]>;
  syncers: Set<string>;
}

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

export function createDemoPolicy(config?: DemoPolicyConfig): PermissionPolicy {
  return {
    handle(request, user) {
      const { permission } = request;
      if (!config || !permission.name.startsWith('audit-logs.')) return Promise.resolve(ALLOW);
      const groups = (user?.info.ownershipEntityRefs ?? []).map((ref) => ref.toLowerCase());
      const grants = groups.flatMap((group) => {
        const grant = config.readers.get(group);
        return grant ? [grant] : [];
      });
      if (permission.name === 'audit-logs.source.sync')
        return Promise.resolve(groups.some((g) => config.syncers.has(g)) ? ALLOW : DENY);
      if (grants.length === 0) return Promise.resolve(DENY);
      if (isResourcePermission(permission, 'audit-log-source')) {
        if (grants.includes('all')) return Promise.resolve(ALLOW);
        const sourceIds = [...new Set(grants.flatMap((g) => (g === 'all' ? [] : g)))];
        return Promise.resolve(
          createAuditLogSourceConditionalDecision(
            permission,
            auditLogSourceConditions.isSource({ sourceIds }),
          ),
        );
      }
      return Promise.resolve(ALLOW);
    },
  };
}

export const demoPermissionPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'audit-logs-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      init({ policy, config }) {
        const block = config.getOptionalConfig('auditLogsDemoPolicy');
        const readers = new Map<string, 'all' | string[]>();
        for (const reader of block?.getOptionalConfigArray('readers') ?? []) {
          const sources = reader.get('sources');
          readers.set(
            reader.getString('group').toLowerCase(),
            sources === 'all' ? 'all' : reader.getStringArray('sources'),
          );
        }
        const syncers = new Set(
          (block?.getOptionalStringArray('syncers') ?? []).map((g) => g.toLowerCase()),
        );
        policy.setPolicy(createDemoPolicy(block ? { readers, syncers } : undefined));
        return Promise.resolve();
      },
    });
  },
});
