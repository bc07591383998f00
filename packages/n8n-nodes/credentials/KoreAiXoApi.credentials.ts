import { createHmac, randomUUID } from 'crypto';
import type {
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestOptions,
  INodeProperties,
  Icon,
} from 'n8n-workflow';

const JWT_LIFETIME_SECONDS = 300;

function base64Url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** An HS256 platform JWT `{ appId, sub, iat, exp, jti }`, signed with the app's client secret. */
export function signKoreJwt(clientId: string, clientSecret: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64Url(
    JSON.stringify({
      appId: clientId,
      sub: 'auditrelay-n8n',
      iat,
      exp: iat + JWT_LIFETIME_SECONDS,
      jti: randomUUID(),
    }),
  );
  const signature = createHmac('sha256', clientSecret).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${base64Url(signature)}`;
}

export class KoreAiXoApi implements ICredentialType {
  name = 'koreAiXoApi';

  displayName = 'Kore.ai XO API';

  icon: Icon = { light: 'file:../icons/kore-ai.svg', dark: 'file:../icons/kore-ai.dark.svg' };

  documentationUrl =
    'https://github.com/auditrelay/auditrelay/tree/main/packages/n8n-nodes#kore-ai-xo-admin-console';

  properties: INodeProperties[] = [
    {
      displayName: 'Host',
      name: 'host',
      type: 'string',
      default: 'https://platform.kore.ai',
      placeholder: 'https://platform.kore.ai',
      description: 'Base URL of the Kore.ai XO platform (your own host for on-premises installs)',
      required: true,
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      description:
        'Client ID of the Admin Console app that has the "Audit Logs" API scope (Admin Console > API Scopes)',
      required: true,
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description:
        'Client secret of that app. It signs a short-lived JWT per request and is never sent.',
      required: true,
    },
  ];

  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    requestOptions: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    const token = signKoreJwt(
      String(credentials.clientId),
      String(credentials.clientSecret),
      Date.now(),
    );
    return { ...requestOptions, headers: { ...requestOptions.headers, auth: token } };
  }

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.host.replace(/\\/+$/, "")}}',
      url: '/api/public/auditlogs',
      method: 'GET',
      // A 3xx is a failed test, never a hop that carries the credential elsewhere.
      disableFollowRedirect: true,
      qs: { size: 1, offset: 0 },
    },
  };
}
