// UiPath Identity Server: POST /identity_/connect/token (client credentials).

import type { Handler } from '../context.js';
import { HTML_SIGN_IN_PAGE, header, html, json } from '../http-types.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { UIPATH_SCOPES } from '../defaults.js';
import type { SimulatedVendorId } from '../types.js';

const NO_STORE = { 'cache-control': 'no-store, no-cache, max-age=0', pragma: 'no-cache' };

function oauthError(error: string): SimResponse {
  return json(400, { error }, NO_STORE);
}

function looksLikeJson(req: SimRequest): boolean {
  const type = header(req.headers, 'content-type') ?? '';
  return /json/i.test(type) || /^\s*[[{]/.test(req.body.toString('utf8'));
}

/** Which audit API a token request is for, judging by its scopes (for the request log). */
export function tokenVendor(req: SimRequest): SimulatedVendorId {
  if (looksLikeJson(req)) return 'uipath-platform-audit';
  const scope = new URLSearchParams(req.body.toString('utf8')).get('scope') ?? '';
  const scopes = scope.split(/\s+/).filter(Boolean);
  return scopes.length > 0 && scopes.every((s) => s.startsWith('OR.'))
    ? 'uipath-orchestrator-odata'
    : 'uipath-platform-audit';
}

export function tokenHandler(): Handler {
  return (req, ctx) => {
    if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, body: '' };
    // The documented failure mode: a JSON body gets the sign-in page with status 200, no token.
    if (looksLikeJson(req)) return html(200, HTML_SIGN_IN_PAGE);
    const form = new URLSearchParams(req.body.toString('utf8'));
    const { clientId, clientSecret, scopes: allowed = [...UIPATH_SCOPES] } = ctx.credentials.uipath;
    const grantType = form.get('grant_type');
    const id = form.get('client_id');
    const secret = form.get('client_secret');
    if (!id || !secret || id !== clientId || secret !== clientSecret)
      return oauthError('invalid_client');
    if (!grantType) return oauthError('invalid_request');
    if (grantType !== 'client_credentials') return oauthError('unsupported_grant_type');
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (requested.some((s) => !UIPATH_SCOPES.includes(s) || !allowed.includes(s))) {
      return oauthError('invalid_scope');
    }
    // Like IdentityServer: no scope requested means every scope the client may have.
    const granted = requested.length > 0 ? [...new Set(requested)] : [...allowed];
    const ttl = ctx.behavior.uipath.tokenTtlSeconds;
    const token = ctx.tokens.issue(clientId, granted, ctx.now() + ttl * 1000);
    return json(
      200,
      { access_token: token, expires_in: ttl, token_type: 'Bearer', scope: granted.join(' ') },
      NO_STORE,
    );
  };
}
