import { randomUUID } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';

/**
 * A local stand-in for the AWS APIs the module calls, for tests with the real SDK v3
 * clients pointed at it through their `endpoint`. It speaks the protocols the SDK uses:
 * REST-JSON (EKS), JSON 1.1 with `X-Amz-Target` (CloudTrail, ECR), the query protocol
 * with XML answers (IAM, STS) and EC2's own query dialect. Requests must carry a SigV4
 * `Authorization` header with a key the server issued; the service is read from its
 * credential scope. The signature itself is not verified.
 */

export interface FakeEksCluster {
  /** The `cluster` object of DescribeCluster (`name` and `arn` included). */
  cluster: Record<string, any>;
  nodegroups?: Record<string, any>[];
  addons?: Record<string, any>[];
  podIdentityAssociations?: Record<string, any>[];
  accessEntries?: Array<{
    principalArn: string;
    accessPolicies: Array<{ policyArn: string; accessScope?: any }>;
  }>;
}

export interface FakeIamUser {
  userName: string;
  mfaDevices?: string[];
  consolePassword?: boolean;
  attachedPolicies?: string[];
  inlinePolicies?: string[];
  groups?: string[];
}

export interface FakeAwsState {
  accountId: string;
  region: string;
  clusters: FakeEksCluster[];
  launchTemplates?: Array<{
    id: string;
    name: string;
    version: number;
    isDefault?: boolean;
    metadataOptions?: Record<string, any>;
  }>;
  vpcs?: Array<{ vpcId: string; isDefault: boolean }>;
  instances?: Array<{
    instanceId: string;
    vpcId: string;
    state?: string;
    tags?: Record<string, string>;
  }>;
  iamUsers?: FakeIamUser[];
  trails?: Array<{
    name: string;
    homeRegion?: string;
    isMultiRegionTrail: boolean;
    isLogging: boolean;
    logFileValidationEnabled?: boolean;
  }>;
  ecrRepositories?: Array<{
    repositoryName: string;
    scanOnPush: boolean;
    imageTagMutability?: string;
  }>;
  registryScanning?: {
    scanType: 'BASIC' | 'ENHANCED';
    rules: Array<{
      scanFrequency: string;
      repositoryFilters: Array<{ filter: string; filterType: string }>;
    }>;
  };
  /** Roles that AssumeRole accepts, with the external id their trust policy requires. */
  roles?: Array<{ roleArn: string; externalId?: string }>;
}

export type Fault = 'denied' | 'throttled' | 'notFound' | 'serverError';

export interface RecordedRequest {
  /** IAM-style action, e.g. `eks:DescribeCluster`. */
  action: string;
  accessKeyId: string;
  principal: string;
  sessionToken?: string;
  params: Record<string, string>;
}

class FakeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

type Service = 'eks' | 'iam' | 'sts' | 'ec2' | 'cloudtrail' | 'ecr';

const FAULT_ANSWERS: Record<
  Fault,
  Record<Service, { status: number; code: string }>
> = {
  denied: {
    eks: { status: 403, code: 'AccessDeniedException' },
    iam: { status: 403, code: 'AccessDenied' },
    sts: { status: 403, code: 'AccessDenied' },
    ec2: { status: 403, code: 'UnauthorizedOperation' },
    cloudtrail: { status: 400, code: 'AccessDeniedException' },
    ecr: { status: 400, code: 'AccessDeniedException' },
  },
  throttled: {
    eks: { status: 429, code: 'ThrottlingException' },
    iam: { status: 400, code: 'Throttling' },
    sts: { status: 400, code: 'Throttling' },
    ec2: { status: 503, code: 'RequestLimitExceeded' },
    cloudtrail: { status: 400, code: 'ThrottlingException' },
    ecr: { status: 400, code: 'ThrottlingException' },
  },
  notFound: {
    eks: { status: 404, code: 'ResourceNotFoundException' },
    iam: { status: 404, code: 'NoSuchEntity' },
    sts: { status: 404, code: 'NoSuchEntity' },
    ec2: { status: 400, code: 'InvalidParameterValue' },
    cloudtrail: { status: 400, code: 'TrailNotFoundException' },
    ecr: { status: 400, code: 'RepositoryNotFoundException' },
  },
  serverError: {
    eks: { status: 500, code: 'ServerException' },
    iam: { status: 500, code: 'ServiceFailure' },
    sts: { status: 500, code: 'InternalFailure' },
    ec2: { status: 500, code: 'InternalError' },
    cloudtrail: { status: 500, code: 'InternalFailure' },
    ecr: { status: 500, code: 'ServerException' },
  },
};

/** What each service answers for an access key it does not know. */
const INVALID_TOKEN_CODES: Record<Service, string> = {
  eks: 'UnrecognizedClientException',
  cloudtrail: 'UnrecognizedClientException',
  ecr: 'UnrecognizedClientException',
  ec2: 'AuthFailure',
  iam: 'InvalidClientTokenId',
  sts: 'InvalidClientTokenId',
};

const XMLNS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
};

function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    c =>
      ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' }[
        c
      ]!),
  );
}

/** Query-protocol XML: lists as `<member>` (IAM, STS) or `<item>` (EC2) elements. */
function toXml(value: unknown, itemTag: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value
      .map(v => `<${itemTag}>${toXml(v, itemTag)}</${itemTag}>`)
      .join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, itemTag)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** JSON with timestamps as epoch seconds, as the JSON protocols send them. */
function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replace(this: any, key: string, v: unknown) {
      const raw = key === '' ? v : this[key];
      return raw instanceof Date ? raw.getTime() / 1000 : v;
    },
  );
}

/** One page of a list; tokens are offsets. */
function page<T>(items: T[], token: string | undefined, size: number) {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return {
    items: items.slice(start, end),
    next: end < items.length ? String(end) : undefined,
  };
}

/** `Name.1`, `Name.2`, … of a query request. */
function listParam(params: Record<string, string>, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; params[`${name}.${i}`] !== undefined; i++) {
    values.push(params[`${name}.${i}`]);
  }
  return values;
}

function ec2Filters(params: Record<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (let i = 1; params[`Filter.${i}.Name`] !== undefined; i++) {
    filters.set(
      params[`Filter.${i}.Name`],
      listParam(params, `Filter.${i}.Value`),
    );
  }
  return filters;
}

const CREATED = new Date('2024-03-01T10:00:00Z');

export class FakeAwsServer {
  /** The access key of the static credentials tests give the SDK. */
  static readonly ACCESS_KEY_ID = 'AKIAFAKEKUBESECURITY';
  static readonly SECRET_ACCESS_KEY = 'fake-secret-for-tests-only';

  readonly requests: RecordedRequest[] = [];
  /** Items per page of every list answer; small values exercise pagination. */
  pageSize = 100;
  private readonly faults: Array<{
    action: string;
    fault: Fault;
    times: number;
  }> = [];
  private readonly keys = new Map<
    string,
    { principal: string; sessionToken?: string }
  >();

  private constructor(
    private readonly server: http.Server,
    public state: FakeAwsState,
  ) {
    this.keys.set(FakeAwsServer.ACCESS_KEY_ID, {
      principal: `arn:aws:iam::${state.accountId}:user/kube-security-scanner`,
    });
  }

  static async start(state: FakeAwsState): Promise<FakeAwsServer> {
    const server = http.createServer();
    const fake = new FakeAwsServer(server, state);
    server.on('request', (req, res) => fake.handle(req, res));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Static credentials the server accepts. */
  get credentials() {
    return {
      accessKeyId: FakeAwsServer.ACCESS_KEY_ID,
      secretAccessKey: FakeAwsServer.SECRET_ACCESS_KEY,
    };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** Answers the next `times` calls of `action` (e.g. `iam:ListUsers`) with a fault. */
  fail(action: string, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ action, fault, times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests made for one action. */
  calls(action: string): RecordedRequest[] {
    return this.requests.filter(r => r.action === action);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let service: Service = 'eks';
      try {
        const auth =
          /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
            String(req.headers.authorization ?? ''),
          );
        if (!auth) {
          throw new FakeError(
            403,
            'MissingAuthenticationToken',
            'Request is missing a valid SigV4 Authorization header',
          );
        }
        service = auth[3] as Service;
        const key = this.keys.get(auth[1]);
        const token = req.headers['x-amz-security-token'] as string | undefined;
        if (!key || key.sessionToken !== token) {
          throw new FakeError(
            403,
            INVALID_TOKEN_CODES[service],
            'The security token included in the request is invalid.',
          );
        }
        if (auth[2] !== this.state.region) {
          throw new FakeError(
            403,
            'SignatureDoesNotMatch',
            `Credential should be scoped to a valid region, not '${auth[2]}'`,
          );
        }
        const { action, params, run } = this.route(service, req, body);
        this.requests.push({
          action,
          accessKeyId: auth[1],
          principal: key.principal,
          sessionToken: token,
          params,
        });
        const fault = this.faults.find(f => f.action === action && f.times > 0);
        if (fault) {
          fault.times--;
          const { status, code } = FAULT_ANSWERS[fault.fault][service];
          throw new FakeError(
            status,
            code,
            fault.fault === 'denied'
              ? `User: ${key.principal} is not authorized to perform: ${action} on resource: *`
              : `${code} from the fake for ${action}`,
          );
        }
        this.respond(res, service, action, 200, run());
      } catch (e) {
        const error =
          e instanceof FakeError
            ? e
            : new FakeError(500, 'InternalFailure', String(e));
        this.respondError(res, service, error);
      }
    });
  }

  private respond(
    res: http.ServerResponse,
    service: Service,
    action: string,
    status: number,
    data: unknown,
  ) {
    const requestId = randomUUID();
    res.statusCode = status;
    res.setHeader('x-amzn-requestid', requestId);
    if (service === 'eks') {
      res.setHeader('content-type', 'application/json');
      res.end(toJson(data));
    } else if (service === 'cloudtrail' || service === 'ecr') {
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(toJson(data));
    } else {
      const name = action.split(':')[1];
      res.setHeader('content-type', 'text/xml');
      res.end(
        service === 'ec2'
          ? `<?xml version="1.0" encoding="UTF-8"?><${name}Response xmlns="${
              XMLNS.ec2
            }"><requestId>${requestId}</requestId>${toXml(
              data,
              'item',
            )}</${name}Response>`
          : `<${name}Response xmlns="${XMLNS[service]}"><${name}Result>${toXml(
              data,
              'member',
            )}</${name}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${name}Response>`,
      );
    }
  }

  private respondError(
    res: http.ServerResponse,
    service: Service,
    error: FakeError,
  ) {
    const requestId = randomUUID();
    res.statusCode = error.status;
    res.setHeader('x-amzn-requestid', requestId);
    if (service === 'eks') {
      res.setHeader('content-type', 'application/json');
      res.setHeader(
        'x-amzn-errortype',
        `${error.code}:http://internal.amazon.com/`,
      );
      res.end(JSON.stringify({ message: error.message }));
    } else if (service === 'cloudtrail' || service === 'ecr') {
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(JSON.stringify({ __type: error.code, message: error.message }));
    } else if (service === 'ec2') {
      res.setHeader('content-type', 'text/xml');
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${
          error.code
        }</Code><Message>${escapeXml(
          error.message,
        )}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      );
    } else {
      res.setHeader('content-type', 'text/xml');
      res.end(
        `<ErrorResponse xmlns="${
          XMLNS[service]
        }"><Error><Type>Sender</Type><Code>${
          error.code
        }</Code><Message>${escapeXml(
          error.message,
        )}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  }

  private route(
    service: Service,
    req: http.IncomingMessage,
    body: string,
  ): { action: string; params: Record<string, string>; run: () => unknown } {
    if (service === 'eks') return this.routeEks(req);
    if (service === 'cloudtrail' || service === 'ecr') {
      const target = String(req.headers['x-amz-target'] ?? '');
      const expected =
        service === 'cloudtrail'
          ? 'CloudTrail_20131101.'
          : 'AmazonEC2ContainerRegistry_V20150921.';
      if (
        !target.startsWith(expected) ||
        req.headers['content-type'] !== 'application/x-amz-json-1.1'
      ) {
        throw new FakeError(
          400,
          'UnknownOperationException',
          `Unknown target ${target}`,
        );
      }
      const name = target.slice(expected.length);
      const input = JSON.parse(body || '{}');
      const action = `${service}:${name}`;
      return {
        action,
        params: input,
        run: () =>
          service === 'cloudtrail'
            ? this.cloudtrail(name, input)
            : this.ecr(name, input),
      };
    }
    if (
      req.method !== 'POST' ||
      !String(req.headers['content-type']).startsWith(
        'application/x-www-form-urlencoded',
      )
    ) {
      throw new FakeError(
        400,
        'InvalidAction',
        'Query requests are form posts',
      );
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    const versions: Record<string, string> = {
      iam: '2010-05-08',
      sts: '2011-06-15',
      ec2: '2016-11-15',
    };
    if (params.Version !== versions[service]) {
      throw new FakeError(
        400,
        'InvalidParameterValue',
        `Unexpected version ${params.Version}`,
      );
    }
    const action = `${service}:${params.Action}`;
    return {
      action,
      params,
      run: () => {
        if (service === 'iam') return this.iam(params.Action, params);
        if (service === 'sts') return this.sts(params.Action, params);
        return this.ec2(params.Action, params);
      },
    };
  }

  private findCluster(name: string): FakeEksCluster {
    const found = this.state.clusters.find(c => c.cluster.name === name);
    if (!found) {
      throw new FakeError(
        404,
        'ResourceNotFoundException',
        `No cluster found for name: ${name}.`,
      );
    }
    return found;
  }

  private routeEks(req: http.IncomingMessage) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const parts = url.pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const params = Object.fromEntries(url.searchParams);
    const token = params.nextToken;
    const size = Number(params.maxResults ?? this.pageSize);
    if (req.method !== 'GET' || parts[0] !== 'clusters' || !parts[1]) {
      throw new FakeError(
        404,
        'UnknownOperationException',
        `No route for ${req.method} ${url.pathname}`,
      );
    }
    const name = parts[1];
    const sub = parts.slice(2);
    const listed =
      <T>(key: string, items: T[]) =>
      () => {
        const p = page(items, token, Math.min(size, this.pageSize));
        return { [key]: p.items, nextToken: p.next };
      };
    const cluster = () => this.findCluster(name);
    const key = sub.length
      ? `${sub[0]}${sub.length > 1 ? '/*' : ''}${
          sub.length > 2 ? `/${sub[2]}` : ''
        }`
      : '';
    switch (key) {
      case '':
        return {
          action: 'eks:DescribeCluster',
          params,
          run: () => ({ cluster: cluster().cluster }),
        };
      case 'node-groups':
        return {
          action: 'eks:ListNodegroups',
          params,
          run: () =>
            listed(
              'nodegroups',
              (cluster().nodegroups ?? []).map(n => n.nodegroupName),
            )(),
        };
      case 'node-groups/*':
        return {
          action: 'eks:DescribeNodegroup',
          params,
          run: () => {
            const found = (cluster().nodegroups ?? []).find(
              n => n.nodegroupName === sub[1],
            );
            if (!found)
              throw new FakeError(
                404,
                'ResourceNotFoundException',
                `No node group found for name: ${sub[1]}.`,
              );
            return { nodegroup: found };
          },
        };
      case 'addons':
        return {
          action: 'eks:ListAddons',
          params,
          run: () =>
            listed(
              'addons',
              (cluster().addons ?? []).map(a => a.addonName),
            )(),
        };
      case 'addons/*':
        return {
          action: 'eks:DescribeAddon',
          params,
          run: () => {
            const found = (cluster().addons ?? []).find(
              a => a.addonName === sub[1],
            );
            if (!found)
              throw new FakeError(
                404,
                'ResourceNotFoundException',
                `No addon: ${sub[1]}`,
              );
            return { addon: found };
          },
        };
      case 'pod-identity-associations':
        return {
          action: 'eks:ListPodIdentityAssociations',
          params,
          run: () =>
            listed('associations', cluster().podIdentityAssociations ?? [])(),
        };
      case 'access-entries':
        return {
          action: 'eks:ListAccessEntries',
          params,
          run: () => {
            const c = cluster();
            if (c.cluster.accessConfig?.authenticationMode === 'CONFIG_MAP') {
              throw new FakeError(
                400,
                'InvalidRequestException',
                'The cluster authentication mode must be API or API_AND_CONFIG_MAP',
              );
            }
            return listed(
              'accessEntries',
              (c.accessEntries ?? []).map(e => e.principalArn),
            )();
          },
        };
      case 'access-entries/*/access-policies':
        return {
          action: 'eks:ListAssociatedAccessPolicies',
          params,
          run: () => {
            const entry = (cluster().accessEntries ?? []).find(
              e => e.principalArn === sub[1],
            );
            if (!entry)
              throw new FakeError(
                404,
                'ResourceNotFoundException',
                `No access entry for ${sub[1]}`,
              );
            const p = page(
              entry.accessPolicies.map(policy => ({
                ...policy,
                associatedAt: CREATED,
                modifiedAt: CREATED,
              })),
              token,
              Math.min(size, this.pageSize),
            );
            return {
              clusterName: name,
              principalArn: entry.principalArn,
              associatedAccessPolicies: p.items,
              nextToken: p.next,
            };
          },
        };
      default:
        throw new FakeError(
          404,
          'UnknownOperationException',
          `No route for ${url.pathname}`,
        );
    }
  }

  private iamUser(name: string | undefined): FakeIamUser {
    const user = (this.state.iamUsers ?? []).find(u => u.userName === name);
    if (!user)
      throw new FakeError(
        404,
        'NoSuchEntity',
        `The user with name ${name} cannot be found.`,
      );
    return user;
  }

  /** IAM's Marker / IsTruncated paging. */
  private iamPage<T>(key: string, items: T[], params: Record<string, string>) {
    const p = page(
      items,
      params.Marker,
      Math.min(Number(params.MaxItems ?? this.pageSize), this.pageSize),
    );
    return {
      [key]: p.items,
      IsTruncated: p.next !== undefined,
      Marker: p.next,
    };
  }

  private iam(name: string, params: Record<string, string>): unknown {
    const { accountId } = this.state;
    switch (name) {
      case 'ListUsers':
        return this.iamPage(
          'Users',
          (this.state.iamUsers ?? []).map(u => ({
            Path: '/',
            UserName: u.userName,
            UserId: `AIDA${u.userName.toUpperCase()}`,
            Arn: `arn:aws:iam::${accountId}:user/${u.userName}`,
            CreateDate: CREATED,
          })),
          params,
        );
      case 'ListMFADevices': {
        const user = this.iamUser(params.UserName);
        return this.iamPage(
          'MFADevices',
          (user.mfaDevices ?? []).map(device => ({
            UserName: user.userName,
            SerialNumber: `arn:aws:iam::${accountId}:mfa/${device}`,
            EnableDate: CREATED,
          })),
          params,
        );
      }
      case 'GetLoginProfile': {
        const user = this.iamUser(params.UserName);
        if (!user.consolePassword) {
          throw new FakeError(
            404,
            'NoSuchEntity',
            `Login Profile for User ${user.userName} cannot be found.`,
          );
        }
        return {
          LoginProfile: {
            UserName: user.userName,
            CreateDate: CREATED,
            PasswordResetRequired: false,
          },
        };
      }
      case 'ListAttachedUserPolicies':
        return this.iamPage(
          'AttachedPolicies',
          (this.iamUser(params.UserName).attachedPolicies ?? []).map(arn => ({
            PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
            PolicyArn: arn,
          })),
          params,
        );
      case 'ListUserPolicies':
        return this.iamPage(
          'PolicyNames',
          this.iamUser(params.UserName).inlinePolicies ?? [],
          params,
        );
      case 'ListGroupsForUser':
        return this.iamPage(
          'Groups',
          (this.iamUser(params.UserName).groups ?? []).map(group => ({
            Path: '/',
            GroupName: group,
            GroupId: `AGPA${group.toUpperCase()}`,
            Arn: `arn:aws:iam::${accountId}:group/${group}`,
            CreateDate: CREATED,
          })),
          params,
        );
      default:
        throw new FakeError(
          400,
          'InvalidAction',
          `Could not find operation ${name}`,
        );
    }
  }

  private sts(name: string, params: Record<string, string>): unknown {
    if (name !== 'AssumeRole') {
      throw new FakeError(
        400,
        'InvalidAction',
        `Could not find operation ${name}`,
      );
    }
    const role = (this.state.roles ?? []).find(
      r => r.roleArn === params.RoleArn,
    );
    const caller = this.requests[this.requests.length - 1].principal;
    if (!role || role.externalId !== params.ExternalId) {
      throw new FakeError(
        403,
        'AccessDenied',
        `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}`,
      );
    }
    const accessKeyId = `ASIA${randomUUID()
      .replace(/-/g, '')
      .slice(0, 16)
      .toUpperCase()}`;
    const sessionToken = `session-${randomUUID()}`;
    const roleName = role.roleArn.slice(role.roleArn.lastIndexOf('/') + 1);
    const principal = `arn:aws:sts::${this.state.accountId}:assumed-role/${roleName}/${params.RoleSessionName}`;
    this.keys.set(accessKeyId, { principal, sessionToken });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: `secret-${randomUUID()}`,
        SessionToken: sessionToken,
        Expiration: new Date(Date.now() + 3600_000),
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROA:${params.RoleSessionName}`,
        Arn: principal,
      },
    };
  }

  private ec2(name: string, params: Record<string, string>): unknown {
    const { accountId } = this.state;
    switch (name) {
      case 'DescribeVpcs': {
        const ids = listParam(params, 'VpcId');
        const vpcs = (this.state.vpcs ?? []).filter(
          v => !ids.length || ids.includes(v.vpcId),
        );
        const missing = ids.find(id => !vpcs.some(v => v.vpcId === id));
        if (missing)
          throw new FakeError(
            400,
            'InvalidVpcID.NotFound',
            `The vpc ID '${missing}' does not exist`,
          );
        return {
          vpcSet: vpcs.map(v => ({
            vpcId: v.vpcId,
            ownerId: accountId,
            state: 'available',
            cidrBlock: '10.0.0.0/16',
            isDefault: v.isDefault,
          })),
        };
      }
      case 'DescribeInstances': {
        const filters = ec2Filters(params);
        const vpcIds = filters.get('vpc-id');
        const states = filters.get('instance-state-name');
        const matching = (this.state.instances ?? []).filter(
          i =>
            (!vpcIds || vpcIds.includes(i.vpcId)) &&
            (!states || states.includes(i.state ?? 'running')),
        );
        const p = page(
          matching,
          params.NextToken,
          Math.min(Number(params.MaxResults ?? 1000), this.pageSize),
        );
        return {
          reservationSet: p.items.map(i => ({
            reservationId: `r-${i.instanceId}`,
            ownerId: accountId,
            instancesSet: [
              {
                instanceId: i.instanceId,
                vpcId: i.vpcId,
                instanceState: { code: 16, name: i.state ?? 'running' },
                tagSet: Object.entries(i.tags ?? {}).map(([key, value]) => ({
                  key,
                  value,
                })),
              },
            ],
          })),
          nextToken: p.next,
        };
      }
      case 'DescribeLaunchTemplateVersions': {
        const id = params.LaunchTemplateId;
        const ltName = params.LaunchTemplateName;
        const versions = (this.state.launchTemplates ?? []).filter(
          t => (id && t.id === id) || (ltName && t.name === ltName),
        );
        if (!versions.length) {
          throw new FakeError(
            400,
            'InvalidLaunchTemplateId.NotFound',
            `The specified launch template, with template ID ${
              id ?? ltName
            }, does not exist.`,
          );
        }
        const wanted = listParam(params, 'LaunchTemplateVersion');
        const latest = Math.max(...versions.map(v => v.version));
        const selected = versions.filter(
          v =>
            !wanted.length ||
            wanted.includes(String(v.version)) ||
            (wanted.includes('$Latest') && v.version === latest) ||
            (wanted.includes('$Default') && v.isDefault),
        );
        return {
          launchTemplateVersionSet: selected.map(v => ({
            launchTemplateId: v.id,
            launchTemplateName: v.name,
            versionNumber: v.version,
            defaultVersion: v.isDefault ?? false,
            createTime: CREATED,
            launchTemplateData: v.metadataOptions
              ? { metadataOptions: v.metadataOptions }
              : {},
          })),
        };
      }
      default:
        throw new FakeError(
          400,
          'InvalidAction',
          `The action ${name} is not valid for this web service.`,
        );
    }
  }

  private cloudtrail(name: string, input: Record<string, any>): unknown {
    const { accountId, region } = this.state;
    const arnOf = (trail: { name: string; homeRegion?: string }) =>
      `arn:aws:cloudtrail:${trail.homeRegion ?? region}:${accountId}:trail/${
        trail.name
      }`;
    switch (name) {
      case 'DescribeTrails':
        return {
          trailList: (this.state.trails ?? [])
            // Trails of other regions only show up as shadow trails when multi-region.
            .filter(
              t =>
                (t.homeRegion ?? region) === region ||
                (input.includeShadowTrails !== false && t.isMultiRegionTrail),
            )
            .map(t => ({
              Name: t.name,
              S3BucketName: `${t.name}-logs`,
              IncludeGlobalServiceEvents: true,
              IsMultiRegionTrail: t.isMultiRegionTrail,
              HomeRegion: t.homeRegion ?? region,
              TrailARN: arnOf(t),
              LogFileValidationEnabled: t.logFileValidationEnabled ?? false,
              HasCustomEventSelectors: false,
              HasInsightSelectors: false,
              IsOrganizationTrail: false,
            })),
        };
      case 'GetTrailStatus': {
        const trail = (this.state.trails ?? []).find(
          t => arnOf(t) === input.Name || t.name === input.Name,
        );
        if (!trail)
          throw new FakeError(
            400,
            'TrailNotFoundException',
            `Unknown trail: ${input.Name}`,
          );
        return { IsLogging: trail.isLogging, LatestDeliveryTime: CREATED };
      }
      default:
        throw new FakeError(400, 'UnknownOperationException', name);
    }
  }

  private ecr(name: string, input: Record<string, any>): unknown {
    const { accountId, region } = this.state;
    switch (name) {
      case 'DescribeRepositories': {
        const p = page(
          this.state.ecrRepositories ?? [],
          input.nextToken,
          Math.min(input.maxResults ?? 1000, this.pageSize),
        );
        return {
          repositories: p.items.map(r => ({
            repositoryArn: `arn:aws:ecr:${region}:${accountId}:repository/${r.repositoryName}`,
            registryId: accountId,
            repositoryName: r.repositoryName,
            repositoryUri: `${accountId}.dkr.ecr.${region}.amazonaws.com/${r.repositoryName}`,
            createdAt: CREATED,
            imageTagMutability: r.imageTagMutability ?? 'MUTABLE',
            imageScanningConfiguration: { scanOnPush: r.scanOnPush },
            encryptionConfiguration: { encryptionType: 'AES256' },
          })),
          nextToken: p.next,
        };
      }
      case 'GetRegistryScanningConfiguration':
        return {
          registryId: accountId,
          scanningConfiguration: this.state.registryScanning ?? {
            scanType: 'BASIC',
            rules: [],
          },
        };
      default:
        throw new FakeError(400, 'UnknownOperationException', name);
    }
  }
}
