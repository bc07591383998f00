import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

// The audit endpoint each kind of External Application can read, with only its audit scope.
const BASE = '$credentials.baseUrl.replace(/\\/+$/, "")';
const ORG = 'encodeURIComponent($credentials.organization)';
const TENANT = 'encodeURIComponent($credentials.tenant)';
const TEST_URL =
  `={{$credentials.auditLog === "orchestrator"` +
  ` ? ${BASE} + "/" + ${ORG} + "/" + ${TENANT} + "/orchestrator_/odata/AuditLogs?$top=1"` +
  ` : ${BASE} + "/" + ${ORG} + ($credentials.tenant ? "/" + ${TENANT} : "") + "/audit_/api/auditlogs"` +
  ` + ($credentials.organizationId ? "/" + $credentials.organizationId : "") + "?top=1"}}`;

export class UiPathOAuth2Api implements ICredentialType {
  name = 'uiPathOAuth2Api';

  extends = ['oAuth2Api'];

  displayName = 'UiPath OAuth2 API';

  icon: Icon = { light: 'file:../icons/uipath.svg', dark: 'file:../icons/uipath.dark.svg' };

  documentationUrl = 'https://github.com/auditrelay/auditrelay/tree/main/packages/n8n-nodes#uipath';

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://cloud.uipath.com',
      description:
        'Automation Cloud (https://cloud.uipath.com) or your Automation Suite host; the token URL is {Base URL}/identity_/connect/token',
      required: true,
    },
    {
      displayName: 'Organization',
      name: 'organization',
      type: 'string',
      default: '',
      description: 'Organization (account) name, the first path segment after the base URL',
      required: true,
    },
    {
      displayName: 'Tenant',
      name: 'tenant',
      type: 'string',
      default: '',
      description:
        'Tenant name. Required for Orchestrator audit logs and for unified audit logs of a tenant.',
    },
    {
      displayName: 'Audit Log',
      name: 'auditLog',
      type: 'options',
      options: [
        {
          name: 'Orchestrator (Scope OR.Audit.Read)',
          value: 'orchestrator',
        },
        {
          name: 'Platform Management or Unified Audit (Scope PM.Audit.Read)',
          value: 'platform',
        },
      ],
      default: 'orchestrator',
      description:
        'Which audit log this External Application reads; the token asks for that audit scope only',
    },
    {
      displayName: 'Organization ID',
      name: 'organizationId',
      type: 'string',
      default: '',
      placeholder: '00000000-0000-0000-0000-000000000000',
      description:
        'Organization GUID, for Platform Management versions whose audit URL ends in /auditlogs/{ID}',
      displayOptions: { show: { auditLog: ['platform'] } },
    },
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'hidden',
      default: 'clientCredentials',
    },
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'hidden',
      default: '={{$self["baseUrl"].replace(/\\/+$/, "")}}/identity_/connect/token',
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'hidden',
      default: '={{$self["auditLog"] === "platform" ? "PM.Audit.Read" : "OR.Audit.Read"}}',
    },
    {
      displayName: 'Auth URI Query Parameters',
      name: 'authQueryParameters',
      type: 'hidden',
      default: '',
    },
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'hidden',
      default: 'body',
    },
  ];

  test: ICredentialTestRequest = {
    request: {
      url: TEST_URL,
      method: 'GET',
      headers: { accept: 'application/json' },
      // A 3xx is a failed test, never a hop that carries the bearer token elsewhere.
      disableFollowRedirect: true,
    },
  };
}
