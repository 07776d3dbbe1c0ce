import { generateKeyPairSync, verify, KeyObject } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

export type FakeRoute = 'getCluster' | 'getIamPolicy';

export interface FakeRequest {
  route: FakeRoute;
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  /** The `Authorization` header as received. */
  authorization?: string;
  /** Milliseconds since the server started. */
  at: number;
}

export interface FakeFault {
  status: number;
  /** google.rpc status name put in the error body. */
  code: string;
  message: string;
  /** How many requests it answers before it is used up. Default: every request. */
  times?: number;
}

/** Error bodies in the shape Google APIs return over REST. */
export const FAULTS = {
  throttled: (times?: number): FakeFault => ({
    status: 429,
    code: 'RESOURCE_EXHAUSTED',
    message:
      "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'",
    times,
  }),
  // Worded without the permission's name, so a test shows the module adds it.
  forbidden: (): FakeFault => ({
    status: 403,
    code: 'PERMISSION_DENIED',
    message: 'The caller does not have permission',
  }),
  unavailable: (times?: number): FakeFault => ({
    status: 503,
    code: 'UNAVAILABLE',
    message: 'The service is currently unavailable.',
    times,
  }),
};

/**
 * A local stand-in for the GKE (container.googleapis.com v1) and Resource Manager
 * (cloudresourcemanager.googleapis.com v3) REST APIs: `clusters.get` and
 * `projects.getIamPolicy`, with injectable faults and a log of what it was asked.
 * When given the public key of the fake service account, it accepts only bearer tokens
 * signed by it, the way the client self-signs them from Application Default Credentials.
 */
export class FakeGoogleCloud {
  readonly requests: FakeRequest[] = [];
  private readonly clusters = new Map<string, unknown>();
  private readonly policies = new Map<string, unknown>();
  private readonly faults = new Map<FakeRoute, FakeFault[]>();
  private readonly started = Date.now();

  private constructor(
    private readonly server: Server,
    private readonly publicKey?: KeyObject,
  ) {}

  static async start(options: { publicKey?: KeyObject } = {}) {
    let fake: FakeGoogleCloud | undefined = undefined;
    const server = createServer((req, res) => fake!.handle(req, res));
    fake = new FakeGoogleCloud(server, options.publicKey);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `cluster` (REST JSON) at projects/P/locations/L/clusters/C. */
  setCluster(
    project: string,
    location: string,
    name: string,
    cluster: unknown,
  ) {
    this.clusters.set(`${project}/${location}/${name}`, cluster);
  }

  setIamPolicy(project: string, policy: unknown) {
    this.policies.set(project, policy);
  }

  addFault(route: FakeRoute, fault: FakeFault) {
    this.faults.set(route, [...(this.faults.get(route) ?? []), { ...fault }]);
  }

  clearFaults() {
    this.faults.clear();
  }

  requestsTo(route: FakeRoute): FakeRequest[] {
    return this.requests.filter(r => r.route === route);
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      const cluster =
        /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/:]+)$/.exec(
          url.pathname,
        );
      const iam = /^\/v3\/projects\/([^/:]+):getIamPolicy$/.exec(url.pathname);
      let route: FakeRoute | undefined;
      if (cluster && req.method === 'GET') route = 'getCluster';
      else if (iam && req.method === 'POST') route = 'getIamPolicy';
      if (!route) {
        this.error(res, {
          status: 404,
          code: 'NOT_FOUND',
          message: `No route ${req.method} ${url.pathname}`,
        });
        return;
      }
      this.requests.push({
        route,
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body,
        authorization: req.headers.authorization,
        at: Date.now() - this.started,
      });
      if (!this.authorized(req.headers.authorization)) {
        this.error(res, {
          status: 401,
          code: 'UNAUTHENTICATED',
          message: 'Request had invalid authentication credentials.',
        });
        return;
      }
      const fault = this.nextFault(route);
      if (fault) {
        this.error(res, fault);
        return;
      }
      if (cluster) {
        const [, project, location, name] = cluster;
        const found = this.clusters.get(`${project}/${location}/${name}`);
        if (!found) {
          this.error(res, {
            status: 404,
            code: 'NOT_FOUND',
            message: `Not found: projects/${project}/locations/${location}/clusters/${name}.`,
          });
          return;
        }
        this.json(res, 200, found);
        return;
      }
      const policy = this.policies.get(iam![1]);
      if (!policy) {
        // What Resource Manager answers for a project that does not exist, too.
        this.error(res, FAULTS.forbidden());
        return;
      }
      this.json(res, 200, policy);
    });
  }

  private authorized(header: string | undefined): boolean {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) return false;
    if (!this.publicKey) return true;
    const [head, payload, signature] = token.split('.');
    if (!head || !payload || !signature) return false;
    return verify(
      'RSA-SHA256',
      Buffer.from(`${head}.${payload}`),
      this.publicKey,
      Buffer.from(signature, 'base64url'),
    );
  }

  private nextFault(route: FakeRoute): FakeFault | undefined {
    const queue = this.faults.get(route);
    const fault = queue?.[0];
    if (!fault) return undefined;
    if (fault.times !== undefined && --fault.times <= 0) queue!.shift();
    return fault;
  }

  private error(res: ServerResponse, fault: FakeFault) {
    this.json(res, fault.status, {
      error: { code: fault.status, message: fault.message, status: fault.code },
    });
  }

  private json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
    });
    res.end(JSON.stringify(body));
  }
}

/**
 * Application Default Credentials for tests: a freshly generated service-account key in
 * a temporary file named by GOOGLE_APPLICATION_CREDENTIALS. The clients then sign their
 * own bearer tokens with it, so nothing reaches Google. Call `restore()` when done.
 */
export function useFakeApplicationDefaultCredentials(): {
  publicKey: KeyObject;
  restore(): void;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const dir = mkdtempSync(join(tmpdir(), 'kube-security-gcp-'));
  const file = join(dir, 'service-account.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: 'kube-security-test',
      private_key_id: 'fake-key',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      client_email: 'kube-security@kube-security-test.iam.gserviceaccount.com',
      client_id: '100000000000000000000',
      // Unroutable: a token exchange would fail loudly instead of leaving the machine.
      token_uri: 'http://127.0.0.1:9/token',
    }),
  );
  const previous = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
  return {
    publicKey,
    restore() {
      if (previous === undefined)
        delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
