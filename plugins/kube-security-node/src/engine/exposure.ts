import type { KubeObject } from '../snapshot/types';
import type { Workload } from './SnapshotIndex';
import { keepShape } from '../util/keepShape';
import { dataStoreOfContainer } from './datastore';
import { mapSelectorMatches } from './selectors';

/**
 * Annotations that make a LoadBalancer Service internal to the VPC / VNet on EKS, GKE and
 * AKS: such a Service is not reachable from the internet.
 */
const INTERNAL_LB_ANNOTATIONS: Array<[string, (value: string) => boolean]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', v => v !== 'false'],
  [
    'service.beta.kubernetes.io/aws-load-balancer-scheme',
    v => v === 'internal',
  ],
  ['networking.gke.io/load-balancer-type', v => v.toLowerCase() === 'internal'],
  ['cloud.google.com/load-balancer-type', v => v.toLowerCase() === 'internal'],
  [
    'service.beta.kubernetes.io/azure-load-balancer-internal',
    v => v === 'true',
  ],
];

/** Gateway API route kinds whose backendRefs point to Services. */
const ROUTE_KINDS = [
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
];

function isInternalLoadBalancer(service: KubeObject): boolean {
  const annotations = service.metadata.annotations ?? {};
  return INTERNAL_LB_ANNOTATIONS.some(([key, isInternal]) => {
    const value = annotations[key];
    return typeof value === 'string' && isInternal(value);
  });
}

/**
 * Finds the workloads that Services select without comparing every Service with every
 * workload: workloads are indexed by namespace and by each `key=value` label, and a
 * Service's candidates are those of its rarest selector pair.
 */
export class WorkloadLabelIndex {
  /** namespace → label key → label value → workloads, without a key string per pair. */
  private readonly byPair = new Map<
    string,
    Map<string, Map<string, Workload[]>>
  >();

  constructor(workloads: Workload[]) {
    for (let w = 0; w < workloads.length; w++) {
      const workload = workloads[w];
      let keys = this.byPair.get(workload.namespace);
      if (!keys) {
        keys = new Map();
        this.byPair.set(workload.namespace, keys);
      }
      const labels = workload.podLabels;
      for (const key of Object.keys(labels)) {
        let values = keys.get(key);
        if (!values) {
          values = new Map();
          keys.set(key, values);
        }
        const list = values.get(labels[key]);
        if (list) list.push(workload);
        else values.set(labels[key], [workload]);
      }
    }
  }

  selected(namespace: string, selector: Record<string, string>): Workload[] {
    const keys = this.byPair.get(namespace);
    let smallest: Workload[] | undefined;
    for (const key of Object.keys(selector)) {
      const list = keys?.get(key)?.get(String(selector[key]));
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    if (!smallest) return []; // an empty selector: the Service selects no pods
    return smallest.filter(w => mapSelectorMatches(selector, w.podLabels));
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new WorkloadLabelIndex([]));

function serviceKey(namespace: string, name: string) {
  return `${namespace}/${name}`;
}

function addReason(workload: Workload, reason: string) {
  workload.exposure.internet = true;
  const reasons = (workload.exposedThrough ??= []);
  if (!reasons.includes(reason)) reasons.push(reason);
}

/** Service names an Ingress routes to (networking.k8s.io/v1, and the older v1beta1 shape). */
function ingressBackends(ingress: KubeObject): string[] {
  const names: string[] = [];
  const add = (backend: any) => {
    const name = backend?.service?.name ?? backend?.serviceName;
    if (typeof name === 'string') names.push(name);
  };
  add(ingress.spec?.defaultBackend);
  add(ingress.spec?.backend);
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule?.http?.paths ?? []) add(path?.backend);
  }
  return names;
}

/** `{ namespace, name }` of the Services a Gateway API route attached to a Gateway sends to. */
function routeBackends(
  route: KubeObject,
): Array<{ namespace: string; name: string }> {
  const parents = route.spec?.parentRefs;
  if (!Array.isArray(parents) || parents.length === 0) return [];
  const namespace = route.metadata.namespace ?? 'default';
  const backends: Array<{ namespace: string; name: string }> = [];
  for (const rule of route.spec?.rules ?? []) {
    for (const ref of rule?.backendRefs ?? []) {
      const isService =
        (ref?.kind ?? 'Service') === 'Service' && (ref?.group ?? '') === '';
      if (isService && typeof ref?.name === 'string') {
        backends.push({
          namespace: ref.namespace ?? namespace,
          name: ref.name,
        });
      }
    }
  }
  return backends;
}

/**
 * Fills in `exposure`, `services`, `exposedThrough` and `dataStoreKind` of every workload.
 * Linear in Services + Ingresses + routes + workloads (plus the matches themselves).
 */
export function computeExposure(
  workloads: Workload[],
  ofKind: (kind: string) => KubeObject[],
): void {
  const labelIndex = new WorkloadLabelIndex(workloads);
  const selectedBy = new Map<string, Workload[]>();

  const services = ofKind('Service');
  for (let s = 0; s < services.length; s++) {
    const service = services[s];
    const selector = service.spec?.selector;
    if (!selector || typeof selector !== 'object') continue;
    const namespace = service.metadata.namespace ?? 'default';
    const selected = labelIndex.selected(namespace, selector);
    selectedBy.set(serviceKey(namespace, service.metadata.name), selected);
    for (const workload of selected) {
      workload.services.push(service.metadata.name);
    }
    const type = service.spec?.type;
    const public_ =
      type === 'NodePort' ||
      (type === 'LoadBalancer' && !isInternalLoadBalancer(service));
    if (public_) {
      for (const workload of selected) {
        addReason(workload, `Service '${service.metadata.name}' (${type})`);
      }
    }
  }

  for (const ingress of ofKind('Ingress')) {
    const namespace = ingress.metadata.namespace ?? 'default';
    for (const name of ingressBackends(ingress)) {
      for (const workload of selectedBy.get(serviceKey(namespace, name)) ??
        []) {
        addReason(workload, `Ingress '${ingress.metadata.name}'`);
      }
    }
  }

  for (const kind of ROUTE_KINDS) {
    for (const route of ofKind(kind)) {
      for (const backend of routeBackends(route)) {
        for (const workload of selectedBy.get(
          serviceKey(backend.namespace, backend.name),
        ) ?? []) {
          addReason(workload, `${kind} '${route.metadata.name}'`);
        }
      }
    }
  }

  for (let w = 0; w < workloads.length; w++) {
    const workload = workloads[w];
    // Most lists hold one name or none, which sorting (it allocates) would leave as they are.
    if (workload.services.length > 1) workload.services.sort();
    if (workload.exposedThrough && workload.exposedThrough.length > 1) {
      workload.exposedThrough.sort();
    }
    const containers = Array.isArray(workload.podSpec?.containers)
      ? workload.podSpec.containers
      : [];
    for (const container of containers) {
      const store = dataStoreOfContainer(container);
      if (store) {
        workload.exposure.dataStore = true;
        workload.dataStoreKind = store;
        break;
      }
    }
  }
}
