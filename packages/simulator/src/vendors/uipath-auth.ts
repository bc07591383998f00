// Bearer-token checks shared by the UiPath audit endpoints.

import type { HandlerContext } from '../context.js';
import { header } from '../http-types.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { uipathError } from '../vendor-errors.js';
import { bearer } from './uipath-tokens.js';

/** "11/22/2026 18:49:00", as .NET prints expiry times. */
function dotNetDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export interface UiPathFlavor {
  /** Orchestrator uses numeric errorCode 0 for auth failures; Platform Management the status. */
  orchestrator: boolean;
}

export function unauthorized(flavor: UiPathFlavor, expiredAt?: number): SimResponse {
  const challenge =
    expiredAt === undefined
      ? 'Bearer'
      : `Bearer error="invalid_token", error_description="The token expired at '${dotNetDate(expiredAt)}'"`;
  const message = flavor.orchestrator ? 'You are not authenticated!' : 'Unauthorized';
  return uipathError(401, message, flavor.orchestrator ? 0 : 401, {
    'www-authenticate': challenge,
  });
}

/** 401/403 response, or undefined when the bearer token is valid and holds one of `scopes`. */
export function checkBearer(
  req: SimRequest,
  ctx: HandlerContext,
  options: { scopes: readonly string[]; orchestrator: boolean },
): SimResponse | undefined {
  const found = ctx.tokens.lookup(header(req.headers, 'authorization'), ctx.now());
  if (found.state === 'missing' || found.state === 'unknown') return unauthorized(options);
  if (found.state === 'expired') return unauthorized(options, found.grant.expiresAt);
  const granted = found.grant.scopes;
  if (!options.scopes.some((scope) => granted.has(scope))) {
    const message = `The access token does not grant the required scope (${options.scopes.join(' or ')}).`;
    return uipathError(403, message, options.orchestrator ? 0 : 403, {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${options.scopes.join(' ')}"`,
    });
  }
  return undefined;
}

/** The external application behind a bearer token, for per-client rate limiting. */
export function uipathAccount(req: SimRequest, ctx: HandlerContext): string {
  const found = ctx.tokens.lookup(header(req.headers, 'authorization'), ctx.now());
  if (found.state === 'valid' || found.state === 'expired') return `client:${found.grant.clientId}`;
  return `token:${bearer(header(req.headers, 'authorization')) ?? 'anonymous'}`;
}

const sameName = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

/** 404 unless the URL's organization (name or GUID) and tenant (if any) exist. */
export function checkOrgTenant(
  req: SimRequest,
  ctx: HandlerContext,
  flavor: UiPathFlavor,
): SimResponse | undefined {
  const { organization, tenant, partitionGlobalId } = ctx.credentials.uipath;
  const org = req.params['org'];
  if (!sameName(org, organization) && !sameName(org, partitionGlobalId)) {
    return uipathError(
      404,
      `Organization '${org ?? ''}' was not found.`,
      flavor.orchestrator ? 0 : 404,
    );
  }
  const t = req.params['tenant'];
  if (t !== undefined && !sameName(t, tenant)) {
    return uipathError(404, `Tenant '${t}' was not found.`, flavor.orchestrator ? 0 : 404);
  }
  return undefined;
}

/** Scopes of the Platform Management audit APIs (classic and unified). */
export const PM_AUDIT_SCOPES: readonly string[] = ['PM.Audit', 'PM.Audit.Read'];

/** 404 for an unknown organization/tenant, else 401/403 unless the token holds a PM audit scope. */
export function checkPlatformManagement(
  req: SimRequest,
  ctx: HandlerContext,
): SimResponse | undefined {
  const flavor = { orchestrator: false };
  return (
    checkOrgTenant(req, ctx, flavor) ??
    checkBearer(req, ctx, { scopes: PM_AUDIT_SCOPES, orchestrator: false })
  );
}
