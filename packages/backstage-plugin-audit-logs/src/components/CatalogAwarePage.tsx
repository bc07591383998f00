import { useRouteRef, type ExternalRouteRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { AuditLogsPage } from './AuditLogsPage.js';
import { entityRouteParams, EntityHrefProvider } from './EntityLinks.js';

/**
 * The page in the new frontend system, linking actors to the catalog through the plugin's
 * `catalogEntity` external route (bound to the catalog's entity page when it is installed).
 */
export function CatalogAwarePage(props: {
  catalogEntityRoute: ExternalRouteRef<{ kind: string; namespace: string; name: string }>;
}) {
  const entityRoute = useRouteRef(props.catalogEntityRoute);
  const resolve = useCallback(
    (ref: string) => {
      const params = entityRouteParams(ref);
      return params && entityRoute ? entityRoute(params) : undefined;
    },
    [entityRoute],
  );
  return (
    <EntityHrefProvider value={resolve}>
      <AuditLogsPage />
    </EntityHrefProvider>
  );
}
