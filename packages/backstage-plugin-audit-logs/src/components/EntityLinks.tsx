import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/ui';
import { createContext, useContext, type ReactNode } from 'react';

/** Resolves a catalog entity ref to the app's entity page, or undefined (no catalog installed). */
export type EntityHrefResolver = (entityRef: string) => string | undefined;

const EntityHrefContext = createContext<EntityHrefResolver>(() => undefined);

/** Set by the page's extension (new and legacy system) from the plugin's catalog route. */
export const EntityHrefProvider = EntityHrefContext.Provider;

/**
 * The route parameters of the catalog's entity page for an entity ref, the way the catalog's
 * own links build them (kind and namespace lower-cased, every part URL-encoded).
 */
export function entityRouteParams(
  entityRef: string,
): { kind: string; namespace: string; name: string } | undefined {
  try {
    const ref = parseEntityRef(entityRef);
    return {
      kind: encodeURIComponent(ref.kind.toLocaleLowerCase('en-US')),
      namespace: encodeURIComponent(ref.namespace.toLocaleLowerCase('en-US')),
      name: encodeURIComponent(ref.name),
    };
  } catch {
    return undefined;
  }
}

/** A link to the entity's catalog page, or the plain label when the app has no catalog. */
export function EntityLink(props: { entityRef?: string; children: ReactNode; title?: string }) {
  const resolve = useContext(EntityHrefContext);
  const href = props.entityRef ? resolve(props.entityRef) : undefined;
  if (!href) return <>{props.children}</>;
  return (
    <Link href={href} title={props.title ?? props.entityRef} data-entity-ref={props.entityRef}>
      {props.children}
    </Link>
  );
}

/** The resolver, for cells that must render their own link. */
export function useEntityHref(): EntityHrefResolver {
  return useContext(EntityHrefContext);
}
