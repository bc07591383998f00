// Hand-made n8n contexts (n8n publishes no test kit): parameters, credentials, static data and
// `httpRequestWithAuthentication`, which applies the package's own credential definitions and
// sends the request for real to the vendor simulator.
import type {
  IAdditionalCredentialOptions,
  ICredentialDataDecryptedObject,
  IDataObject,
  IExecuteFunctions,
  IHttpRequestOptions,
  ILoadOptionsFunctions,
  INode,
  INodeExecutionData,
  IPollFunctions,
  IRun,
} from 'n8n-workflow';
import type { startSimulator } from '@auditrelay/simulator';
import { KoreAiForWorkApi } from '../credentials/KoreAiForWorkApi.credentials';
import { KoreAiXoApi } from '../credentials/KoreAiXoApi.credentials';

/** n8n's deferred promise (`helpers.createDeferredPromise`), as `__emit` takes it. */
export interface IDeferredPromise<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (error: Error) => void;
}

export function createDeferredPromise<T>(): IDeferredPromise<T> {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export interface SentRequest {
  /** The credential n8n applied (`httpRequestWithAuthentication`); none for `httpRequest`. */
  credentialType?: string;
  url: string;
  headers: Record<string, string>;
}

export interface HttpMockOptions {
  credentials: Record<string, ICredentialDataDecryptedObject>;
  /** Answer the next N UiPath API requests with 401, as after a token expired. */
  expireUipathToken?: number;
}

const node: INode = {
  id: 'node-1',
  name: 'Audit Relay',
  type: '@auditrelay/n8n-nodes-auditrelay.auditRelay',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export function simulatorCredentials(
  sim: Simulator,
): Record<string, ICredentialDataDecryptedObject> {
  return {
    koreAiXoApi: {
      host: sim.baseUrls['kore-xo-admin-console'],
      clientId: sim.credentials.koreXo.clientId,
      clientSecret: sim.credentials.koreXo.clientSecret,
    },
    koreAiForWorkApi: {
      host: sim.baseUrls['kore-ai-for-work'],
      apiKey: sim.credentials.aiForWork.apiKey,
    },
    uiPathOAuth2Api: {
      baseUrl: sim.baseUrls['uipath-orchestrator-odata'],
      organization: sim.credentials.uipath.organization,
      tenant: sim.credentials.uipath.tenant,
      clientId: sim.credentials.uipath.clientId,
      clientSecret: sim.credentials.uipath.clientSecret,
    },
  };
}

/**
 * The request helpers n8n would provide, with the credentials applied as n8n applies them. As n8n,
 * the UiPath OAuth2 token is stored in the credential (`oauthTokenData`) once fetched, and signs
 * every request until a refresh replaces it.
 */
export function createHttpMock(options: HttpMockOptions) {
  const sent: SentRequest[] = [];
  let refreshes = 0;
  let authenticated = 0;
  let withDecrypted = 0;
  let expire = options.expireUipathToken ?? 0;
  const storedToken = () => {
    const data = options.credentials.uiPathOAuth2Api?.oauthTokenData as
      { access_token?: string } | undefined;
    return data?.access_token;
  };

  async function fetchUipathToken(): Promise<string> {
    const credentials = options.credentials.uiPathOAuth2Api!;
    const response = await fetch(`${String(credentials.baseUrl)}/identity_/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: String(credentials.clientId),
        client_secret: String(credentials.clientSecret),
      }).toString(),
    });
    if (!response.ok) {
      throw new Error(`Failed to acquire OAuth2 access token: ${await response.text()}`);
    }
    const data = (await response.json()) as IDataObject & { access_token: string };
    options.credentials.uiPathOAuth2Api!.oauthTokenData = data;
    return data.access_token;
  }

  /** Sends a prepared request for real, as n8n's helper does. */
  async function send(prepared: IHttpRequestOptions, credentialType?: string): Promise<unknown> {
    const headers = Object.fromEntries(
      Object.entries(prepared.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    // An expired token, for the next N UiPath API requests.
    if (/^Bearer /.test(headers.Authorization ?? '') && expire-- > 0) {
      headers.Authorization = 'Bearer expired-token';
    }
    sent.push({ ...(credentialType ? { credentialType } : {}), url: prepared.url, headers });
    // As n8n's helper: redirects followed unless disabled, a stream body when asked for one.
    const response = await fetch(prepared.url, {
      method: prepared.method ?? 'GET',
      headers,
      body: typeof prepared.body === 'string' ? prepared.body : undefined,
      redirect: prepared.disableFollowRedirect ? 'manual' : 'follow',
      signal: prepared.abortSignal as AbortSignal | undefined,
    });
    const body =
      prepared.encoding === 'stream' && response.body
        ? response.body
        : Buffer.from(await response.arrayBuffer());
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body,
    };
  }

  async function httpRequestWithAuthentication(
    credentialType: string,
    request: IHttpRequestOptions,
    additional?: IAdditionalCredentialOptions,
  ): Promise<unknown> {
    authenticated++;
    if (additional?.credentialsDecrypted) withDecrypted++;
    const credentials =
      additional?.credentialsDecrypted?.data ?? options.credentials[credentialType];
    if (!credentials) throw new Error(`no credentials of type ${credentialType}`);
    let prepared: IHttpRequestOptions = { ...request, headers: { ...request.headers } };
    if (credentialType === 'koreAiXoApi') {
      prepared = await new KoreAiXoApi().authenticate(credentials, prepared);
    } else if (credentialType === 'koreAiForWorkApi') {
      prepared = await new KoreAiForWorkApi().authenticate(credentials, prepared);
    } else {
      const token = storedToken() ?? (await fetchUipathToken());
      prepared.headers = { ...prepared.headers, Authorization: `Bearer ${token}` };
    }
    return send(prepared, credentialType);
  }

  /** n8n's plain `httpRequest`: no credential applied. */
  async function httpRequest(request: IHttpRequestOptions): Promise<unknown> {
    return send(request);
  }

  async function refreshOAuth2Token(): Promise<unknown> {
    refreshes++;
    await fetchUipathToken();
    return options.credentials.uiPathOAuth2Api!.oauthTokenData;
  }

  return {
    sent,
    refreshes: () => refreshes,
    /** Requests n8n applied a credential to (each a credential resolution in n8n). */
    authenticated: () => authenticated,
    /** Of those, the ones handed the credential already decrypted (n8n does not read it again). */
    withDecrypted: () => withDecrypted,
    helpers: {
      httpRequest,
      httpRequestWithAuthentication,
      refreshOAuth2Token,
      returnJsonArray: (data: IDataObject[]): INodeExecutionData[] =>
        data.map((json) => ({ json })),
    },
  };
}

export interface ExecuteContextOptions extends HttpMockOptions {
  /** Parameters per input item (one item per entry). */
  items: Array<Record<string, unknown>>;
  continueOnFail?: boolean;
  timeZone?: string;
}

export function createExecuteContext(options: ExecuteContextOptions) {
  const http = createHttpMock(options);
  const hints: Array<{ message: string; type?: string }> = [];
  let credentialReads = 0;
  const context = {
    addExecutionHints: (...added: Array<{ message: string; type?: string }>) =>
      hints.push(...added),
    getInputData: () => options.items.map(() => ({ json: {} })),
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
      const value = options.items[itemIndex]?.[name];
      return value === undefined ? fallback : value;
    },
    getCredentials: (type: string) => {
      credentialReads++;
      return Promise.resolve(options.credentials[type]);
    },
    getNode: () => node,
    continueOnFail: () => options.continueOnFail ?? false,
    getTimezone: () => options.timeZone ?? 'UTC',
    helpers: http.helpers,
  };
  return {
    context: context as unknown as IExecuteFunctions,
    http,
    hints,
    /** How often the node read a credential (`getCredentials`). */
    credentialReads: () => credentialReads,
  };
}

export interface PollContextOptions extends HttpMockOptions {
  parameters: Record<string, unknown>;
  staticData: IDataObject;
  mode?: 'trigger' | 'manual';
  pollBudgetMs?: number;
  /**
   * As n8n's poll context: `__emit` starts an execution of the batch, and `done` settles when
   * that execution has ended. Without it the context has no `__emit` (items are returned).
   */
  emit?: (items: INodeExecutionData[], done: IDeferredPromise<IRun | undefined>) => void;
  workflowId?: string;
  /** The trigger node's id in its workflow. Default `node-1`. */
  nodeId?: string;
  logged?: string[];
}

export function createPollContext(options: PollContextOptions) {
  const http = createHttpMock(options);
  const context = {
    getNodeParameter: (name: string, fallback?: unknown) => {
      const value = options.parameters[name];
      return value === undefined ? fallback : value;
    },
    getCredentials: (type: string) => Promise.resolve(options.credentials[type]),
    getNode: () => ({ ...node, id: options.nodeId ?? node.id, name: 'Audit Relay Trigger' }),
    getMode: () => options.mode ?? 'trigger',
    getWorkflowStaticData: () => options.staticData,
    getPollBudgetMs: () => options.pollBudgetMs ?? 45_000,
    getTimezone: () => 'UTC',
    getWorkflow: () => ({ id: options.workflowId ?? 'workflow-1', active: true }),
    logger: {
      info: (message: string) => options.logged?.push(message),
      debug: () => undefined,
      warn: (message: string) => options.logged?.push(message),
      error: (message: string) => options.logged?.push(message),
    },
    helpers: options.emit ? { ...http.helpers, createDeferredPromise } : http.helpers,
    ...(options.emit
      ? {
          __emit: (
            data: INodeExecutionData[][],
            _response: unknown,
            done: IDeferredPromise<IRun | undefined>,
          ) => options.emit!(data[0] ?? [], done),
        }
      : {}),
  };
  return { context: context as unknown as IPollFunctions, http };
}

/** Ids of the items a node returned. */
export function ids(items: INodeExecutionData[]): string[] {
  return items.map((item) => String(item.json.id));
}

export interface LoadOptionsContextOptions extends HttpMockOptions {
  /** The node's parameters as the editor has them now. */
  parameters: Record<string, unknown>;
  /** The credential types selected on the node. Default: every type in `credentials`. */
  selected?: string[];
}

/** n8n's context for `methods.loadOptions`: current parameters, the node's selected credentials. */
export function createLoadOptionsContext(options: LoadOptionsContextOptions) {
  const http = createHttpMock(options);
  const selected = options.selected ?? Object.keys(options.credentials);
  const context = {
    getCurrentNodeParameter: (name: string) => options.parameters[name],
    getNodeParameter: (name: string, fallback?: unknown) => options.parameters[name] ?? fallback,
    getCredentials: (type: string) => {
      const found = selected.includes(type) ? options.credentials[type] : undefined;
      // As n8n: a node without that credential cannot read it.
      if (!found) return Promise.reject(new Error(`Node does not have any credentials set`));
      return Promise.resolve(found);
    },
    getNode: (): INode => ({
      ...node,
      parameters: options.parameters as INode['parameters'],
      credentials: Object.fromEntries(selected.map((type) => [type, { id: '1', name: type }])),
    }),
    helpers: http.helpers,
  };
  return { context: context as unknown as ILoadOptionsFunctions, http };
}
