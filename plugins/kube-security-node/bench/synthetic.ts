import type { KubeObject, Snapshot } from '../src/snapshot/types';

/**
 * A deterministic, realistic-looking cluster of a given size for the engine benchmark.
 *
 * Proportions follow what production clusters of a few hundred nodes look like:
 * - about 30 pods per node, nodes spread over three zones;
 * - about 50 application namespaces per 10k pods, plus the usual system namespaces;
 * - per 100 application pods about 20 Deployments (each with its current ReplicaSet and,
 *   for most, an old scaled-down one), a few StatefulSets (data stores, with headless
 *   Services), some CronJobs with their Jobs and pods, and a few bare pods;
 * - four system DaemonSets (one pod per node each) and a handful of system Deployments;
 * - roughly one Service per Deployment (about 1 in 12 LoadBalancer, 1 in 14 NodePort), an
 *   Ingress per five Deployments, NetworkPolicies in half of the namespaces;
 * - RBAC per namespace (service accounts, Roles, RoleBindings) and the cluster-wide
 *   ClusterRoles / ClusterRoleBindings a managed cluster ships with;
 * - a mix of good and bad practices (about half of the workloads without a security
 *   context, a few privileged or root ones, Docker Hub and `latest` images, literal
 *   secrets in env) so that the checks report findings at a realistic rate.
 *
 * Pods carry status (IPs, conditions, container statuses) as `kubectl get -o json` prints
 * them, minus managedFields, which collectors drop.
 */
export interface SyntheticOptions {
  pods: number;
  seed?: number;
}

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** Integer in [min, max]. */
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    hex: (length: number) => {
      let out = '';
      while (out.length < length) {
        out += Math.floor(next() * 0x100000000)
          .toString(16)
          .padStart(8, '0');
      }
      return out.slice(0, length);
    },
  };
}

type Random = ReturnType<typeof createRandom>;

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const TEAMS = [
  'checkout',
  'catalog',
  'search',
  'payments',
  'identity',
  'growth',
  'ml',
  'data',
];
const APP_WORDS = [
  'api',
  'web',
  'worker',
  'gateway',
  'indexer',
  'scheduler',
  'sync',
  'notifier',
  'reports',
  'auth',
];
const DATASTORES = [
  { image: 'postgres:16.3', port: 5432, name: 'postgres' },
  { image: 'redis:7.2', port: 6379, name: 'redis' },
  { image: 'bitnami/kafka:3.7', port: 9092, name: 'kafka' },
  { image: 'mongo:7.0', port: 27017, name: 'mongo' },
  {
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.13.4',
    port: 9200,
    name: 'search',
  },
];

function uid(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function timestamp(random: Random): string {
  const day = random.int(1, 28);
  const hour = random.int(0, 23);
  return `2025-10-${String(day).padStart(2, '0')}T${String(hour).padStart(
    2,
    '0',
  )}:${String(random.int(0, 59)).padStart(2, '0')}:00Z`;
}

interface Template {
  labels: Record<string, string>;
  spec: any;
}

/** A container as teams write them, with the practice mix described above. */
function container(
  random: Random,
  name: string,
  team: string,
  posture: Posture,
): any {
  const roll = random.next();
  let image: string;
  if (roll < 0.6)
    image = `${ECR}/${team}/${name}:${random.int(1, 9)}.${random.int(
      0,
      30,
    )}.${random.int(0, 9)}`;
  else if (roll < 0.72)
    image = random.pick([
      'nginx:1.27',
      'node:20-alpine',
      'python:3.12-slim',
      'busybox:1.36',
    ]);
  else if (roll < 0.8) image = `${ECR}/${team}/${name}:latest`;
  else if (roll < 0.9)
    image = random.pick([
      'quay.io/prometheus/node-exporter:v1.8.1',
      'ghcr.io/example/tool:2.1.0',
      'registry.k8s.io/pause:3.9',
    ]);
  else if (roll < 0.95)
    image = `${ECR}/${team}/${name}@sha256:${random.hex(64)}`;
  else
    image = random.pick([
      'ubuntu:22.04',
      `${ECR}/${team}/${name}:prod-${random.int(1, 99)}`,
    ]);

  const env: any[] = [
    { name: 'LOG_LEVEL', value: random.pick(['info', 'debug', 'warn']) },
    { name: 'PORT', value: '8080' },
    {
      name: 'POD_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    },
  ];
  for (let i = random.int(0, 5); i > 0; i--) {
    env.push({
      name: `FEATURE_${random.hex(4).toUpperCase()}`,
      value: String(random.chance(0.5)),
    });
  }
  env.push({
    name: 'DB_PASSWORD',
    valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } },
  });
  if (random.chance(0.03))
    env.push({ name: 'API_TOKEN', value: `tok-${random.hex(24)}` });

  const c: any = {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    env,
    resources: {
      requests: {
        cpu: `${random.int(1, 10) * 50}m`,
        memory: `${random.int(1, 16) * 64}Mi`,
      },
      limits: { memory: `${random.int(2, 32) * 64}Mi` },
    },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 8080 },
      periodSeconds: 10,
    },
    readinessProbe: {
      httpGet: { path: '/ready', port: 8080 },
      periodSeconds: 5,
    },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/app' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (posture === 'hardened') {
    c.securityContext = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    };
  } else if (posture === 'bad') {
    c.securityContext = random.pick([
      { privileged: true },
      { runAsUser: 0 },
      { capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } },
      { allowPrivilegeEscalation: true },
    ]);
  }
  return c;
}

type Posture = 'hardened' | 'none' | 'bad';

function podTemplate(
  random: Random,
  app: string,
  team: string,
  extraLabels: Record<string, string> = {},
): Template {
  const roll = random.next();
  let posture: Posture = 'bad';
  if (roll < 0.4) posture = 'hardened';
  else if (roll < 0.92) posture = 'none';
  const containers = [container(random, app, team, posture)];
  if (random.chance(0.25))
    containers.push(container(random, 'proxy', team, posture));
  if (random.chance(0.05))
    containers.push(container(random, 'log-shipper', team, posture));
  const spec: any = {
    containers,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    volumes: [
      {
        name: 'config',
        configMap: { name: `${app}-config`, defaultMode: 420 },
      },
      { name: 'tmp', emptyDir: {} },
    ],
  };
  if (random.chance(0.5)) spec.serviceAccountName = app;
  if (posture === 'hardened') {
    spec.securityContext = {
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    spec.automountServiceAccountToken = false;
  }
  if (posture === 'bad' && random.chance(0.3)) {
    spec.volumes.push({
      name: 'host',
      hostPath: {
        path: random.pick(['/var/run/docker.sock', '/var/log', '/etc']),
      },
    });
  }
  if (random.chance(0.2)) {
    spec.initContainers = [
      {
        ...container(random, 'migrate', team, posture),
        livenessProbe: undefined,
        readinessProbe: undefined,
      },
    ];
  }
  const labels: Record<string, string> = {
    app,
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': team,
    ...extraLabels,
  };
  if (random.chance(0.5)) labels['backstage.io/kubernetes-id'] = app;
  return { labels, spec };
}

/** A pod as the API returns it: the template plus identity, placement and status. */
function pod(
  random: Random,
  name: string,
  namespace: string,
  template: Template,
  owner: { kind: string; name: string; uid: string } | undefined,
  node: string,
  extraLabels: Record<string, string> = {},
): KubeObject {
  const spec = JSON.parse(JSON.stringify(template.spec));
  spec.nodeName = node;
  spec.serviceAccountName ??= 'default';
  const started = timestamp(random);
  const podIp = `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(
    1,
    254,
  )}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: uid(random),
      resourceVersion: String(random.int(1000000, 99999999)),
      creationTimestamp: started,
      labels: { ...template.labels, ...extraLabels },
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: owner.kind,
                name: owner.name,
                uid: owner.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec,
    status: {
      phase: 'Running',
      hostIP: `10.0.${random.int(0, 63)}.${random.int(1, 254)}`,
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: started,
      qosClass: 'Burstable',
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(type => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: started,
      })),
      containerStatuses: spec.containers.map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image.split(/[:@]/)[0]}@sha256:${random.hex(64)}`,
        containerID: `containerd://${random.hex(64)}`,
        ready: true,
        started: true,
        restartCount: random.chance(0.1) ? random.int(1, 20) : 0,
        state: { running: { startedAt: started } },
      })),
    },
  };
}

export function generateSnapshot(options: SyntheticOptions): Snapshot {
  const random = createRandom(options.seed ?? 42);
  const objects: KubeObject[] = [];
  const add = (object: KubeObject) => objects.push(object);
  let podsLeft = options.pods;

  // Nodes, about 30 pods each, over three zones.
  const nodeCount = Math.max(3, Math.round(options.pods / 30));
  const nodes: string[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const name = `ip-10-0-${Math.floor(i / 250)}-${
      i % 250
    }.eu-west-1.compute.internal`;
    nodes.push(name);
    add({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        uid: uid(random),
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': random.pick([
            'm6i.xlarge',
            'm6i.2xlarge',
            'c6i.2xlarge',
          ]),
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': ZONES[i % 3],
          'eks.amazonaws.com/nodegroup': `ng-${i % 4}`,
        },
      },
      spec: { providerID: `aws:///${ZONES[i % 3]}/i-${random.hex(17)}` },
      status: {
        addresses: [
          {
            type: 'InternalIP',
            address: `10.0.${Math.floor(i / 250)}.${i % 250}`,
          },
          ...(i % 20 === 0
            ? [
                {
                  type: 'ExternalIP',
                  address: `34.${random.int(0, 255)}.${random.int(
                    0,
                    255,
                  )}.${random.int(1, 254)}`,
                },
              ]
            : []),
          { type: 'Hostname', address: name },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.30.4-eks-a737599',
          containerRuntimeVersion: 'containerd://1.7.22',
          osImage: 'Amazon Linux 2023',
        },
        capacity: { cpu: '4', memory: '16091456Ki', pods: '58' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  }
  const nodeFor = (i: number) => nodes[i % nodes.length];

  // Namespaces: system ones plus about 50 application namespaces per 10k pods.
  const systemNamespaces = [
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'logging',
    'monitoring',
    'gatekeeper-system',
  ];
  const appNamespaceCount = Math.max(4, Math.round(options.pods / 200));
  const appNamespaces: string[] = [];
  for (let i = 0; i < appNamespaceCount; i++) {
    appNamespaces.push(
      `${TEAMS[i % TEAMS.length]}-${Math.floor(i / TEAMS.length)}`,
    );
  }
  appNamespaces.forEach((name, i) => {
    const labels: Record<string, string> = {
      'kubernetes.io/metadata.name': name,
      team: name.split('-')[0],
    };
    if (i % 3 !== 0)
      labels['pod-security.kubernetes.io/enforce'] =
        i % 3 === 1 ? 'baseline' : 'restricted';
    add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, uid: uid(random), labels },
    });
  });
  for (const name of systemNamespaces) {
    add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uid(random),
        labels: { 'kubernetes.io/metadata.name': name },
      },
    });
  }

  // System DaemonSets: one pod per node each.
  const daemonSets = [
    {
      name: 'kube-proxy',
      ns: 'kube-system',
      image:
        '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.3-eksbuild.5',
      privileged: true,
    },
    {
      name: 'aws-node',
      ns: 'kube-system',
      image:
        '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.3-eksbuild.3',
      privileged: false,
    },
    {
      name: 'fluent-bit',
      ns: 'logging',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
      privileged: false,
    },
    {
      name: 'node-exporter',
      ns: 'monitoring',
      image: 'quay.io/prometheus/node-exporter:v1.8.1',
      privileged: false,
    },
  ];
  for (const ds of daemonSets) {
    const dsUid = uid(random);
    const template: Template = {
      labels: { 'k8s-app': ds.name },
      spec: {
        hostNetwork: true,
        serviceAccountName: ds.name,
        containers: [
          {
            name: ds.name,
            image: ds.image,
            securityContext: ds.privileged
              ? { privileged: true }
              : { capabilities: { add: ['NET_ADMIN'] } },
            resources: { requests: { cpu: '25m', memory: '64Mi' } },
            volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }],
          },
        ],
        volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
        tolerations: [{ operator: 'Exists' }],
      },
    };
    add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: ds.name,
        namespace: ds.ns,
        uid: dsUid,
        labels: { 'k8s-app': ds.name },
      },
      spec: {
        selector: { matchLabels: template.labels },
        template: {
          metadata: { labels: template.labels },
          spec: template.spec,
        },
      },
      status: { desiredNumberScheduled: nodeCount, numberReady: nodeCount },
    });
    add({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: ds.name, namespace: ds.ns, uid: uid(random) },
    });
    for (let n = 0; n < nodeCount && podsLeft > 0; n++, podsLeft--) {
      add(
        pod(
          random,
          `${ds.name}-${random.hex(5)}`,
          ds.ns,
          template,
          { kind: 'DaemonSet', name: ds.name, uid: dsUid },
          nodes[n],
        ),
      );
    }
  }

  // Application workloads until the pod budget is spent.
  let podIndex = 0;
  let serial = 0;
  const deploymentsByNamespace = new Map<string, string[]>();
  while (podsLeft > 0) {
    const namespace = appNamespaces[serial % appNamespaces.length];
    const team = namespace.split('-')[0];
    const app = `${random.pick(APP_WORDS)}-${serial}`;
    serial++;
    const roll = random.next();

    if (roll < 0.86) {
      // Deployment -> current ReplicaSet (+ an old one scaled to zero) -> pods.
      const replicas = Math.min(
        podsLeft,
        random.pick([1, 2, 2, 3, 3, 3, 4, 5, 6, 8]),
      );
      const template = podTemplate(random, app, team);
      const depUid = uid(random);
      add({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: app,
          namespace,
          uid: depUid,
          labels: template.labels,
          annotations: { 'deployment.kubernetes.io/revision': '3' },
        },
        spec: {
          replicas,
          selector: { matchLabels: { app } },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
          },
          template: {
            metadata: { labels: template.labels },
            spec: template.spec,
          },
        },
        status: {
          replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          observedGeneration: 3,
        },
      });
      const hashes = [
        random.hex(10),
        ...(random.chance(0.7) ? [random.hex(10)] : []),
      ];
      for (const [h, hash] of hashes.entries()) {
        const rsName = `${app}-${hash}`;
        const rsUid = uid(random);
        const rsReplicas = h === 0 ? replicas : 0;
        const rsLabels = { ...template.labels, 'pod-template-hash': hash };
        add({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: rsName,
            namespace,
            uid: rsUid,
            labels: rsLabels,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: app,
                uid: depUid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            replicas: rsReplicas,
            selector: { matchLabels: { app, 'pod-template-hash': hash } },
            template: { metadata: { labels: rsLabels }, spec: template.spec },
          },
          status: { replicas: rsReplicas, readyReplicas: rsReplicas },
        });
        for (let r = 0; r < rsReplicas; r++) {
          add(
            pod(
              random,
              `${rsName}-${random.hex(5)}`,
              namespace,
              template,
              { kind: 'ReplicaSet', name: rsName, uid: rsUid },
              nodeFor(podIndex++),
              { 'pod-template-hash': hash },
            ),
          );
        }
      }
      podsLeft -= replicas;
      const list = deploymentsByNamespace.get(namespace) ?? [];
      list.push(app);
      deploymentsByNamespace.set(namespace, list);
      if (template.spec.serviceAccountName) {
        add({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: app, namespace, uid: uid(random) },
        });
      }

      // About one Service per Deployment; some reach the internet.
      if (random.chance(0.9)) {
        const typeRoll = random.next();
        let type = 'ClusterIP';
        if (typeRoll < 0.08) type = 'LoadBalancer';
        else if (typeRoll < 0.15) type = 'NodePort';
        add({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: app,
            namespace,
            uid: uid(random),
            labels: { app },
            ...(type === 'LoadBalancer' && random.chance(0.4)
              ? {
                  annotations: {
                    'service.beta.kubernetes.io/aws-load-balancer-scheme':
                      'internal',
                  },
                }
              : {}),
          },
          spec: {
            type,
            selector: { app },
            ports: [
              {
                name: 'http',
                port: 80,
                targetPort: 8080,
                protocol: 'TCP',
                ...(type === 'NodePort'
                  ? { nodePort: random.int(30000, 32767) }
                  : {}),
              },
            ],
            clusterIP: `172.20.${random.int(0, 255)}.${random.int(1, 254)}`,
          },
        });
        if (random.chance(0.2)) {
          add({
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            metadata: {
              name: app,
              namespace,
              uid: uid(random),
              annotations: {
                'alb.ingress.kubernetes.io/scheme': 'internet-facing',
              },
            },
            spec: {
              ingressClassName: 'alb',
              rules: [
                {
                  host: `${app}.${team}.example.com`,
                  http: {
                    paths: [
                      {
                        path: '/',
                        pathType: 'Prefix',
                        backend: {
                          service: { name: app, port: { number: 80 } },
                        },
                      },
                    ],
                  },
                },
              ],
            },
          });
        }
      }
    } else if (roll < 0.91) {
      // StatefulSet data store with its headless Service.
      const store = random.pick(DATASTORES);
      const name = `${store.name}-${serial}`;
      const replicas = Math.min(podsLeft, 3);
      const template = podTemplate(random, name, team);
      template.spec.containers[0].image = store.image;
      template.spec.containers[0].ports = [
        { containerPort: store.port, name: 'data' },
      ];
      const stsUid = uid(random);
      add({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name, namespace, uid: stsUid, labels: template.labels },
        spec: {
          replicas,
          serviceName: name,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: template.labels },
            spec: template.spec,
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '50Gi' } },
              },
            },
          ],
        },
        status: { replicas, readyReplicas: replicas },
      });
      add({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace, uid: uid(random) },
        spec: {
          clusterIP: 'None',
          selector: { app: name },
          ports: [{ port: store.port, name: 'data' }],
        },
      });
      for (let r = 0; r < replicas; r++) {
        add(
          pod(
            random,
            `${name}-${r}`,
            namespace,
            template,
            { kind: 'StatefulSet', name, uid: stsUid },
            nodeFor(podIndex++),
          ),
        );
      }
      podsLeft -= replicas;
    } else if (roll < 0.98) {
      // CronJob -> Job -> pod (the last run, kept for its logs).
      const template = podTemplate(random, app, team);
      template.spec.restartPolicy = 'OnFailure';
      const cronUid = uid(random);
      add({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: app, namespace, uid: cronUid },
        spec: {
          schedule: '*/15 * * * *',
          jobTemplate: {
            spec: {
              template: {
                metadata: { labels: template.labels },
                spec: template.spec,
              },
            },
          },
        },
      });
      const jobName = `${app}-${random.int(28000000, 29000000)}`;
      const jobUid = uid(random);
      add({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: jobName,
          namespace,
          uid: jobUid,
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: app,
              uid: cronUid,
              controller: true,
            },
          ],
        },
        spec: {
          template: {
            metadata: { labels: template.labels },
            spec: template.spec,
          },
        },
        status: { succeeded: 1 },
      });
      add(
        pod(
          random,
          `${jobName}-${random.hex(5)}`,
          namespace,
          template,
          { kind: 'Job', name: jobName, uid: jobUid },
          nodeFor(podIndex++),
        ),
      );
      podsLeft -= 1;
    } else {
      // A bare pod someone started by hand.
      const template = podTemplate(random, app, team);
      add(
        pod(random, app, namespace, template, undefined, nodeFor(podIndex++)),
      );
      podsLeft -= 1;
    }
  }

  // NetworkPolicies in half of the namespaces: default deny, DNS egress, one allow per app.
  appNamespaces.forEach((namespace, i) => {
    if (i % 2 === 1) return;
    add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace, uid: uid(random) },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace, uid: uid(random) },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                },
              },
            ],
            ports: [{ port: 53, protocol: 'UDP' }],
          },
        ],
      },
    });
    for (const app of deploymentsByNamespace.get(namespace) ?? []) {
      add({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `allow-${app}`, namespace, uid: uid(random) },
        spec: {
          podSelector: { matchLabels: { app } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                {
                  podSelector: {
                    matchLabels: {
                      'app.kubernetes.io/part-of': namespace.split('-')[0],
                    },
                  },
                },
              ],
              ports: [{ port: 8080 }],
            },
          ],
        },
      });
    }
  });

  // Namespaced RBAC: default service account, a developer and a CI Role with bindings.
  for (const namespace of [...appNamespaces, ...systemNamespaces]) {
    add({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace, uid: uid(random) },
    });
  }
  appNamespaces.forEach((namespace, i) => {
    const team = namespace.split('-')[0];
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'developer', namespace, uid: uid(random) },
      rules: [
        {
          apiGroups: ['', 'apps'],
          resources: [
            'pods',
            'pods/log',
            'deployments',
            'services',
            'configmaps',
          ],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          verbs: ['patch', 'update'],
        },
      ],
    });
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'deployer', namespace, uid: uid(random) },
      rules:
        i % 10 === 0
          ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
          : [
              {
                apiGroups: ['', 'apps', 'networking.k8s.io'],
                resources: [
                  'deployments',
                  'services',
                  'ingresses',
                  'configmaps',
                  'secrets',
                ],
                verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
              },
            ],
    });
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'developers', namespace, uid: uid(random) },
      subjects: [
        {
          kind: 'Group',
          name: `${team}-developers`,
          apiGroup: 'rbac.authorization.k8s.io',
        },
      ],
      roleRef: {
        kind: 'Role',
        name: 'developer',
        apiGroup: 'rbac.authorization.k8s.io',
      },
    });
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'deployer', namespace, uid: uid(random) },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace }],
      roleRef:
        i % 7 === 0
          ? {
              kind: 'ClusterRole',
              name: 'edit',
              apiGroup: 'rbac.authorization.k8s.io',
            }
          : {
              kind: 'Role',
              name: 'deployer',
              apiGroup: 'rbac.authorization.k8s.io',
            },
    });
  });

  // Cluster RBAC as managed clusters ship it, plus a few home-made grants.
  const builtin = ['cluster-admin', 'admin', 'edit', 'view'];
  for (const name of builtin) {
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, uid: uid(random) },
      rules:
        name === 'cluster-admin'
          ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
          : [
              {
                apiGroups: ['', 'apps'],
                resources: ['pods', 'deployments', 'services', 'secrets'],
                verbs:
                  name === 'view'
                    ? ['get', 'list']
                    : ['get', 'list', 'create', 'update', 'delete'],
              },
            ],
    });
  }
  for (let i = 0; i < 70; i++) {
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: `system:controller:component-${i}`,
        uid: uid(random),
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      },
      rules: [
        {
          apiGroups: [''],
          resources: ['pods', 'nodes', 'events'],
          verbs: ['get', 'list', 'watch', 'create', 'patch'],
        },
      ],
    });
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `system:controller:component-${i}`, uid: uid(random) },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: `component-${i}`,
          namespace: 'kube-system',
        },
      ],
      roleRef: {
        kind: 'ClusterRole',
        name: `system:controller:component-${i}`,
        apiGroup: 'rbac.authorization.k8s.io',
      },
    });
  }
  const customClusterRoles = Math.max(3, Math.round(appNamespaceCount / 5));
  for (let i = 0; i < customClusterRoles; i++) {
    const name = `${TEAMS[i % TEAMS.length]}-operator-${i}`;
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, uid: uid(random) },
      rules: [
        {
          apiGroups: [''],
          resources: i % 4 === 0 ? ['secrets', 'configmaps'] : ['configmaps'],
          verbs: ['get', 'list', 'watch'],
        },
        ...(i % 6 === 0
          ? [
              {
                apiGroups: ['rbac.authorization.k8s.io'],
                resources: ['rolebindings'],
                verbs: ['create', 'bind'],
              },
            ]
          : []),
      ],
    });
    add({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, uid: uid(random) },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'default',
          namespace: appNamespaces[i % appNamespaces.length],
        },
      ],
      roleRef: {
        kind: 'ClusterRole',
        name,
        apiGroup: 'rbac.authorization.k8s.io',
      },
    });
  }

  // Admission webhooks (Gatekeeper) and a few CRDs.
  add({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: 'gatekeeper-validating-webhook-configuration',
      uid: uid(random),
    },
    webhooks: [
      {
        name: 'validation.gatekeeper.sh',
        clientConfig: {
          service: {
            name: 'gatekeeper-webhook-service',
            namespace: 'gatekeeper-system',
          },
        },
        failurePolicy: 'Ignore',
      },
    ],
  });
  for (const crd of [
    'constrainttemplates.templates.gatekeeper.sh',
    'configs.config.gatekeeper.sh',
    'servicemonitors.monitoring.coreos.com',
    'certificates.cert-manager.io',
    'eniconfigs.crd.k8s.amazonaws.com',
  ]) {
    add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crd, uid: uid(random) },
    });
  }

  return {
    cluster: `synthetic-${options.pods}`,
    provider: 'eks',
    collectedAt: '2025-11-01T00:00:00Z',
    scope: 'cluster',
    objects,
    cloud: {
      provider: 'eks',
      cluster: {
        name: `synthetic-${options.pods}`,
        arn: `arn:aws:eks:eu-west-1:123456789012:cluster/synthetic-${options.pods}`,
        version: '1.30',
        resourcesVpcConfig: {
          endpointPublicAccess: true,
          endpointPrivateAccess: true,
          publicAccessCidrs: ['0.0.0.0/0'],
          vpcId: 'vpc-0abc',
        },
        logging: {
          clusterLogging: [
            { types: ['api', 'audit', 'authenticator'], enabled: true },
          ],
        },
        identity: {
          oidc: {
            issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
          },
        },
        encryptionConfig: [
          {
            resources: ['secrets'],
            provider: { keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
          },
        ],
      },
      nodegroups: [0, 1, 2, 3].map(i => ({
        nodegroupName: `ng-${i}`,
        nodeRole: `arn:aws:iam::123456789012:role/eks-node-ng-${i}`,
      })),
      addons: [
        {
          addonName: 'vpc-cni',
          configurationValues: '{"enableNetworkPolicy":"true"}',
        },
      ],
    },
  };
}

/**
 * What a collector could leave out without changing any verdict (the `--slim` experiment):
 * `status` of everything but Nodes (only node addresses are read), and the bodies of pods
 * whose controller is in the snapshot (they are folded into it and never judged), kept as
 * metadata stubs so that the owner chain stays intact.
 */
export function slimSnapshot(snapshot: Snapshot): Snapshot {
  const present = new Set(
    snapshot.objects.map(
      o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    ),
  );
  const objects = snapshot.objects.map(object => {
    const { status: _status, ...rest } = object;
    if (object.kind === 'Node') return object;
    const owner = object.metadata.ownerReferences?.find(o => o.controller);
    const folded =
      object.kind === 'Pod' &&
      owner !== undefined &&
      present.has(
        `${owner.kind}/${object.metadata.namespace ?? ''}/${owner.name}`,
      );
    if (!folded) return rest;
    const { name, namespace, labels, ownerReferences } = object.metadata;
    return {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: { name, namespace, labels, ownerReferences },
    };
  });
  return { ...snapshot, objects };
}

/** Kind -> count, for the report. */
export function countKinds(snapshot: Snapshot): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of snapshot.objects)
    counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return counts;
}
