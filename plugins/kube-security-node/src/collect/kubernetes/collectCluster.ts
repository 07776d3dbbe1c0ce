import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  projectObject,
  stubFoldedWorkloads,
  WorkloadFolder,
} from '../../snapshot/project';
import type { KubeObject } from '../../snapshot/types';
import type { CollectorContribution } from '../types';
import type { ResolvedKubeConfig } from './config';
import { KubernetesCollectError } from './errors';
import {
  apiVersionOf,
  COLLECTED_KINDS,
  gatekeeperConstraintKinds,
  listPathOf,
  type CollectedKind,
} from './kinds';
import { sanitizeListItem } from './sanitize';
import {
  KubernetesApiTransport,
  statusMessage,
  type KubernetesRequestOptions,
} from './transport';

/** What a live-API collection returns: always a whole-cluster scope. */
export interface KubernetesContribution extends CollectorContribution {
  objects: KubeObject[];
  scope: 'cluster';
  unreadable: Array<{ kind: string; reason: string }>;
  notes: string[];
}

export interface CollectClusterArgs {
  /** The cluster's name, for messages. */
  cluster: string;
  config: ResolvedKubeConfig;
  options?: KubernetesRequestOptions;
  logger?: LoggerService;
  signal?: AbortSignal;
  /** Defaults to {@link COLLECTED_KINDS}. */
  kinds?: readonly CollectedKind[];
  /**
   * Keep every object as the API sent it (only managed fields and the like dropped),
   * instead of the fields the checks read with folded pods as stubs. For comparisons.
   */
  full?: boolean;
}

/** Reduces list items as they arrive (see snapshot/project). */
interface Reducer {
  item(object: KubeObject): KubeObject;
  /** A kind's objects, once the kind is complete: controllers for the kinds after it. */
  listed(objects: readonly KubeObject[]): void;
}

const KEEP_ALL: Reducer = { item: object => object, listed: () => {} };

function projectingReducer(): Reducer {
  const folder = new WorkloadFolder();
  return {
    item: object => folder.reduce(projectObject(object)),
    listed: objects => objects.forEach(object => folder.note(object)),
  };
}

/**
 * Deployments and ReplicaSets just before Pods: most pods belong to a ReplicaSet and most
 * ReplicaSets to a Deployment, and an object whose controller is already listed is a stub
 * from the moment its page is read. The other kinds keep their order; objects whose
 * controller is listed later are reduced at the end.
 */
function controllersBeforePods(
  kinds: readonly CollectedKind[],
): CollectedKind[] {
  const early = ['Deployment', 'ReplicaSet'];
  const rest = kinds.filter(kind => !early.includes(kind.kind));
  const pod = rest.findIndex(kind => kind.kind === 'Pod');
  if (pod === -1) return [...kinds];
  const moved = early.flatMap(name => kinds.filter(kind => kind.kind === name));
  rest.splice(pod, 0, ...moved);
  return rest;
}

type KindOutcome =
  | { type: 'listed'; restarted: boolean }
  | { type: 'unreadable'; reason: string; notServed?: boolean };

/**
 * Lists every collected kind cluster-wide, one kind after the other (gentle on the API
 * server), appending each page's items to one array as it arrives.
 *
 * A 403 or a 404 makes a kind unreadable and the scan partial; a 401 and anything still
 * failing after the retries throw, so that the caller keeps its last good findings.
 */
export async function collectCluster(
  args: CollectClusterArgs,
): Promise<KubernetesContribution> {
  const transport = new KubernetesApiTransport({
    config: args.config,
    cluster: args.cluster,
    options: args.options,
    logger: args.logger,
    signal: args.signal,
  });
  const objects: KubeObject[] = [];
  const unreadable: Array<{ kind: string; reason: string }> = [];
  const restarted: string[] = [];
  const reducer = args.full ? KEEP_ALL : projectingReducer();
  const kinds = args.full
    ? [...(args.kinds ?? COLLECTED_KINDS)]
    : controllersBeforePods(args.kinds ?? COLLECTED_KINDS);
  let notServed = 0;

  try {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[k];
      const start = objects.length;
      let outcome = await listKind(transport, kind, objects, args, reducer);
      // An older API server may serve the kind only at an earlier version.
      for (const version of kind.fallbackVersions ?? []) {
        if (outcome.type !== 'unreadable' || !outcome.notServed) break;
        outcome = await listKind(
          transport,
          { ...kind, version },
          objects,
          args,
          reducer,
        );
      }
      if (outcome.type === 'unreadable') {
        // An optional kind that is not served has no objects: nothing was missed.
        if (kind.optional && outcome.notServed) notServed++;
        else unreadable.push({ kind: kind.kind, reason: outcome.reason });
      } else {
        reducer.listed(objects.slice(start));
        if (outcome.restarted) restarted.push(kind.plural);
      }
      if (
        kind.kind === 'CustomResourceDefinition' &&
        outcome.type === 'listed'
      ) {
        kinds.push(...gatekeeperConstraintKinds(objects));
      }
    }
  } finally {
    await transport.close();
  }
  // Objects whose controller was listed after them (Pods come before their ReplicaSets).
  if (!args.full) stubFoldedWorkloads(objects);

  const notes = [
    `Read ${objects.length} ${objects.length === 1 ? 'object' : 'objects'} of ${
      kinds.length - unreadable.length - notServed
    } kinds from ${args.config.server} (context ${args.config.context}) in ${
      transport.requestCount
    } requests.`,
  ];
  if (restarted.length) {
    notes.push(
      `The paged lists of ${restarted.join(
        ', ',
      )} expired while being read and were read again from the start.`,
    );
  }
  return { objects, scope: 'cluster', unreadable, notes };
}

/**
 * Appends every item of one kind to `objects`. On an unreadable kind, or when the API
 * expires the continue token (410) and the list starts over, the items this kind already
 * appended are dropped again, so a kind is either complete or absent.
 */
async function listKind(
  transport: KubernetesApiTransport,
  kind: CollectedKind,
  objects: KubeObject[],
  args: CollectClusterArgs,
  reducer: Reducer,
): Promise<KindOutcome> {
  const start = objects.length;
  const path = listPathOf(kind);
  const what = { kind: kind.kind, description: kind.plural };
  let restarted = false;
  let continueToken: string | undefined;

  for (;;) {
    const response = await transport.get(
      path,
      { limit: String(transport.pageSize), continue: continueToken },
      what,
    );

    if (response.status === 410 && continueToken && !restarted) {
      objects.length = start;
      restarted = true;
      continueToken = undefined;
      continue;
    }
    if (response.status === 401) {
      throw new KubernetesCollectError({
        code: 'authentication',
        cluster: args.cluster,
        kind: kind.kind,
        status: 401,
        message: `authentication failed for cluster ${args.cluster}: ${args.config.credentials}`,
      });
    }
    if (response.status === 403 || response.status === 404) {
      objects.length = start;
      return {
        type: 'unreadable',
        notServed: response.status === 404,
        reason:
          response.status === 403
            ? `forbidden: ${args.config.principal} cannot list ${kind.plural}`
            : `not served: the API server does not serve ${apiVersionOf(
                kind,
              )} ${kind.plural}`,
      };
    }
    if (response.status < 200 || response.status > 299) {
      const message = statusMessage(response.text);
      throw new KubernetesCollectError({
        code: 'api',
        cluster: args.cluster,
        kind: kind.kind,
        status: response.status,
        message: `cluster ${args.cluster}: listing ${
          kind.plural
        } failed with HTTP ${response.status}${message ? ` (${message})` : ''}`,
      });
    }

    const page = parsePage(response.text);
    if (!page) {
      throw new KubernetesCollectError({
        code: 'api',
        cluster: args.cluster,
        kind: kind.kind,
        status: response.status,
        message: `cluster ${args.cluster}: listing ${kind.plural} returned something that is not a Kubernetes list`,
      });
    }
    for (const item of page.items) {
      const object = sanitizeListItem(item, kind);
      if (object) objects.push(reducer.item(object));
    }
    continueToken = page.continueToken;
    if (!continueToken) return { type: 'listed', restarted };
  }
}

function parsePage(
  text: string,
): { items: unknown[]; continueToken?: string } | undefined {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  // The API sends `items: null` for an empty list.
  const items = body.items ?? [];
  if (!Array.isArray(items)) return undefined;
  const token = body.metadata?.continue;
  return {
    items,
    continueToken: typeof token === 'string' && token ? token : undefined,
  };
}
