import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A resource the fake server serves, and where. */
export interface FakeApiResource {
  kind: string;
  /** Empty for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** The resources served out of the box (Secrets included, so tests can prove they are never read). */
export const FAKE_API_RESOURCES: readonly FakeApiResource[] = Object.freeze([
  core('Namespace', 'namespaces', false),
  core('Pod', 'pods', true),
  core('Service', 'services', true),
  core('ServiceAccount', 'serviceaccounts', true),
  core('ReplicationController', 'replicationcontrollers', true),
  core('Node', 'nodes', false),
  core('Secret', 'secrets', true),
  core('ConfigMap', 'configmaps', true),
  grouped('apps', 'Deployment', 'deployments', true),
  grouped('apps', 'StatefulSet', 'statefulsets', true),
  grouped('apps', 'DaemonSet', 'daemonsets', true),
  grouped('apps', 'ReplicaSet', 'replicasets', true),
  grouped('batch', 'Job', 'jobs', true),
  grouped('batch', 'CronJob', 'cronjobs', true),
  grouped('networking.k8s.io', 'Ingress', 'ingresses', true),
  grouped('networking.k8s.io', 'NetworkPolicy', 'networkpolicies', true),
  grouped('rbac.authorization.k8s.io', 'Role', 'roles', true),
  grouped('rbac.authorization.k8s.io', 'RoleBinding', 'rolebindings', true),
  grouped('rbac.authorization.k8s.io', 'ClusterRole', 'clusterroles', false),
  grouped(
    'rbac.authorization.k8s.io',
    'ClusterRoleBinding',
    'clusterrolebindings',
    false,
  ),
  grouped(
    'admissionregistration.k8s.io',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
  ),
  grouped(
    'admissionregistration.k8s.io',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    false,
  ),
  grouped(
    'apiextensions.k8s.io',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
  ),
  // Served by Kubernetes 1.30 and later; policy engines' kinds come as `resources`.
  grouped(
    'admissionregistration.k8s.io',
    'ValidatingAdmissionPolicy',
    'validatingadmissionpolicies',
    false,
  ),
  grouped(
    'admissionregistration.k8s.io',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    false,
  ),
]);

/**
 * A programmable failure. `times` limits how many requests it hits (default: all);
 * `afterPage: K` limits it to requests for page K+1 onwards (an API that breaks mid-list).
 */
export type FakeFault = (
  | {
      /** Answer with this status and a `Status` body. */
      type: 'status';
      status: number;
      retryAfterSeconds?: number;
      message?: string;
    }
  | {
      /** Answer normally, but only after `ms` (or never, if the client gives up first). */
      type: 'delay';
      ms: number;
    }
  | {
      /** Drop the connection without answering (a network error for the client). */
      type: 'reset';
    }
  | {
      /** Reject continue tokens with 410 Gone, as the API does when they expire. */
      type: 'expire-continue';
    }
) & { times?: number; afterPage?: number };

/** One request the server received. */
export interface FakeApiRequest {
  method: string;
  /** The path without the query, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  query: Record<string, string>;
  /** 1-based page number of a list request (from the continue token). */
  page?: number;
  /** The status sent, or `undefined` when the connection was dropped or abandoned. */
  status?: number;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
}

export interface FakeKubernetesApiServerOptions {
  /** The only bearer token accepted. Default `fake-token`. */
  token?: string;
  /**
   * Accepts other bearer tokens too: for credentials made per request (a presigned AWS
   * token differs each time), the test checks what it can of them.
   */
  acceptToken?: (token: string) => boolean;
  /** Objects to serve, grouped by their `kind`. */
  objects?: ReadonlyArray<{ kind: string; [key: string]: unknown }>;
  /** Extra resources (e.g. custom resources) on top of {@link FAKE_API_RESOURCES}. */
  resources?: FakeApiResource[];
}

interface ActiveFault {
  fault: FakeFault;
  remaining: number;
}

interface ContinueToken {
  path: string;
  offset: number;
  page: number;
}

/**
 * A small real HTTP server that speaks enough of the Kubernetes list API for collector
 * tests: `GET /api/v1/<plural>`, `/apis/<group>/<version>/<plural>` and their
 * `/namespaces/<ns>/` forms, `limit` / `continue` paging with opaque tokens, bearer-token
 * authentication, programmable faults per kind or path, and a log of every request.
 *
 * Like the real API, list items are served without `apiVersion` and `kind`.
 *
 * ```ts
 * const server = await FakeKubernetesApiServer.start({ objects });
 * server.addFault('ClusterRole', { type: 'status', status: 403 });
 * // ... point a client at server.url with server.token (skipTLSVerify: it is plain HTTP)
 * await server.stop();
 * ```
 */
export class FakeKubernetesApiServer {
  readonly #server: http.Server;
  readonly #resources = new Map<string, FakeApiResource>();
  readonly #objects = new Map<string, Array<Record<string, any>>>();
  readonly #faults = new Map<string, ActiveFault[]>();
  readonly #requests: FakeApiRequest[] = [];
  #token: string;
  readonly #acceptToken?: (token: string) => boolean;

  private constructor(options: FakeKubernetesApiServerOptions) {
    this.#token = options.token ?? 'fake-token';
    this.#acceptToken = options.acceptToken;
    for (const resource of [
      ...FAKE_API_RESOURCES,
      ...(options.resources ?? []),
    ]) {
      this.#resources.set(resource.kind, resource);
    }
    if (options.objects) this.seed(options.objects);
    this.#server = http.createServer((req, res) => this.#handle(req, res));
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(
    options: FakeKubernetesApiServerOptions = {},
  ): Promise<FakeKubernetesApiServer> {
    const fake = new FakeKubernetesApiServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get token(): string {
    return this.#token;
  }

  /** Changes the accepted token (e.g. to simulate a revoked one). */
  setToken(token: string) {
    this.#token = token;
  }

  /** Every request received so far, in order. */
  get requests(): readonly FakeApiRequest[] {
    return this.#requests;
  }

  /** Requests for one kind (any of its paths) or for one exact path. */
  requestsTo(target: string): FakeApiRequest[] {
    const resource = this.#resources.get(target);
    return this.#requests.filter(request =>
      resource
        ? this.#resourceForPath(request.path)?.resource === resource
        : request.path === target,
    );
  }

  clearRequests() {
    this.#requests.length = 0;
  }

  /** Adds objects to serve, grouped by `kind`. Throws for a kind the server does not know. */
  seed(objects: ReadonlyArray<{ kind: string; [key: string]: unknown }>) {
    for (const object of objects) {
      if (!this.#resources.has(object.kind)) {
        throw new Error(
          `FakeKubernetesApiServer: unknown kind ${object.kind}; pass it in resources`,
        );
      }
      const { apiVersion: _a, kind, ...rest } = structuredClone(object);
      const list = this.#objects.get(kind) ?? [];
      list.push(rest);
      this.#objects.set(kind, list);
    }
  }

  /** Adds a fault for a kind (`ClusterRole`) or an exact path (`/api/v1/pods`). */
  addFault(target: string, fault: FakeFault) {
    const list = this.#faults.get(target) ?? [];
    list.push({ fault, remaining: fault.times ?? Infinity });
    this.#faults.set(target, list);
  }

  clearFaults() {
    this.#faults.clear();
  }

  /** A kubeconfig (JSON, which is valid YAML) pointing at this server. */
  kubeconfig(
    options: {
      context?: string;
      cluster?: string;
      user?: string;
      token?: string;
    } = {},
  ): string {
    const context = options.context ?? 'fake';
    const cluster = options.cluster ?? 'fake-cluster';
    const user = options.user ?? 'fake-user';
    return JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': context,
        clusters: [
          {
            name: cluster,
            cluster: { server: this.url, 'insecure-skip-tls-verify': true },
          },
        ],
        users: [{ name: user, user: { token: options.token ?? this.#token } }],
        contexts: [{ name: context, context: { cluster, user } }],
      },
      null,
      2,
    );
  }

  async stop() {
    this.#server.closeAllConnections();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const record: FakeApiRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      receivedAt: Date.now(),
    };
    this.#requests.push(record);
    const send = (code: number, body: unknown, headers = {}) => {
      record.status = code;
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (
      bearer !== this.#token &&
      !(bearer !== undefined && this.#acceptToken?.(bearer))
    ) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (record.method !== 'GET') {
      send(405, status(405, 'MethodNotAllowed', 'only GET is served'));
      return;
    }
    const match = this.#resourceForPath(url.pathname);
    if (!match) {
      send(
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
      return;
    }

    let token: ContinueToken | undefined;
    if (query.continue) {
      token = decodeContinue(query.continue);
      if (!token || token.path !== url.pathname) {
        send(400, status(400, 'BadRequest', 'invalid continue token'));
        return;
      }
    }
    record.page = token?.page ?? 1;

    const fault = this.#takeFault(
      match.resource.kind,
      url.pathname,
      record.page,
      !!token,
    );
    const answer = () =>
      this.#sendList(
        send,
        match.resource,
        match.namespace,
        url.pathname,
        query,
        token,
      );

    switch (fault?.type) {
      case 'status':
        send(
          fault.status,
          status(
            fault.status,
            reasonFor(fault.status),
            fault.message ?? `injected ${fault.status}`,
          ),
          fault.retryAfterSeconds !== undefined
            ? { 'retry-after': String(fault.retryAfterSeconds) }
            : {},
        );
        return;
      case 'expire-continue':
        send(
          410,
          status(410, 'Expired', 'the provided continue parameter is too old'),
        );
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'delay': {
        const timer = setTimeout(answer, fault.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      default:
        answer();
    }
  }

  #sendList(
    send: (status: number, body: unknown) => void,
    resource: FakeApiResource,
    namespace: string | undefined,
    path: string,
    query: Record<string, string>,
    token: ContinueToken | undefined,
  ) {
    const all = this.#objects.get(resource.kind) ?? [];
    const items = namespace
      ? all.filter(o => o.metadata?.namespace === namespace)
      : all;
    const offset = token?.offset ?? 0;
    const limit = Number(query.limit);
    const end =
      Number.isInteger(limit) && limit > 0 ? offset + limit : items.length;
    const page = items.slice(offset, end);
    const metadata: Record<string, unknown> = { resourceVersion: '1' };
    if (end < items.length) {
      metadata.continue = encodeContinue({
        path,
        offset: end,
        page: (token?.page ?? 1) + 1,
      });
      metadata.remainingItemCount = items.length - end;
    }
    send(200, {
      kind: `${resource.kind}List`,
      apiVersion: resource.group
        ? `${resource.group}/${resource.version}`
        : resource.version,
      metadata,
      items: page,
    });
  }

  #resourceForPath(
    path: string,
  ): { resource: FakeApiResource; namespace?: string } | undefined {
    const parts = path.split('/').filter(Boolean);
    let group = '';
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 3) {
      rest = parts.slice(1);
    } else if (parts[0] === 'apis' && parts.length >= 4) {
      group = parts[1];
      rest = parts.slice(2);
    } else {
      return undefined;
    }
    const [version, ...tail] = rest;
    let namespace: string | undefined;
    let plural: string;
    if (tail.length === 3 && tail[0] === 'namespaces') {
      namespace = tail[1];
      plural = tail[2];
    } else if (tail.length === 1) {
      plural = tail[0];
    } else {
      return undefined;
    }
    for (const resource of this.#resources.values()) {
      if (
        resource.group === group &&
        resource.version === version &&
        resource.plural === plural &&
        (!namespace || resource.namespaced)
      ) {
        return { resource, namespace };
      }
    }
    return undefined;
  }

  #takeFault(
    kind: string,
    path: string,
    page: number,
    hasContinue: boolean,
  ): FakeFault | undefined {
    for (const target of [path, kind]) {
      for (const active of this.#faults.get(target) ?? []) {
        const { fault } = active;
        if (active.remaining <= 0) continue;
        if (fault.afterPage !== undefined && page <= fault.afterPage) continue;
        if (fault.type === 'expire-continue' && !hasContinue) continue;
        active.remaining -= 1;
        return fault;
      }
    }
    return undefined;
  }
}

function core(
  kind: string,
  plural: string,
  namespaced: boolean,
): FakeApiResource {
  return { kind, group: '', version: 'v1', plural, namespaced };
}

function grouped(
  group: string,
  kind: string,
  plural: string,
  namespaced: boolean,
): FakeApiResource {
  return { kind, group, version: 'v1', plural, namespaced };
}

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

function reasonFor(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    410: 'Expired',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? 'Unknown';
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof token?.path === 'string' &&
      Number.isInteger(token.offset) &&
      Number.isInteger(token.page)
      ? token
      : undefined;
  } catch {
    return undefined;
  }
}
