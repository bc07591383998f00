import type {
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  IHttpRequestOptions,
  INodeProperties,
  Icon,
} from 'n8n-workflow';

export class KoreAiForWorkApi implements ICredentialType {
  name = 'koreAiForWorkApi';

  displayName = 'Kore.ai AI for Work API';

  icon: Icon = { light: 'file:../icons/kore-ai.svg', dark: 'file:../icons/kore-ai.dark.svg' };

  documentationUrl =
    'https://github.com/auditrelay/auditrelay/tree/main/packages/n8n-nodes#kore-ai-ai-for-work';

  properties: INodeProperties[] = [
    {
      displayName: 'Host',
      name: 'host',
      type: 'string',
      default: 'https://aiforwork.kore.ai',
      placeholder: 'https://aiforwork.kore.ai',
      description: 'Base URL of your AI for Work instance',
      required: true,
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: "An admin's personal API key with access to audit logs",
      required: true,
    },
  ];

  /**
   * The key goes into the `auth` header in code rather than through an expression: n8n 2.41.1
   * releases a workflow's expression isolate when any poll of it ends, so a trigger's poll that
   * outlives the next tick could no longer evaluate one ("No bridge acquired for this context").
   */
  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    requestOptions: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    return {
      ...requestOptions,
      headers: { ...requestOptions.headers, auth: String(credentials.apiKey) },
    };
  }

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.host.replace(/\\/+$/, "")}}',
      url: '/api/public/auditlogs',
      method: 'GET',
      // A 3xx is a failed test, never a hop that carries the credential elsewhere.
      disableFollowRedirect: true,
      qs: {
        startTime: '={{$now.minus({ minutes: 5 }).toUTC().toISO()}}',
        endTime: '={{$now.toUTC().toISO()}}',
      },
    },
  };
}
