import { useRouteRef, type ExternalRouteRef } from '@backstage/core-plugin-api';
import { PluginHeader } from '@backstage/ui';
import { RiShieldCheckLine } from '@remixicon/react';
import { useCallback } from 'react';
import { AuditLogsPage, type AuditLogsPageProps } from './AuditLogsPage.js';
import { entityRouteParams, EntityHrefProvider } from './EntityLinks.js';

/**
 * The page in a legacy app: with its own header (the new system's page layout draws one),
 * actors linked through the legacy plugin's optional `catalogEntity` external route.
 */
export function LegacyPage(
  props: AuditLogsPageProps & {
    catalogEntityRoute: ExternalRouteRef<{ kind: string; namespace: string; name: string }, true>;
  },
) {
  const { catalogEntityRoute, ...pageProps } = props;
  const entityRoute = useRouteRef(catalogEntityRoute);
  const resolve = useCallback(
    (ref: string) => {
      const params = entityRouteParams(ref);
      return params && entityRoute ? entityRoute(params) : undefined;
    },
    [entityRoute],
  );
  return (
    <>
      <PluginHeader title="Audit logs" icon={<RiShieldCheckLine />} />
      <EntityHrefProvider value={resolve}>
        <AuditLogsPage {...pageProps} />
      </EntityHrefProvider>
    </>
  );
}
