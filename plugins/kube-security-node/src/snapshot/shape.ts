/**
 * The shape of the fields the engine reads, checked once when a manifest is read. Kubernetes
 * would refuse an object whose `containers` is a number or whose labels are a list; a file
 * handed to the scanner is not checked by anyone. A value of the wrong type is reported
 * (naming the field) and dropped, so the checks only ever see the types the API guarantees
 * and one bad field does not cost the rest of the object or the file.
 *
 * Only the structure is checked (lists, objects, maps, strings); fields not listed here are
 * left as they are.
 */

/** A string (numbers and booleans, as YAML may type a bare value, become strings). */
type StringShape = 'string';
/** A string, number or boolean (ports, user ids, flags as YAML types them). */
type ScalarShape = 'scalar';
/** Anything: the checks compare it, never walk into it. */
type AnyShape = 'any';

export type Shape =
  | StringShape
  | ScalarShape
  | AnyShape
  | { list: Shape }
  | { map: Shape }
  | { fields: Record<string, Shape> };

const string: StringShape = 'string';
const scalar: ScalarShape = 'scalar';
const list = (item: Shape): Shape => ({ list: item });
const map = (value: Shape): Shape => ({ map: value });
const fields = (shape: Record<string, Shape>): Shape => ({ fields: shape });

const STRINGS = list(string);
const STRING_MAP = map(string);

const SELECTOR = fields({
  matchLabels: STRING_MAP,
  matchExpressions: list(
    fields({ key: string, operator: string, values: STRINGS }),
  ),
});

const SECCOMP = fields({ type: string, localhostProfile: string });
const SELINUX = fields({
  user: string,
  role: string,
  type: string,
  level: string,
});
const APPARMOR = fields({ type: string, localhostProfile: string });
const WINDOWS = fields({ hostProcess: 'any', runAsUserName: string });

const CONTAINER_SECURITY = fields({
  privileged: 'any',
  allowPrivilegeEscalation: 'any',
  readOnlyRootFilesystem: 'any',
  runAsNonRoot: 'any',
  runAsUser: scalar,
  runAsGroup: scalar,
  procMount: string,
  capabilities: fields({ add: STRINGS, drop: STRINGS }),
  seccompProfile: SECCOMP,
  seLinuxOptions: SELINUX,
  appArmorProfile: APPARMOR,
  windowsOptions: WINDOWS,
});

const KEY_REF = fields({ name: string, key: string, optional: 'any' });

const CONTAINER = fields({
  name: string,
  image: string,
  command: list(scalar),
  args: list(scalar),
  env: list(
    fields({
      name: string,
      value: scalar,
      valueFrom: fields({ secretKeyRef: KEY_REF, configMapKeyRef: KEY_REF }),
    }),
  ),
  envFrom: list(
    fields({
      prefix: string,
      secretRef: fields({ name: string }),
      configMapRef: fields({ name: string }),
    }),
  ),
  ports: list(
    fields({
      name: string,
      containerPort: scalar,
      hostPort: scalar,
      hostIP: string,
      protocol: string,
    }),
  ),
  volumeMounts: list(
    fields({
      name: string,
      mountPath: string,
      readOnly: 'any',
      subPath: string,
    }),
  ),
  resources: fields({ limits: map(scalar), requests: map(scalar) }),
  securityContext: CONTAINER_SECURITY,
});

const POD_SPEC = fields({
  serviceAccountName: string,
  serviceAccount: string,
  automountServiceAccountToken: 'any',
  hostNetwork: 'any',
  hostPID: 'any',
  hostIPC: 'any',
  hostUsers: 'any',
  nodeName: string,
  nodeSelector: STRING_MAP,
  os: fields({ name: string }),
  containers: list(CONTAINER),
  initContainers: list(CONTAINER),
  ephemeralContainers: list(CONTAINER),
  volumes: list(
    fields({
      name: string,
      hostPath: fields({ path: string, type: string }),
      secret: fields({ secretName: string }),
      configMap: fields({ name: string }),
      projected: fields({ sources: list(map('any')) }),
    }),
  ),
  imagePullSecrets: list(fields({ name: string })),
  tolerations: list(map('any')),
  securityContext: fields({
    runAsNonRoot: 'any',
    runAsUser: scalar,
    runAsGroup: scalar,
    fsGroup: scalar,
    supplementalGroups: list(scalar),
    seccompProfile: SECCOMP,
    seLinuxOptions: SELINUX,
    appArmorProfile: APPARMOR,
    windowsOptions: WINDOWS,
    sysctls: list(fields({ name: string, value: scalar })),
  }),
});

const METADATA = fields({
  name: string,
  namespace: string,
  labels: STRING_MAP,
  annotations: STRING_MAP,
  ownerReferences: list(
    fields({
      apiVersion: string,
      kind: string,
      name: string,
      uid: string,
      controller: 'any',
    }),
  ),
});

const TEMPLATE = fields({
  metadata: fields({ labels: STRING_MAP, annotations: STRING_MAP }),
  spec: POD_SPEC,
});

const WORKLOAD_SPEC = fields({ selector: SELECTOR, template: TEMPLATE });
const WORKLOAD = fields({ spec: WORKLOAD_SPEC });

const INGRESS_BACKEND = fields({
  serviceName: string,
  service: fields({ name: string, port: map('any') }),
});

const PEERS = list(
  fields({
    podSelector: SELECTOR,
    namespaceSelector: SELECTOR,
    ipBlock: fields({ cidr: string, except: STRINGS }),
  }),
);
const POLICY_PORTS = list(map('any'));

const RBAC_ROLE = fields({
  rules: list(
    fields({
      apiGroups: STRINGS,
      resources: STRINGS,
      verbs: STRINGS,
      resourceNames: STRINGS,
      nonResourceURLs: STRINGS,
    }),
  ),
  aggregationRule: fields({ clusterRoleSelectors: list(SELECTOR) }),
});

const RBAC_BINDING = fields({
  roleRef: fields({ apiGroup: string, kind: string, name: string }),
  subjects: list(
    fields({ kind: string, name: string, namespace: string, apiGroup: string }),
  ),
});

const WEBHOOKS = fields({
  webhooks: list(
    fields({
      name: string,
      failurePolicy: string,
      namespaceSelector: SELECTOR,
      objectSelector: SELECTOR,
      rules: list(
        fields({
          apiGroups: STRINGS,
          apiVersions: STRINGS,
          operations: STRINGS,
          resources: STRINGS,
        }),
      ),
    }),
  ),
});

/** The shape of each kind beyond its metadata. */
const KIND_SHAPES: Record<string, Shape> = {
  Pod: fields({ spec: POD_SPEC }),
  PodTemplate: fields({ template: TEMPLATE }),
  Deployment: WORKLOAD,
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  ReplicaSet: WORKLOAD,
  ReplicationController: fields({
    spec: fields({ selector: STRING_MAP, template: TEMPLATE }),
  }),
  DeploymentConfig: fields({
    spec: fields({ selector: STRING_MAP, template: TEMPLATE }),
  }),
  Job: WORKLOAD,
  // Argo Rollouts: a pod template of its own, or a Deployment it names.
  Rollout: fields({
    spec: fields({
      selector: SELECTOR,
      template: TEMPLATE,
      workloadRef: fields({ apiVersion: string, kind: string, name: string }),
    }),
  }),
  CronJob: fields({
    spec: fields({
      schedule: string,
      jobTemplate: fields({ metadata: map('any'), spec: WORKLOAD_SPEC }),
    }),
  }),
  Service: fields({
    spec: fields({
      type: string,
      selector: STRING_MAP,
      ports: list(map('any')),
      loadBalancerSourceRanges: STRINGS,
    }),
  }),
  Ingress: fields({
    spec: fields({
      backend: INGRESS_BACKEND,
      defaultBackend: INGRESS_BACKEND,
      tls: list(map('any')),
      rules: list(
        fields({
          host: string,
          http: fields({
            paths: list(fields({ path: string, backend: INGRESS_BACKEND })),
          }),
        }),
      ),
    }),
  }),
  NetworkPolicy: fields({
    spec: fields({
      podSelector: SELECTOR,
      policyTypes: STRINGS,
      ingress: list(fields({ from: PEERS, ports: POLICY_PORTS })),
      egress: list(fields({ to: PEERS, ports: POLICY_PORTS })),
    }),
  }),
  Role: RBAC_ROLE,
  ClusterRole: RBAC_ROLE,
  RoleBinding: RBAC_BINDING,
  ClusterRoleBinding: RBAC_BINDING,
  ServiceAccount: fields({
    automountServiceAccountToken: 'any',
    secrets: list(map('any')),
  }),
  ConfigMap: fields({ data: map(scalar), binaryData: STRING_MAP }),
  Node: fields({
    spec: fields({ providerID: string }),
    status: fields({
      addresses: list(fields({ type: string, address: string })),
    }),
  }),
  ValidatingWebhookConfiguration: WEBHOOKS,
  MutatingWebhookConfiguration: WEBHOOKS,
};

/** What was wrong with one field. */
export interface ShapeProblem {
  /** Dotted path of the field, e.g. `spec.template.spec.containers[0].ports`. */
  path: string;
  expected: string;
  got: string;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function describeShape(shape: Shape): string {
  if (shape === 'string') return 'a string';
  if (shape === 'scalar') return 'a string, number or boolean';
  if (shape === 'any') return 'anything';
  if ('list' in shape) return 'a list';
  return 'a mapping';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Checks `value` against `shape`; returns the value to keep (`undefined` to drop it) and
 * records what was wrong. `null` is kept where it stands for "not set".
 */
function conform(
  value: unknown,
  shape: Shape,
  path: string,
  problems: ShapeProblem[],
): unknown {
  if (value === null || value === undefined || shape === 'any') return value;
  const wrong = () => {
    problems.push({
      path,
      expected: describeShape(shape),
      got: typeName(value),
    });
    return undefined;
  };
  if (shape === 'string') {
    if (typeof value === 'string') return value;
    return typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : wrong();
  }
  if (shape === 'scalar') return isScalar(value) ? value : wrong();
  if ('list' in shape) {
    if (!Array.isArray(value)) return wrong();
    let kept: unknown[] | undefined;
    value.forEach((item, i) => {
      const conformed = conform(item, shape.list, `${path}[${i}]`, problems);
      if (conformed !== item && !kept) kept = value.slice(0, i);
      if (kept && conformed !== undefined) kept.push(conformed);
    });
    return kept ?? value;
  }
  if (!isPlainObject(value)) return wrong();
  if ('map' in shape) {
    for (const [key, item] of Object.entries(value)) {
      const conformed = conform(item, shape.map, `${path}.${key}`, problems);
      if (conformed === undefined) delete value[key];
      else if (conformed !== item) setOwn(value, key, conformed);
    }
    return value;
  }
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const item = value[key];
    const conformed = conform(
      item,
      fieldShape,
      path ? `${path}.${key}` : key,
      problems,
    );
    if (conformed === undefined) delete value[key];
    else if (conformed !== item) setOwn(value, key, conformed);
  }
  return value;
}

/** Sets an own property, even one named `__proto__`, without touching any prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Brings an object of a known kind to the shape the engine expects, in place: a field of the
 * wrong type is removed (a list item of the wrong type is left out) and reported.
 */
export function conformObject(
  object: Record<string, any>,
  kind: string,
): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  conform(object.metadata, METADATA, 'metadata', problems);
  const shape = KIND_SHAPES[kind];
  if (shape) conform(object, shape, '', problems);
  return problems;
}
