import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * Generators of hostile and malformed manifests for property-based tests: real objects of
 * every kind the engine reads, with wrong types put into any of their fields, odd names, and
 * texts that are broken, huge, deep or full of aliases and control characters.
 */

const POD_SPEC = {
  serviceAccountName: 'app',
  hostNetwork: false,
  securityContext: {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  initContainers: [{ name: 'init', image: 'busybox:1.36' }],
  containers: [
    {
      name: 'app',
      image: 'ghcr.io/acme/app:1.0',
      env: [
        { name: 'LOG_LEVEL', value: 'debug' },
        {
          name: 'DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
        },
      ],
      ports: [{ containerPort: 8080, hostPort: 8080 }],
      securityContext: {
        privileged: true,
        allowPrivilegeEscalation: false,
        capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      },
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    },
  ],
  volumes: [
    { name: 'data', hostPath: { path: '/var/run/docker.sock' } },
    { name: 'cfg', configMap: { name: 'cfg' } },
  ],
};

const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels: { app: name, 'backstage.io/kubernetes-id': name },
  annotations: {
    'kube-security.io/accept.privileged-container': 'until 2099-01-01: reason',
  },
});

export const TEMPLATES: Array<Record<string, any>> = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('pod', 'shop'),
    spec: POD_SPEC,
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web', 'shop'),
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: POD_SPEC },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('job', 'shop'),
    spec: {
      schedule: '* * * * *',
      jobTemplate: { spec: { template: { spec: POD_SPEC } } },
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('agent', 'kube-system'),
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: POD_SPEC },
    },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta('reader'),
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets', 'pods/exec'],
        verbs: ['get', 'list', '*'],
      },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('bind', 'shop'),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'cluster-admin',
    },
    subjects: [
      { kind: 'ServiceAccount', name: 'default', namespace: 'shop' },
      { kind: 'User', name: 'alice' },
    ],
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('deny', 'shop'),
    spec: {
      podSelector: {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }],
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      ...meta('shop'),
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('lb', 'shop'),
    spec: {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      ports: [{ port: 80 }],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('ing', 'shop'),
    spec: {
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              {
                path: '/',
                backend: { service: { name: 'lb', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('cfg', 'shop'),
    data: {
      'api-token': 'ghp_0123456789abcdefghijklmnopqrstuvwxyz',
      mode: 'fast',
    },
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta('app', 'shop'),
    automountServiceAccountToken: true,
  },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      ...meta('node-1'),
      labels: { 'topology.kubernetes.io/zone': 'eu-west-1a' },
    },
    status: { addresses: [{ type: 'ExternalIP', address: '203.0.113.7' }] },
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: meta('policy'),
    webhooks: [
      {
        name: 'validate.kyverno.svc',
        rules: [{ operations: ['CREATE'], resources: ['pods'] }],
      },
    ],
  },
];

/** Every path to a value in an object, as key lists (array indexes included). */
export function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) {
    return [
      ...here,
      ...value.flatMap((item, i) => pathsOf(item, [...prefix, i])),
    ];
  }
  if (value !== null && typeof value === 'object') {
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) =>
        pathsOf(item, [...prefix, key]),
      ),
    ];
  }
  return here;
}

function setPath(target: any, path: Array<string | number>, value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = node[key];
  }
  if (node !== null && typeof node === 'object')
    node[path[path.length - 1]] = value;
}

/** Names and strings nobody should trust: controls, bidi overrides, markup, huge, unicode. */
export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u001b[2J\u001b]8;;https://evil.example\u0007x',
    '\u202eevil',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '# heading\n[link](https://evil.example)',
    '=HYPERLINK("https://evil.example")',
    'x'.repeat(10_000),
    '🔥'.repeat(200),
    'true',
    '0',
    '-1',
    '1e309',
    '__proto__',
    'constructor',
  ),
);

/** A value of a wrong (or right) type for any field. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.anything({ maxDepth: 3 }),
);

/** A real object of some kind with 1–4 of its fields replaced by wrong values. */
export const mutatedObject = fc.constantFrom(...TEMPLATES).chain(template => {
  const paths = pathsOf(template);
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), wrongValue), {
      minLength: 1,
      maxLength: 4,
    })
    .map(changes => {
      const copy = structuredClone(template);
      // A clone each: the same generated value set at two paths must not become a cycle.
      for (const [path, value] of changes)
        setPath(copy, path, structuredClone(value));
      return copy;
    });
});

/** Deeply nested or very wide documents. */
const hugeOrDeep = fc.oneof(
  fc
    .integer({ min: 100, max: 3_000 })
    .map(depth => `data: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
  fc
    .integer({ min: 100, max: 3_000 })
    .map(depth => `${'a:\n '.repeat(depth).replace(/ $/, '')}1\n`),
  fc
    .integer({ min: 10, max: 500 })
    .map(
      width =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n${Array.from(
          { length: width },
          (_, i) => `  k${i}: "${i}"`,
        ).join('\n')}\n`,
    ),
  fc
    .tuple(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 2, max: 60 }))
    .map(
      ([width, copies]) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aliases}\ndata:\n  a: &a [${Array.from(
          { length: width },
          () => 'x',
        ).join(',')}]\n  b: &b [${Array.from(
          { length: copies },
          () => '*a',
        ).join(',')}]\n  c: [${Array.from({ length: copies }, () => '*b').join(
          ',',
        )}]\n`,
    ),
);

/** Breaks a text: cut it short, or insert bytes that no parser expects. */
const corrupt = (text: string) =>
  fc.oneof(
    fc.nat({ max: Math.max(0, text.length) }).map(cut => text.slice(0, cut)),
    fc
      .tuple(
        fc.nat({ max: Math.max(0, text.length) }),
        fc.constantFrom(
          '\u0000',
          '\t',
          ': :',
          '- [',
          '{',
          '"',
          '&x *x',
          '\ufeff',
          '%YAML 9.9\n',
          '!!binary x',
          '<<: *nope',
        ),
      )
      .map(([at, bad]) => `${text.slice(0, at)}${bad}${text.slice(at)}`),
  );

/** A whole manifest text: YAML or JSON of mutated objects, broken or not, or a pathological one. */
export const hostileManifestText: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(mutatedObject, { minLength: 1, maxLength: 3 })
    .map(objects => objects.map(o => stringify(o)).join('---\n')),
  mutatedObject.map(o => JSON.stringify(o)),
  fc
    .array(mutatedObject, { maxLength: 3 })
    .map(items => JSON.stringify({ apiVersion: 'v1', kind: 'List', items })),
  mutatedObject.chain(o => corrupt(stringify(o))),
  mutatedObject.chain(o => corrupt(JSON.stringify(o))),
  hugeOrDeep,
  fc.string({ unit: 'binary', maxLength: 2_000 }),
);
