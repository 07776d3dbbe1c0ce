import { readFileSync } from 'fs';
import { createServer, type Server } from 'https';
import type { AddressInfo, Socket } from 'net';
import { resolve } from 'path';

/**
 * A small Azure Resource Manager on 127.0.0.1 for the module's tests: it answers the
 * requests the real SDK clients send (managed clusters, diagnostic settings, role
 * assignments and definitions) with ARM's JSON shapes and error bodies. It speaks HTTPS
 * with a test certificate (tls/), because the SDK refuses to send a bearer token over
 * plain HTTP; clients trust it through `tlsOptions: { ca: server.ca }`.
 */

const TLS_DIR = resolve(__dirname, 'tls');

/** A token any fake credential hands out; the server rejects requests without it. */
export const FAKE_TOKEN = 'fake-arm-token';

/** A TokenCredential that never leaves the process. */
export const fakeCredential = {
  getToken: async () => ({
    token: FAKE_TOKEN,
    expiresOnTimestamp: Date.now() + 3600e3,
  }),
};

export interface RecordedRequest {
  method: string;
  /** Path without the query, as sent. */
  path: string;
  apiVersion: string | null;
  filter: string | null;
  authorization?: string;
}

export interface ArmFault {
  status: number;
  /** ARM error code, e.g. AuthorizationFailed. */
  code?: string;
  message?: string;
  headers?: Record<string, string>;
  /** How many requests it answers before it goes away (default: all). */
  times?: number;
}

interface ActiveFault extends ArmFault {
  match: RegExp;
}

/** The body of a 403 as ARM words it, naming the action that was denied. */
export function authorizationFailed(action: string, scope: string): ArmFault {
  return {
    status: 403,
    code: 'AuthorizationFailed',
    message:
      `The client 'kube-security-reader' with object id '00000000-0000-4000-8000-00000000aaaa' ` +
      `does not have authorization to perform action '${action}' over scope '${scope}' ` +
      'or the scope is invalid. If access was recently granted, please refresh your credentials.',
  };
}

/** ARM's 429, with the Retry-After header (seconds) it always sends. */
export function throttled(retryAfterSeconds = 1, times = 1): ArmFault {
  return {
    status: 429,
    code: 'TooManyRequests',
    message:
      'The request is being throttled as the limit has been reached for operation type - Read.',
    headers: { 'Retry-After': String(retryAfterSeconds) },
    times,
  };
}

const CLUSTER_PATH =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)$/i;
const DIAGNOSTIC_PATH =
  /^\/(.+)\/providers\/microsoft\.insights\/diagnosticsettings$/i;
const ASSIGNMENTS_PATH =
  /^\/(.+)\/providers\/microsoft\.authorization\/roleassignments$/i;
const DEFINITION_PATH =
  /^\/(.*\/providers\/microsoft\.authorization\/roledefinitions\/([^/]+))$/i;

const key = (id: string) => id.replace(/^\/+/, '').toLowerCase();

export class FakeArmServer {
  readonly requests: RecordedRequest[] = [];
  /** PEM of the certificate the server presents. */
  readonly ca: string;
  #server: Server;
  #url = '';
  #clusters = new Map<string, Record<string, unknown>>();
  #resourceGroups = new Set<string>();
  #diagnosticSettings = new Map<string, unknown[]>();
  #assignments: Array<Record<string, any>> = [];
  #definitions = new Map<string, Record<string, unknown>>();
  #faults: ActiveFault[] = [];
  #sockets = new Set<Socket>();
  /** Role assignments per page, to exercise nextLink paging. */
  pageSize = 100;

  private constructor() {
    this.ca = readFileSync(resolve(TLS_DIR, 'cert.pem'), 'utf8');
    this.#server = createServer(
      {
        cert: this.ca,
        key: readFileSync(resolve(TLS_DIR, 'key.pem'), 'utf8'),
      },
      (req, res) => {
        const url = new URL(req.url ?? '/', this.#url);
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          apiVersion: url.searchParams.get('api-version'),
          filter: url.searchParams.get('$filter'),
          authorization: req.headers.authorization,
        };
        this.requests.push(recorded);
        const reply = this.#handle(recorded, url);
        res.writeHead(reply.status, {
          'content-type': 'application/json; charset=utf-8',
          'x-ms-request-id': `req-${this.requests.length}`,
          ...reply.headers,
        });
        res.end(JSON.stringify(reply.body));
      },
    );
  }

  static async start(): Promise<FakeArmServer> {
    const fake = new FakeArmServer();
    fake.#server.on('connection', (socket: Socket) => {
      fake.#sockets.add(socket);
      socket.on('close', () => fake.#sockets.delete(socket));
    });
    await new Promise<void>(done =>
      fake.#server.listen(0, '127.0.0.1', () => done()),
    );
    const { port } = fake.#server.address() as AddressInfo;
    fake.#url = `https://127.0.0.1:${port}`;
    return fake;
  }

  get url(): string {
    return this.#url;
  }

  async stop(): Promise<void> {
    // Every socket, including ones still in their TLS handshake, or close() waits on them.
    const closed = new Promise(done => this.#server.close(done));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  /** Serves a managed cluster (ARM JSON, `properties` nested) under its `id`. */
  addCluster(body: Record<string, any>): void {
    const match = CLUSTER_PATH.exec(body.id);
    if (!match) throw new Error(`not a managed cluster id: ${body.id}`);
    this.#clusters.set(key(body.id), body);
    this.#resourceGroups.add(`${match[1]}/${match[2]}`.toLowerCase());
  }

  /** Diagnostic settings (ARM JSON) of a resource or of a subscription (`/subscriptions/x`). */
  setDiagnosticSettings(resourceId: string, settings: unknown[]): void {
    this.#diagnosticSettings.set(key(resourceId), settings);
  }

  /** Role assignments (ARM JSON); each is served for its own scope and every scope below. */
  addRoleAssignments(...assignments: Array<Record<string, any>>): void {
    this.#assignments.push(...assignments);
  }

  addRoleDefinitions(...definitions: Array<Record<string, any>>): void {
    for (const d of definitions) this.#definitions.set(key(d.id), d);
  }

  /** Answers requests whose path matches with an error until `times` runs out. */
  addFault(match: RegExp, fault: ArmFault): void {
    this.#faults.push({ ...fault, match });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  requestsMatching(pattern: RegExp): RecordedRequest[] {
    return this.requests.filter(r => pattern.test(r.path));
  }

  #handle(
    req: RecordedRequest,
    url: URL,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    const error = (status: number, code: string, message: string) => ({
      status,
      body: { error: { code, message } },
    });
    if (req.authorization !== `Bearer ${FAKE_TOKEN}`) {
      return error(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    }
    if (!req.apiVersion) {
      return error(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    const fault = this.#faults.find(f => f.match.test(req.path));
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) {
        this.#faults.splice(this.#faults.indexOf(fault), 1);
      }
      return {
        ...error(
          fault.status,
          fault.code ?? 'Error',
          fault.message ?? `HTTP ${fault.status}`,
        ),
        headers: fault.headers,
      };
    }
    if (req.method !== 'GET') {
      return error(405, 'MethodNotAllowed', 'The fake ARM only reads.');
    }

    let m = CLUSTER_PATH.exec(req.path);
    if (m) {
      const cluster = this.#clusters.get(key(req.path));
      if (cluster) return { status: 200, body: cluster };
      if (!this.#resourceGroups.has(`${m[1]}/${m[2]}`.toLowerCase())) {
        return error(
          404,
          'ResourceGroupNotFound',
          `Resource group '${m[2]}' could not be found.`,
        );
      }
      return error(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ContainerService/managedClusters/${m[3]}' under resource group '${m[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    m = DIAGNOSTIC_PATH.exec(req.path);
    if (m) {
      return {
        status: 200,
        body: { value: this.#diagnosticSettings.get(key(m[1])) ?? [] },
      };
    }
    m = ASSIGNMENTS_PATH.exec(req.path);
    if (m) {
      if (req.filter !== 'atScope()') {
        return error(400, 'UnsupportedQuery', 'the fake serves atScope() only');
      }
      const scope = key(m[1]);
      const matching = this.#assignments.filter(a => {
        const own = key(a.properties.scope);
        return scope === own || scope.startsWith(`${own}/`);
      });
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const page = matching.slice(skip, skip + this.pageSize);
      const next = new URL(url);
      next.searchParams.set('$skiptoken', String(skip + this.pageSize));
      return {
        status: 200,
        body: {
          value: page,
          ...(skip + this.pageSize < matching.length
            ? { nextLink: next.toString() }
            : {}),
        },
      };
    }
    m = DEFINITION_PATH.exec(req.path);
    if (m) {
      const definition = this.#definitions.get(key(m[1]));
      if (definition) return { status: 200, body: definition };
      return error(
        404,
        'RoleDefinitionDoesNotExist',
        'The specified role definition with ID ' + `'${m[2]}' does not exist.`,
      );
    }
    return error(
      404,
      'InvalidResourceType',
      `The fake ARM does not serve ${req.path}`,
    );
  }
}
